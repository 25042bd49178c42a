package io.github.logstashasync.core.internal.worker;

import io.github.logstashasync.core.PipelineListener;
import io.github.logstashasync.core.internal.jfr.PipelineEvents;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@code HandlerStatistics}; written by the caller threads and the worker, and told to the
 * pipeline's listener (which never throws: the pipeline wraps it).
 */
public final class Counters {
    private final LongAdder accepted = new LongAdder();
    private final LongAdder droppedBuffer = new LongAdder();
    private final LongAdder droppedQueue = new LongAdder();
    private final LongAdder persisted = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder batchesSent = new LongAdder();
    private final LongAdder sentAgain = new LongAdder();
    private final LatencyWindow latency = new LatencyWindow();
    private final PipelineListener listener;
    private final String pipeline;

    /** Counters without a listener. */
    public Counters() {
        this(null, "?");
    }

    /**
     * Counters that tell {@code listener} (null: none) of every change but acceptance, and Flight Recorder.
     *
     * @param pipeline names the pipeline in Flight Recorder events
     */
    public Counters(PipelineListener listener, String pipeline) {
        this.listener = listener;
        this.pipeline = pipeline;
    }

    void onAccepted() {
        accepted.increment();
    }

    void onDroppedBuffer(PipelineListener.Drop reason) {
        droppedBuffer.increment();
        PipelineEvents.dropped(pipeline, 1, reason.name());
        if (listener != null) {
            listener.dropped(1, reason);
        }
    }

    void onDroppedQueue(long count, PipelineListener.Drop reason) {
        droppedQueue.add(count);
        PipelineEvents.dropped(pipeline, count, reason.name());
        if (listener != null) {
            listener.dropped(count, reason);
        }
    }

    void onPersisted(int count) {
        persisted.add(count);
        if (listener != null) {
            listener.persisted(count);
        }
    }

    void onSent(int count) {
        sent.add(count);
        if (listener != null) {
            listener.sent(count);
        }
    }

    void onSentAgain(long count) {
        sentAgain.add(count);
    }

    /** Events the transport wrote a second time by itself (a replay after a dropped connection). */
    public long sentAgain() {
        return sentAgain.sum();
    }

    void onFailed(int count, String reason) {
        failed.add(count);
        if (listener != null) {
            listener.failed(count, reason);
        }
    }

    void onExpired(int count) {
        expired.add(count);
        if (listener != null) {
            listener.expired(count);
        }
    }

    /** A batch of {@code count} events went through the transport in {@code nanos}. */
    void onBatchSent(int count, long nanos) {
        batchesSent.increment();
        latency.add(nanos);
        PipelineEvents.batchSent(pipeline, count, nanos);
    }

    /** A batch of {@code count} events failed; {@code retryable}: it stays queued. */
    void onBatchFailed(int count, String reason, boolean retryable) {
        PipelineEvents.batchFailed(pipeline, count, reason, retryable);
    }

    /** Batches the transport confirmed. */
    public long batchesSent() {
        return batchesSent.sum();
    }

    /** The {@code p}-th percentile of the recent batches' send times, in milliseconds. */
    public double sendLatencyMillis(double p) {
        return latency.percentileMillis(p);
    }

    void onRetry(String message, Throwable error) {
        retries.increment();
        if (listener != null) {
            listener.sendFailed(message, error);
        }
    }

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
