package io.github.logstashasync.core;

/**
 * Counters of one handler since it was created. Every event a handler accepted ends up in exactly one of
 * sent, failed, expired, dropped, or is still pending.
 *
 * @param accepted       log calls taken into the hand-off buffer
 * @param droppedBuffer  log calls dropped because the hand-off buffer was full
 * @param droppedQueue   events dropped because a bounded memory queue was full or the store refused them
 * @param persisted      events appended to the queue
 * @param sent           events confirmed delivered by the transport
 * @param failed         events moved to the failed state (rejected for good)
 * @param expired        events expired by {@code eventTtl}
 * @param retries        failed send attempts that will be retried
 * @param pending        events in the buffer or the queue, not yet delivered
 * @param sentTwice      delivered events whose delete from the queue failed (the database stayed locked): they
 *                       stay queued and are sent once more, so the receiver sees them twice
 */
public record HandlerStatistics(
        long accepted,
        long droppedBuffer,
        long droppedQueue,
        long persisted,
        long sent,
        long failed,
        long expired,
        long retries,
        long pending,
        long sentTwice) {

    /** All events dropped, in the buffer or the queue. */
    public long dropped() {
        return droppedBuffer + droppedQueue;
    }
}
