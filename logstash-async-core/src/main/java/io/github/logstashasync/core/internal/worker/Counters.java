package io.github.logstashasync.core.internal.worker;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@code HandlerStatistics}; written by the caller threads and the worker. */
public final class Counters {
    final LongAdder accepted = new LongAdder();
    final LongAdder droppedBuffer = new LongAdder();
    final LongAdder droppedQueue = new LongAdder();
    final LongAdder persisted = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder expired = new LongAdder();
    final LongAdder retries = new LongAdder();

    /** Log calls taken into the buffer. */
    public long accepted() {
        return accepted.sum();
    }

    /** Log calls dropped because the buffer was full. */
    public long droppedBuffer() {
        return droppedBuffer.sum();
    }

    /** Events dropped by a full memory queue. */
    public long droppedQueue() {
        return droppedQueue.sum();
    }

    /** Events appended to the queue. */
    public long persisted() {
        return persisted.sum();
    }

    /** Events confirmed delivered. */
    public long sent() {
        return sent.sum();
    }

    /** Events moved to failed. */
    public long failed() {
        return failed.sum();
    }

    /** Events expired. */
    public long expired() {
        return expired.sum();
    }

    /** Failed send attempts to be retried. */
    public long retries() {
        return retries.sum();
    }
}
