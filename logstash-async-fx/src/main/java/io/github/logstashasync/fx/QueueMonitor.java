package io.github.logstashasync.fx;

import io.github.logstashasync.core.internal.queue.QueueException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;

/**
 * Opens the desktop monitor of a queue database and waits until its window is closed. The command-line tool's
 * {@code monitor} command and {@link MonitorLauncher} call it; it starts JavaFX itself, so no
 * {@code Application} subclass is involved and it works the same from the module path and the class path.
 * The launcher opens a running JVM the same way.
 */
public final class QueueMonitor {

    /** Set once a call ended the JavaFX runtime it had started: JavaFX cannot be started twice in one JVM. */
    private static volatile boolean toolkitEnded;

    private QueueMonitor() {
    }

    /**
     * Opens a window on the queue database {@code db} and blocks until the user closes it, and every window opened
     * from it (a running JVM's).
     *
     * @param db        the database file, ours or python-logstash-async's; never null
     * @param readWrite whether requeue, delete and flush are enabled from the start; the window can switch later.
     *                  Read-only holds no lock that a writing application would wait for.
     * @throws IOException           when {@code db} does not exist or is no queue database; the message says why
     * @throws IllegalStateException when JavaFX cannot open a window (no display), or when an earlier call in this
     *                               JVM started and ended JavaFX (which cannot be started again)
     * @throws InterruptedException  when the waiting thread is interrupted; the window is closed then
     */
    public static void open(Path db, boolean readWrite) throws IOException, InterruptedException {
        open(db, readWrite, MonitorSettings.defaults());
    }

    static void open(Path db, boolean readWrite, MonitorSettings settings) throws IOException, InterruptedException {
        Objects.requireNonNull(db, "db");
        checkToolkit();
        QueueSource source;
        try {
            source = QueueSource.open(db, readWrite, settings.busyTimeout());
        } catch (QueueException e) {
            throw new IOException(e.getMessage(), e);
        }
        showAndWait(stage -> MonitorWindow.show(stage, source, settings), source::close);
    }

    /**
     * Opens a window on the pipelines of the local JVM with process id {@code pid} (Attach API, same user) and
     * blocks until it is closed, and every window opened from it. The JVM is read before any window opens.
     *
     * @throws IllegalArgumentException when {@code pid} is no process id (not positive)
     * @throws IOException              when the JVM cannot be read; the message names it and says why
     * @throws IllegalStateException    as {@link #open(Path, boolean)}
     * @throws InterruptedException     as {@link #open(Path, boolean)}
     */
    public static void openProcess(long pid) throws IOException, InterruptedException {
        openJvm(JvmTarget.parsePid("--pid", Long.toString(pid)), MonitorSettings.defaults());
    }

    /**
     * Opens a window on the pipelines of the JVM whose JMX port {@code hostPort} names ({@code HOST:PORT},
     * {@code [::1]:PORT}) and blocks until it is closed, and every window opened from it.
     *
     * @throws IllegalArgumentException when {@code hostPort} is no {@code HOST:PORT}; the message names {@code --jmx}
     * @throws IOException              when the JVM cannot be read; the message names it and says why
     * @throws IllegalStateException    as {@link #open(Path, boolean)}
     * @throws InterruptedException     as {@link #open(Path, boolean)}
     */
    public static void openJmx(String hostPort) throws IOException, InterruptedException {
        openJvm(JvmTarget.parseJmx("--jmx", Objects.requireNonNull(hostPort, "hostPort")), MonitorSettings.defaults());
    }

    /**
     * Asks which local JVM that runs a pipeline to open (or which process id or JMX port), and blocks until its
     * window is closed; returns at once when the user cancels.
     *
     * @throws IllegalStateException as {@link #open(Path, boolean)}
     * @throws InterruptedException  as {@link #open(Path, boolean)}
     */
    public static void pickJvm() throws InterruptedException {
        pickJvm(MonitorSettings.defaults());
    }

    /**
     * Opens a window on the running JVM {@code target} and blocks until it is closed, and every window opened from
     * it. Connects first, so a JVM that cannot be read fails before any window.
     *
     * @throws IOException when the JVM cannot be read; the message names it and says why
     */
    static void openJvm(JvmTarget target, MonitorSettings settings) throws IOException, InterruptedException {
        checkToolkit();
        JvmConnection connection = JvmConnection.open(target);
        showAndWait(stage -> JvmWindow.show(stage, connection, settings), connection::close);
    }

    /**
     * Asks which local JVM to open (or which process id or JMX port), opens it, and blocks until its window is
     * closed; returns at once when the user cancels. A JVM that cannot be read is said in a dialog, then asked
     * for again.
     */
    static void pickJvm(MonitorSettings settings) throws InterruptedException {
        checkToolkit();
        showAndWait(unused -> pick(settings), () -> { });
    }

    private static void pick(MonitorSettings settings) {
        Optional<JvmTarget> target = new JvmPicker(null, settings.localJvms()).showAndWait();
        target.ifPresent(chosen -> JvmOpener.open(chosen, settings, window -> { }, message -> {
            Alert alert = new Alert(Alert.AlertType.ERROR, message);
            alert.setTitle("JVM monitor");
            alert.setHeaderText("Cannot open " + chosen);
            alert.showAndWait();
            pick(settings);
        }));
    }

    private static void checkToolkit() {
        if (toolkitEnded) {
            throw new IllegalStateException("cannot open the monitor window again: JavaFX, started and ended by an"
                    + " earlier monitor in this JVM, cannot be started twice");
        }
    }

    /**
     * Starts JavaFX unless it runs, has {@code show} fill a new stage on its thread, and waits until no monitor
     * window is open any more (the first, and those opened from it). When {@code show} fails, {@code cleanup}
     * runs and the failure is thrown as an {@link IllegalStateException}.
     */
    private static void showAndWait(Consumer<Stage> show, Runnable cleanup) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable first = () -> {
            Runnable release = OpenWindows.hold();
            Stage stage = null;
            try {
                stage = new Stage();
                show.accept(stage);
            } catch (RuntimeException | Error e) {
                failure.set(e);
                if (stage != null) {
                    stage.hide();
                }
                cleanup.run();
            } finally {
                OpenWindows.whenNoneOpen(closed::countDown);
                release.run();
            }
        };
        boolean started = startToolkit(first, cleanup);
        try {
            closed.await();
            if (failure.get() != null) {
                throw new IllegalStateException("cannot open the monitor window: " + failure.get(), failure.get());
            }
        } catch (InterruptedException e) {
            Platform.runLater(OpenWindows::hideAll);
            throw e;
        } finally {
            if (started) {
                toolkitEnded = true;
                Platform.exit();
            }
        }
    }

    /**
     * Starts JavaFX and runs {@code show} on its thread; when JavaFX runs already (the caller is a JavaFX
     * application), only runs {@code show}. Returns whether this call started JavaFX (and so must end it).
     */
    private static boolean startToolkit(Runnable show, Runnable cleanup) {
        try {
            // The window's closing must not end JavaFX behind the caller's back; we end it ourselves.
            Platform.startup(() -> {
                Platform.setImplicitExit(false);
                show.run();
            });
            return true;
        } catch (IllegalStateException alreadyRunning) {
            Platform.runLater(show);
            return false;
        } catch (RuntimeException | Error e) {
            // Typically UnsupportedOperationException("Unable to open DISPLAY") or no usable graphics pipeline.
            cleanup.run();
            throw new IllegalStateException("cannot open the monitor window: " + e.getMessage(), e);
        }
    }
}
