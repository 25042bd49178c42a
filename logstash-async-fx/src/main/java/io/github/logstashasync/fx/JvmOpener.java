package io.github.logstashasync.fx;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Opens a JVM window from another window: asks which JVM, connects off the JavaFX thread, shows the window. */
final class JvmOpener {

    private JvmOpener() {
    }

    /**
     * Asks with a {@link JvmPicker} owned by {@code owner}, then opens the JVM chosen in a window of its own;
     * {@code info} and {@code error} (called on the JavaFX thread) tell the owner's status line how it went.
     */
    static void pickAndOpen(Window owner, MonitorSettings settings, Consumer<String> info, Consumer<String> error) {
        Optional<JvmTarget> target = new JvmPicker(owner, settings.localJvms()).showAndWait();
        if (target.isEmpty()) {
            return;
        }
        info.accept("connecting to " + target.get() + "…");
        open(target.get(), settings, window -> info.accept("opened " + target.get()), error);
    }

    /**
     * Connects to {@code target} on a thread of its own, then shows its window; {@code opened} or {@code failed}
     * runs on the JavaFX thread. The connection counts as an open window meanwhile, so that the monitor does not
     * end while it is made.
     */
    static void open(JvmTarget target, MonitorSettings settings, Consumer<JvmWindow> opened, Consumer<String> failed) {
        Runnable release = OpenWindows.hold();
        Thread thread = new Thread(() -> {
            JvmConnection connection;
            try {
                connection = JvmConnection.open(target);
            } catch (IOException | RuntimeException e) {
                Platform.runLater(() -> {
                    try {
                        failed.accept(e instanceof IOException ? e.getMessage() : JvmConnection.message(e));
                    } finally {
                        release.run();
                    }
                });
                return;
            }
            Platform.runLater(() -> {
                try {
                    opened.accept(JvmWindow.show(new Stage(), connection, settings));
                } catch (RuntimeException | Error e) {
                    connection.close();
                    failed.accept("cannot open the window: " + e);
                } finally {
                    release.run();
                }
            });
        }, "logstash-async-monitor-connect");
        thread.setDaemon(true);
        thread.start();
    }
}
