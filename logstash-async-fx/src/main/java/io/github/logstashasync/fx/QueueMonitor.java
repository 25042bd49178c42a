package io.github.logstashasync.fx;

import io.github.logstashasync.core.internal.queue.QueueException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Opens the desktop monitor of a queue database and waits until its window is closed. The command-line tool's
 * {@code monitor} command and {@link MonitorLauncher} call it; it starts JavaFX itself, so no
 * {@code Application} subclass is involved and it works the same from the module path and the class path.
 */
public final class QueueMonitor {

    private QueueMonitor() {
    }

    /**
     * Opens a window on the queue database {@code db} and blocks until the user closes it.
     *
     * @param db        the database file, ours or python-logstash-async's; never null
     * @param readWrite whether requeue, delete and flush are enabled from the start; the window can switch later.
     *                  Read-only holds no lock that a writing application would wait for.
     * @throws IOException           when {@code db} does not exist or is no queue database; the message says why
     * @throws IllegalStateException when JavaFX cannot open a window (no display)
     * @throws InterruptedException  when the waiting thread is interrupted; the window is closed then
     */
    public static void open(Path db, boolean readWrite) throws IOException, InterruptedException {
        open(db, readWrite, MonitorSettings.defaults());
    }

    static void open(Path db, boolean readWrite, MonitorSettings settings) throws IOException, InterruptedException {
        Objects.requireNonNull(db, "db");
        QueueSource source;
        try {
            source = QueueSource.open(db, readWrite, settings.busyTimeout());
        } catch (QueueException e) {
            throw new IOException(e.getMessage(), e);
        }
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Stage> window = new AtomicReference<>();
        Runnable show = () -> {
            try {
                Stage stage = new Stage();
                window.set(stage);
                stage.setOnHidden(event -> closed.countDown());
                MonitorWindow.show(stage, source, settings);
            } catch (RuntimeException | Error e) {
                source.close();
                closed.countDown();
                throw e;
            }
        };
        boolean started = startToolkit(show, source);
        try {
            closed.await();
        } catch (InterruptedException e) {
            Platform.runLater(() -> {
                Stage stage = window.get();
                if (stage != null) {
                    stage.hide();
                }
            });
            throw e;
        } finally {
            if (started) {
                Platform.exit();
            }
        }
    }

    /**
     * Starts JavaFX and runs {@code show} on its thread; when JavaFX runs already (the caller is a JavaFX
     * application), only runs {@code show}. Returns whether this call started JavaFX (and so must end it).
     */
    private static boolean startToolkit(Runnable show, QueueSource source) {
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
            source.close();
            throw new IllegalStateException("cannot open the monitor window: " + e.getMessage(), e);
        }
    }
}
