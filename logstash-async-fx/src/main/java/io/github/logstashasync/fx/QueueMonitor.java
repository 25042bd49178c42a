package io.github.logstashasync.fx;

import io.github.logstashasync.core.internal.queue.QueueException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * Opens the desktop monitor of a queue database and waits until its window is closed. The command-line tool's
 * {@code monitor} command and {@link MonitorLauncher} call it; it starts JavaFX itself, so no
 * {@code Application} subclass is involved and it works the same from the module path and the class path.
 */
public final class QueueMonitor {

    /** Set once a call ended the JavaFX runtime it had started: JavaFX cannot be started twice in one JVM. */
    private static volatile boolean toolkitEnded;

    private QueueMonitor() {
    }

    /**
     * Opens a window on the queue database {@code db} and blocks until the user closes it.
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
        if (toolkitEnded) {
            throw new IllegalStateException("cannot open the monitor window again: JavaFX, started and ended by an"
                    + " earlier monitor in this JVM, cannot be started twice");
        }
        QueueSource source;
        try {
            source = QueueSource.open(db, readWrite, settings.busyTimeout());
        } catch (QueueException e) {
            throw new IOException(e.getMessage(), e);
        }
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Stage> window = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable show = () -> {
            try {
                Stage stage = new Stage();
                window.set(stage);
                stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, event -> closed.countDown());
                MonitorWindow.show(stage, source, settings);
            } catch (RuntimeException | Error e) {
                failure.set(e);
                Stage stage = window.get();
                if (stage != null) {
                    stage.hide();
                }
                source.close();
                closed.countDown();
            }
        };
        boolean started = startToolkit(show, source);
        try {
            closed.await();
            if (failure.get() != null) {
                throw new IllegalStateException("cannot open the monitor window: " + failure.get(), failure.get());
            }
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
                toolkitEnded = true;
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
