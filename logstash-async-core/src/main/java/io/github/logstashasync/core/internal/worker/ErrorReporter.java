package io.github.logstashasync.core.internal.worker;

import io.github.logstashasync.api.RateLimit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The library's own diagnostics, rate-limited per kind of message. They go to the handler's
 * {@link java.util.logging.ErrorManager} (stderr by default), never back through a logger, which could
 * loop into the handler that failed.
 */
public final class ErrorReporter {

    private final BiConsumer<String, Throwable> sink;
    private final RateLimit limit;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    /** The last problem and when, kept even when the rate limit holds its message back. */
    private volatile LastError last;

    /** A problem reported, with its time. */
    public record LastError(String message, java.time.Instant time) {
    }

    /**
     * Creates a reporter.
     *
     * @param sink  receives each message that passes the limit, and the exception or null
     * @param limit messages per kind per period; null means unlimited
     */
    public ErrorReporter(BiConsumer<String, Throwable> sink, RateLimit limit) {
        this.sink = sink;
        this.limit = limit;
    }

    /**
     * Reports a problem.
     *
     * @param kind    groups messages for the rate limit, for example {@code send}
     * @param message what happened and what the library does about it
     * @param error   the cause; may be null
     */
    public void report(String kind, String message, Throwable error) {
        last = new LastError(message, java.time.Instant.now());
        if (limit != null) {
            Window window = windows.computeIfAbsent(kind, k -> new Window());
            long suppressed = window.admit(System.nanoTime(), limit);
            if (suppressed < 0) {
                return;
            }
            if (suppressed > 0) {
                message = message + " (" + suppressed + " similar messages suppressed by errorLogRateLimit)";
            }
        }
        try {
            sink.accept("logstash-async: " + message, error);
        } catch (RuntimeException ignored) {
            // a broken ErrorManager must not take the worker down
        }
    }

    /** The last problem reported, or null when none was. */
    public LastError lastError() {
        return last;
    }

    /** A fixed window counter; {@code admit} returns -1 to suppress, else the number suppressed before. */
    private static final class Window {
        private long start = Long.MIN_VALUE;
        private int count;
        private final AtomicLong suppressed = new AtomicLong();

        synchronized long admit(long now, RateLimit limit) {
            if (start == Long.MIN_VALUE || now - start >= limit.period().toNanos()) {
                start = now;
                count = 0;
            }
            if (count >= limit.count()) {
                suppressed.incrementAndGet();
                return -1;
            }
            count++;
            return suppressed.getAndSet(0);
        }
    }
}
