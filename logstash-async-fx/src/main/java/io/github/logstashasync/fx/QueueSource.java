package io.github.logstashasync.fx;

import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * The monitor's connections to one queue database and the threads that use them, so the JavaFX thread never
 * waits for SQLite. Readings for the counts go through a read-only inspector of their own, so a slow filtered
 * page or a repair never delays the refresh; pages and repairs go through a second inspector, read-only or
 * read-write as the user chose. Read-only connections to a database in WAL mode hold no lock a writer waits for.
 */
final class QueueSource implements AutoCloseable {

    /** How long a query waits for a lock (only databases in rollback-journal mode, as Python leaves them, have any). */
    static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(2);

    private final Path path;
    private final Duration busyTimeout;
    private final QueueInspector readings;
    private final ExecutorService readingThread = Executors.newSingleThreadExecutor(daemon("logstash-async-monitor-stats"));
    private final ExecutorService workThread = Executors.newSingleThreadExecutor(daemon("logstash-async-monitor-db"));
    /** Written only on the work thread; read elsewhere for its mode. */
    private volatile QueueInspector inspector;

    private QueueSource(Path path, Duration busyTimeout, QueueInspector readings, QueueInspector inspector) {
        this.path = path;
        this.busyTimeout = busyTimeout;
        this.readings = readings;
        this.inspector = inspector;
    }

    /**
     * Opens {@code path}; fails at once, before any window, when it is no queue database.
     *
     * @param readWrite whether the repairs are allowed from the start
     */
    static QueueSource open(Path path, boolean readWrite, Duration busyTimeout) throws QueueException {
        QueueInspector work = readWrite ? QueueInspector.openReadWrite(path, busyTimeout)
                : QueueInspector.openReadOnly(path, busyTimeout);
        try {
            return new QueueSource(work.path(), busyTimeout, QueueInspector.openReadOnly(path, busyTimeout), work);
        } catch (QueueException | RuntimeException e) {
            work.close();
            throw e;
        }
    }

    /** The database file, absolute. */
    Path path() {
        return path;
    }

    /** Whether the repairs are allowed. */
    boolean readOnly() {
        return inspector.readOnly();
    }

    /** The inspector the counts are read with; use it on the reading thread only ({@link #readingExecutor()}). */
    QueueInspector readings() {
        return readings;
    }

    /**
     * The thread the counts are read on. After {@link #close()} it drops what it is given: a periodic reading
     * that JavaFX restarts just as the window closes has nothing left to read and nobody to tell.
     */
    Executor readingExecutor() {
        return task -> {
            try {
                readingThread.execute(task);
            } catch (RejectedExecutionException e) {
                // closed
            }
        };
    }

    /** Runs {@code work} on the work thread with the current inspector, then {@code done} on the JavaFX thread. */
    <T> void submit(InspectorWork<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        run(() -> work.run(inspector), done, failed);
    }

    /**
     * Reopens the work inspector read-write or read-only, then runs {@code done} on the JavaFX thread. Reopening
     * read-write brings a Python-written database up to our schema and switches it to WAL mode.
     */
    void reopen(boolean readWrite, Runnable done, Consumer<Throwable> failed) {
        run(() -> {
            QueueInspector next = readWrite ? QueueInspector.openReadWrite(path, busyTimeout)
                    : QueueInspector.openReadOnly(path, busyTimeout);
            QueueInspector previous = inspector;
            inspector = next;
            previous.close();
            return null;
        }, ignored -> done.run(), failed);
    }

    private <T> void run(Callable<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        try {
            workThread.execute(() -> {
                T result;
                try {
                    result = work.call();
                } catch (Exception | Error e) {
                    Platform.runLater(() -> failed.accept(e));
                    return;
                }
                Platform.runLater(() -> done.accept(result));
            });
        } catch (RejectedExecutionException e) {
            // closed: the window is gone, nobody waits for the answer
        }
    }

    /** Stops the threads and closes both connections, waiting briefly for a query under way. */
    @Override
    public void close() {
        readingThread.shutdownNow();
        workThread.shutdown();
        try {
            readingThread.awaitTermination(2, TimeUnit.SECONDS);
            workThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readings.close();
        inspector.close();
    }

    /** Work done with an inspector on the work thread. */
    @FunctionalInterface
    interface InspectorWork<T> {
        /** Does the work. */
        T run(QueueInspector inspector) throws Exception;
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
