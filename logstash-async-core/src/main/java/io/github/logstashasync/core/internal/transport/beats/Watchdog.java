package io.github.logstashasync.core.internal.transport.beats;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a socket whose write or TLS handshake takes too long. Java sockets have no write timeout, and a
 * receiver that stops reading would otherwise hold the worker until TCP gives up, many minutes later.
 * Its one daemon thread starts with the first alarm and ends with {@link #close()}.
 */
final class Watchdog implements AutoCloseable {

    private ScheduledThreadPoolExecutor executor;

    /** An armed alarm; closing it disarms it. */
    static final class Alarm implements AutoCloseable {
        private final AtomicBoolean fired = new AtomicBoolean();
        private ScheduledFuture<?> future;

        /** Whether the alarm went off and closed the socket. */
        boolean fired() {
            return fired.get();
        }

        @Override
        public void close() {
            future.cancel(false);
        }
    }

    /** Closes {@code target} after {@code timeout} unless the returned alarm is closed first. */
    synchronized Alarm arm(Duration timeout, Socket target) {
        if (executor == null) {
            executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "logstash-async-beats-watchdog");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
        }
        Alarm alarm = new Alarm();
        alarm.future = executor.schedule(() -> {
            alarm.fired.set(true);
            try {
                target.close();
            } catch (IOException e) {
                // the blocked write fails either way
            }
        }, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        return alarm;
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
