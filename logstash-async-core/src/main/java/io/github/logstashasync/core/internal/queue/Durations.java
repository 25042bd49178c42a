package io.github.logstashasync.core.internal.queue;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/** Duration arithmetic that saturates instead of overflowing, so a lease or TTL of "forever" works. */
final class Durations {

    private Durations() {
    }

    /** Returns {@code duration} in milliseconds, or {@link Long#MAX_VALUE} when it does not fit. */
    static long saturatedMillis(Duration duration) {
        try {
            return duration.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Returns {@code duration} in nanoseconds, at most about 146 years, so that nanoTime differences work. */
    static long saturatedNanos(Duration duration) {
        try {
            return Math.min(duration.toNanos(), Long.MAX_VALUE / 2);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    /** Returns {@code instant} minus {@code duration}, or {@link Instant#MIN} when that is out of range. */
    static Instant before(Instant instant, Duration duration) {
        try {
            return instant.minus(duration);
        } catch (ArithmeticException | DateTimeException e) {
            return Instant.MIN;
        }
    }
}
