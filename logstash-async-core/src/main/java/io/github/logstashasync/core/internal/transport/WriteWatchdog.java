package io.github.logstashasync.core.internal.transport;

import java.io.Closeable;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds blocking socket operations that Java gives no timeout, above all a write to a receiver that stopped
 * reading: when the operation takes longer than its timeout, the watchdog closes the connection, which makes the
 * blocked call fail.
 */
public final class WriteWatchdog {

    // One daemon thread for the whole JVM, created on demand and ended after a few idle seconds, so an idle
    // or forgotten transport leaves no thread behind.
    private static final ScheduledThreadPoolExecutor TIMER = createTimer();

    private WriteWatchdog() {
    }

    /** A blocking socket operation. */
    @FunctionalInterface
    public interface IoAction {
        /** Runs the operation. */
        void run() throws IOException;
    }

    /**
     * Runs {@code action}; if it has not returned after {@code timeout}, closes {@code connection} so that it fails.
     *
     * @param timeout    the longest the action may take; positive
     * @param connection closed on timeout; closing must be safe from another thread
     * @param what       the operation, for the error message, for example {@code "writing"}
     * @param action     the operation
     * @throws SocketTimeoutException when the timeout fired, even if the action then returned normally: the
     *                                connection is closed either way
     * @throws IOException            when the action failed on its own
     */
    public static void run(Duration timeout, Closeable connection, String what, IoAction action) throws IOException {
        ScheduledFuture<?> alarm = TIMER.schedule(() -> closeQuietly(connection), TransportChecks.nanos(timeout),
                TimeUnit.NANOSECONDS);
        try {
            action.run();
        } catch (IOException e) {
            // cancel() fails only when the alarm already ran or is running: the failure is the timeout's doing;
            // so is any failure on a connection that an earlier alarm closed.
            if (!alarm.cancel(false) || closedByAlarm(connection)) {
                throw timedOut(what, timeout, e);
            }
            throw e;
        } catch (RuntimeException | Error e) {
            alarm.cancel(false);
            throw e;
        }
        if (!alarm.cancel(false)) {
            throw timedOut(what, timeout, null);
        }
    }

    /**
     * Watches the blocking operations of one connection, one at a time, for the hot path of a transport (every
     * buffer written to a socket): {@link WriteWatchdog#run} schedules and cancels an alarm per operation, which
     * wakes the timer thread each time (measured: several per cent of the send thread's time when draining a
     * backlog). A guard costs two volatile writes per operation instead: the operation records its deadline,
     * and one alarm per connection, armed when an operation finds none, checks it when due; while operations
     * keep coming it re-arms itself for the latest deadline, and once the connection is idle it lapses.
     *
     * <p>Not for concurrent operations on one connection (a stream is written by one thread at a time).
     */
    public static final class Guard {

        private final Closeable connection;
        private final Duration timeout;
        private final long timeoutNanos;
        /** The deadline of the operation in progress, written before {@link #busy}. */
        private volatile long deadline;
        private volatile boolean busy;
        /** Whether an alarm is scheduled; set and cleared under this guard's lock. */
        private volatile boolean armed;
        /** Whether an alarm closed the connection. */
        private volatile boolean fired;

        /**
         * Creates a guard.
         *
         * @param timeout    the longest an operation may take; positive
         * @param connection closed on timeout; closing must be safe from another thread
         */
        public Guard(Duration timeout, Closeable connection) {
            this.connection = connection;
            this.timeout = timeout;
            this.timeoutNanos = TransportChecks.nanos(timeout);
        }

        /**
         * Runs {@code action}; if it has not returned by the timeout, closes the connection so that it fails.
         *
         * @throws SocketTimeoutException when the timeout fired, now or in an earlier operation (the connection
         *                                is closed either way)
         * @throws IOException            when the action failed on its own
         */
        public void run(String what, IoAction action) throws IOException {
            if (fired) {
                throw timedOut(what, timeout, null);
            }
            deadline = System.nanoTime() + timeoutNanos;
            busy = true;
            if (!armed) {
                arm(timeoutNanos);
            }
            try {
                action.run();
            } catch (IOException e) {
                busy = false;
                if (fired) {
                    throw timedOut(what, timeout, e);
                }
                throw e;
            } finally {
                busy = false;
            }
            if (fired) {
                throw timedOut(what, timeout, null);
            }
        }

        private synchronized void arm(long delayNanos) {
            if (!armed) {
                armed = true;
                TIMER.schedule(this::check, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            }
        }

        private void check() {
            synchronized (this) {
                armed = false;
                long now = System.nanoTime();
                if (busy) {
                    long left = deadline - now;
                    if (left <= 0) {
                        fired = true;
                        closeQuietly(connection);
                    } else {
                        arm(left);
                    }
                    return;
                }
            }
            // Idle: the alarm lapses. An operation that started meanwhile either saw armed == false and armed
            // it, or set busy before this read, and is armed here: volatile order leaves no gap.
            if (busy) {
                arm(deadline - System.nanoTime());
            }
        }
    }

    private static SocketTimeoutException timedOut(String what, Duration timeout, IOException cause) {
        SocketTimeoutException e = new SocketTimeoutException(what + " made no progress for " + timeout.toMillis()
                + " ms (socketTimeout); the receiver is not reading, the connection was closed");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /** Connections an alarm closed; weak, so that they go when their transport does. */
    private static final Map<Closeable, Boolean> CLOSED = Collections.synchronizedMap(new WeakHashMap<>());

    private static boolean closedByAlarm(Closeable connection) {
        return CLOSED.containsKey(connection);
    }

    private static void closeQuietly(Closeable connection) {
        CLOSED.put(connection, Boolean.TRUE);
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            // The blocked operation reports the failure; this close only has to unblock it.
        }
    }

    private static ScheduledThreadPoolExecutor createTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "logstash-async-write-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(5, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }
}
