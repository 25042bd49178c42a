package io.github.logstashasync.core.internal.worker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with jitter, capped: after n failures waits about {@code initial * 2^n}, at most {@code max}. */
public final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private int failures;

    /**
     * Creates a back-off.
     *
     * @param initial the first step; positive
     * @param max     the cap; at least {@code initial}
     */
    public Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** Records a failure and returns how long to wait before the next try (between half and all of the step). */
    public long nextDelayNanos() {
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
    public void reset() {
        failures = 0;
    }

    /** Failures since the last success. */
    public int failures() {
        return failures;
    }
}
