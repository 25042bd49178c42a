package io.github.logstashasync.core.internal.transport;

import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.core.DestinationStatistics;
import io.github.logstashasync.core.internal.worker.Backoff;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One destination of a {@link MultiDestinationTransport}: its own transport (so its own connection), its own
 * back-off with jitter, its health and counters. Changed by the sending thread only; read from any thread.
 */
final class DestinationState {

    private final String name;
    private final Transport transport;
    private final Backoff backoff;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean connected;
    /** {@code System.nanoTime()} until which it gets no batch; only meaningful while {@link #backingOff} is set. */
    private volatile long backoffUntilNanos;
    private volatile boolean backingOff;
    private volatile Instant backoffUntil;
    private volatile String lastError;
    private volatile Instant lastErrorTime;

    DestinationState(String name, Transport transport, Backoff backoff) {
        this.name = name;
        this.transport = transport;
        this.backoff = backoff;
    }

    String name() {
        return name;
    }

    Transport transport() {
        return transport;
    }

    /** Whether it may get a batch at {@code nowNanos}: it is not backing off, or its back-off has ended. */
    boolean available(long nowNanos) {
        return !backingOff || nowNanos - backoffUntilNanos >= 0;
    }

    /** When its back-off ends, in {@code System.nanoTime()}; meaningful only when it is not {@link #available}. */
    long backoffUntilNanos() {
        return backoffUntilNanos;
    }

    /** Whether it failed and has not delivered since. */
    boolean failing() {
        return backingOff;
    }

    /** Records events it confirmed; {@code whole} when that was the whole batch it was given. */
    void delivered(int events, boolean whole) {
        if (events > 0) {
            sent.addAndGet(events);
        }
        if (whole) {
            batches.incrementAndGet();
            connected = true;
            backingOff = false;
            backoffUntil = null;
            backoff.reset();
        }
    }

    /**
     * Records a failed send and starts its back-off: the next step of its own exponential back-off, or what the
     * receiver asked for when that is longer.
     *
     * @return how long it backs off, in nanoseconds
     */
    long failed(String message, long nowNanos, long atLeastNanos) {
        failures.incrementAndGet();
        connected = false;
        lastError = message;
        lastErrorTime = Instant.now();
        long delay = Math.max(backoff.nextDelayNanos(), atLeastNanos);
        backoffUntilNanos = nowNanos + delay;
        backoffUntil = Instant.now().plusNanos(delay);
        backingOff = true;
        return delay;
    }

    /** Continues the counters of {@code earlier}, a destination of the same name whose transport was closed. */
    void carryOver(DestinationState earlier) {
        sent.addAndGet(earlier.sent.get());
        batches.addAndGet(earlier.batches.get());
        failures.addAndGet(earlier.failures.get());
    }

    /** Records that it gets no more batches: its name no longer resolves to its address. */
    void retire(String why) {
        connected = false;
        lastError = why;
        lastErrorTime = Instant.now();
    }

    /** Consecutive failures since it last delivered. */
    int consecutiveFailures() {
        return backoff.failures();
    }

    DestinationStatistics statistics() {
        long now = System.nanoTime();
        Instant until = backingOff && now - backoffUntilNanos < 0 ? backoffUntil : null;
        return new DestinationStatistics(name, connected, until, lastError, lastErrorTime, sent.get(), batches.get(),
                failures.get());
    }

    /** How long until its back-off ends, for messages. */
    String waitText(long nowNanos) {
        long left = Math.max(0, backoffUntilNanos - nowNanos);
        return "backing off for " + TimeUnit.NANOSECONDS.toMillis(left) + " ms";
    }

    @Override
    public String toString() {
        return name;
    }
}
