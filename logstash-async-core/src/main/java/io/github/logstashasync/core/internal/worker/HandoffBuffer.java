package io.github.logstashasync.core.internal.worker;

import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.OverflowPolicy;
import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.core.PipelineListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded hand-off between log calls and the worker. {@link #offer} runs on the caller's thread: it
 * never throws and blocks only under {@link OverflowPolicy#BLOCK}, for at most the block timeout; after one
 * such timeout it sheds load at once until the worker has emptied half the buffer, so a stalled worker
 * costs each log call nanoseconds, not seconds.
 */
final class HandoffBuffer {

    /** How often the worker polls an empty buffer before it blocks, and how long it parks between polls. */
    private static final int POLLS_BEFORE_BLOCKING = 10;
    private static final long POLL_INTERVAL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final ArrayBlockingQueue<LogEvent> queue;
    private final OverflowPolicy policy;
    private final long blockNanos;
    /** {@code blockTimeout} is {@link PipelineSettings#BLOCK_FOREVER}: BLOCK waits for room as long as it takes. */
    private final boolean blockForever;
    private final int capacity;
    private final Counters counters;
    private volatile boolean shedding;
    /** Events the worker took and has counted as being persisted ({@link #handedOver}). */
    private final AtomicLong handedOver = new AtomicLong();
    /** Accepted events that {@code drop-oldest} pushed out again. */
    private final LongAdder evicted = new LongAdder();

    /**
     * The worker while it is parked waiting for an event (or about to park): a log call that finds it here unparks
     * it. Written before the worker's last look at the queue and read after a log call's insert, so that one of the
     * two always sees the other (both are sequentially consistent: a volatile and the queue's lock).
     */
    private volatile Thread parked;
    /** Set by {@link #wakeUp()}: the parked worker returns without an event. */
    private volatile boolean wakeRequested;

    HandoffBuffer(int capacity, OverflowPolicy policy, Duration blockTimeout, Counters counters) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.policy = policy;
        this.blockForever = PipelineSettings.BLOCK_FOREVER.equals(blockTimeout);
        this.blockNanos = blockForever ? Long.MAX_VALUE : blockTimeout.toNanos();
        this.counters = counters;
    }

    /** Offers an event; returns whether it was taken (a drop is counted here). */
    boolean offer(LogEvent event) {
        if (queue.offer(event)) {
            accepted();
            return true;
        }
        switch (policy) {
            case DROP_OLDEST -> {
                // bounded: each round either inserts or removes one older event
                for (int i = 0; i < capacity + 1; i++) {
                    if (queue.poll() != null) {
                        evicted.increment();
                        counters.onDroppedBuffer(PipelineListener.Drop.BUFFER_FULL);
                    }
                    if (queue.offer(event)) {
                        accepted();
                        return true;
                    }
                }
                counters.onDroppedBuffer(PipelineListener.Drop.BUFFER_FULL);
                return false;
            }
            case BLOCK -> {
                if (blockForever) {
                    try {
                        queue.put(event);
                        accepted();
                        return true;
                    } catch (InterruptedException e) {
                        // the application interrupted its own thread: keep the flag, drop the event (counted)
                        Thread.currentThread().interrupt();
                    }
                } else if (!shedding && blockNanos > 0) {
                    try {
                        if (queue.offer(event, blockNanos, TimeUnit.NANOSECONDS)) {
                            accepted();
                            return true;
                        }
                        shedding = true;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                counters.onDroppedBuffer(PipelineListener.Drop.BUFFER_FULL);
                return false;
            }
            default -> {
                counters.onDroppedBuffer(PipelineListener.Drop.BUFFER_FULL);
                return false;
            }
        }
    }

    private void accepted() {
        counters.onAccepted();
        Thread worker = parked;
        if (worker != null) {
            LockSupport.unpark(worker);
        }
    }

    /** Makes a worker waiting in {@link #take} return at once, with or without events. */
    void wakeUp() {
        wakeRequested = true;
        Thread worker = parked;
        if (worker != null) {
            LockSupport.unpark(worker);
        }
    }

    /**
     * Removes {@code event} if it is still in the buffer: a log call that raced with the end of {@code close()}
     * takes its event back (and counts it as dropped) unless the worker or the close already took it.
     */
    boolean withdraw(LogEvent event) {
        return queue.remove(event);
    }

    /** Removes every event left, returning how many: the close counts them as lost. */
    int clear() {
        int n = 0;
        while (queue.poll() != null) {
            n++;
        }
        return n;
    }

    /** Waits up to {@code timeoutNanos} for a first event, then drains up to {@code max} into {@code sink}. */
    int take(List<LogEvent> sink, int max, long timeoutNanos) throws InterruptedException {
        LogEvent first = queue.poll();
        if (first == null && timeoutNanos > 0) {
            first = awaitFirst(timeoutNanos);
        }
        if (first == null) {
            return 0;
        }
        sink.add(first);
        int n = 1 + queue.drainTo(sink, max - 1);
        if (shedding && queue.size() <= capacity / 2) {
            shedding = false;
        }
        return n;
    }

    /**
     * Waits for an event: first by polling for a short while, then blocked on the queue. A log call that finds the
     * worker blocked has to wake it, a system call that costs the application microseconds (measured: one call in
     * ten took 5 us instead of 0.3 us at 50,000 events/s); one that finds it polling here costs nothing. So only an
     * application that logs less than about once a millisecond pays for the wake-up.
     */
    private LogEvent awaitFirst(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        for (int i = 0; i < POLLS_BEFORE_BLOCKING; i++) {
            LockSupport.parkNanos(this, POLL_INTERVAL_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            LogEvent event = queue.poll();
            if (event != null || deadline - System.nanoTime() <= 0) {
                return event;
            }
        }
        // Then parked until a log call or wakeUp() unparks it: an idle pipeline's worker does not wake at all.
        Thread me = Thread.currentThread();
        parked = me;
        try {
            while (true) {
                LogEvent event = queue.poll();
                if (event != null) {
                    return event;
                }
                if (wakeRequested) {
                    wakeRequested = false;
                    return null;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            parked = null;
        }
    }

    int size() {
        return queue.size();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** How many accepted events have left the buffer, taken by the worker or pushed out by {@code drop-oldest}. */
    long leftThrough() {
        return handedOver.get() + evicted.sum();
    }

    /** How many events the worker took (and counted) so far. */
    long takenCount() {
        return handedOver.get();
    }

    /** The worker has counted {@code n} events it took as being persisted. */
    void handedOver(int n) {
        handedOver.addAndGet(n);
    }

    /**
     * Whether every accepted event has left the buffer and been counted by the worker: unlike {@link #isEmpty()},
     * false while the worker holds events it took but has not counted yet. Reads the worker's side first, so an
     * event accepted meanwhile makes it false, never true.
     */
    boolean drained() {
        long left = handedOver.get() + evicted.sum();
        return left == counters.accepted() && queue.isEmpty();
    }

    boolean shedding() {
        return shedding;
    }
}
