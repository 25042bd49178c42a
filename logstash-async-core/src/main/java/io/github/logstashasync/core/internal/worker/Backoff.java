package io.github.logstashasync.core.internal.worker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with jitter, capped: after n failures waits about {@code initial * 2^n}, at most {@code max}. */
final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private int failures;

    Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** Records a failure and returns how long to wait before the next try (between half and all of the step). */
    long nextDelayNanos() {
        int shift = Math.min(failures, 30);
        failures++;
        long step = initialNanos << shift;
        if (step <= 0 || step > maxNanos) {
            step = maxNanos;
        }
        long half = step / 2;
        return half + ThreadLocalRandom.current().nextLong(half + 1);
    }

    /** Records a success. */
    void reset() {
        failures = 0;
    }

    int failures() {
        return failures;
    }
}
