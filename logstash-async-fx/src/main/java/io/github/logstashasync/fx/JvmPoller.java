package io.github.logstashasync.fx;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javafx.concurrent.ScheduledService;
import javafx.concurrent.Task;
import javafx.util.Duration;

/**
 * Reads a running JVM's pipelines every period on a thread of its own, so the JavaFX thread never waits for the
 * JVM; the latest reading is the service's {@code lastValue}. A reading that fails does not restart the service:
 * the window decides whether the reading may be tried again ({@link #restart()}). A broken connection fails with
 * {@link Gone}, which says whether the process has ended.
 */
final class JvmPoller extends ScheduledService<JvmReading> {

    /** How long a broken connection waits for the local process to end, to tell an ended JVM from a network problem. */
    private static final java.time.Duration END_PATIENCE = java.time.Duration.ofSeconds(2);

    private final JvmConnection connection;
    private final Clock clock;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread reader = new Thread(runnable, "logstash-async-monitor-jmx");
        reader.setDaemon(true);
        return reader;
    });

    JvmPoller(JvmConnection connection, java.time.Duration period, Clock clock) {
        this.connection = connection;
        this.clock = clock;
        setExecutor(task -> {
            try {
                thread.execute(task);
            } catch (RejectedExecutionException e) {
                // closed: a reading that JavaFX schedules as the window closes has nobody to tell
            }
        });
        setPeriod(Duration.millis(period.toMillis()));
        setRestartOnFailure(false);
    }

    @Override
    protected Task<JvmReading> createTask() {
        return new Task<>() {
            @Override
            protected JvmReading call() throws Exception {
                try {
                    return connection.read(clock);
                } catch (IOException e) {
                    throw new Gone(awaitEnd(), e);
                }
            }
        };
    }

    /**
     * The JVM cannot be read any more: the connection broke.
     */
    static final class Gone extends Exception {

        private static final long serialVersionUID = 1L;

        private final boolean ended;

        Gone(boolean ended, IOException cause) {
            super(cause.getMessage(), cause);
            this.ended = ended;
        }

        /** Whether the process has ended (known for a local process only); otherwise only the connection broke. */
        boolean ended() {
            return ended;
        }
    }

    /**
     * Whether the process ends within a moment: a JVM that shuts down closes its connections before its process
     * is gone.
     */
    private boolean awaitEnd() throws InterruptedException {
        long deadline = System.nanoTime() + END_PATIENCE.toNanos();
        while (!connection.ended()) {
            if (!(connection.target() instanceof JvmTarget.Local) || System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** The connection read from. */
    JvmConnection connection() {
        return connection;
    }

    /**
     * Stops reading and closes the connection on the reading thread, after a reading under way (closing an RMI
     * connection may wait for the network, which the JavaFX thread must not).
     */
    void close() {
        cancel();
        try {
            thread.execute(connection::close);
        } catch (RejectedExecutionException e) {
            // closed before
        }
        thread.shutdown();
    }

    /** Waits until the reading thread has ended, for tests. */
    boolean awaitClosed(java.time.Duration timeout) throws InterruptedException {
        return thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
