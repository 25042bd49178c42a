package io.github.logstashasync.core.internal.worker;

import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.OverflowPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bounded hand-off between log calls and the worker. {@link #offer} runs on the caller's thread: it
 * never throws and blocks only under {@link OverflowPolicy#BLOCK}, for at most the block timeout; after one
 * such timeout it sheds load at once until the worker has emptied half the buffer, so a stalled worker
 * costs each log call nanoseconds, not seconds.
 */
final class HandoffBuffer {

    private final ArrayBlockingQueue<LogEvent> queue;
    private final OverflowPolicy policy;
    private final long blockNanos;
    private final int capacity;
    private final Counters counters;
    private volatile boolean shedding;

    HandoffBuffer(int capacity, OverflowPolicy policy, Duration blockTimeout, Counters counters) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.policy = policy;
        this.blockNanos = blockTimeout.toNanos();
        this.counters = counters;
    }

    /** Offers an event; returns whether it was taken (a drop is counted here). */
    boolean offer(LogEvent event) {
        if (queue.offer(event)) {
            counters.accepted.increment();
            return true;
        }
        switch (policy) {
            case DROP_OLDEST -> {
                // bounded: each round either inserts or removes one older event
                for (int i = 0; i < capacity + 1; i++) {
                    if (queue.poll() != null) {
                        counters.droppedBuffer.increment();
                    }
                    if (queue.offer(event)) {
                        counters.accepted.increment();
                        return true;
                    }
                }
                counters.droppedBuffer.increment();
                return false;
            }
            case BLOCK -> {
                if (!shedding && blockNanos > 0) {
                    try {
                        if (queue.offer(event, blockNanos, TimeUnit.NANOSECONDS)) {
                            counters.accepted.increment();
                            return true;
                        }
                        shedding = true;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                counters.droppedBuffer.increment();
                return false;
            }
            default -> {
                counters.droppedBuffer.increment();
                return false;
            }
        }
    }

    /** Waits up to {@code timeoutNanos} for a first event, then drains up to {@code max} into {@code sink}. */
    int take(List<LogEvent> sink, int max, long timeoutNanos) throws InterruptedException {
        LogEvent first = timeoutNanos > 0 ? queue.poll(timeoutNanos, TimeUnit.NANOSECONDS) : queue.poll();
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

    int size() {
        return queue.size();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    boolean shedding() {
        return shedding;
    }
}
