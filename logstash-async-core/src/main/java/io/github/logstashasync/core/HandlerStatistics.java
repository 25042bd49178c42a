package io.github.logstashasync.core;

import java.util.List;

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
 * @param sentTwice      events sent a second time, so the receiver may see them twice: delivered ones whose delete
 *                       from the queue failed (the database stayed locked), which stay queued and are sent once
 *                       more, and those the tcp transport wrote again after the receiver dropped a connection
 * @param destinations   the state and counters of each destination when there are several ({@code destinations});
 *                       empty with one
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
        long sentTwice,
        List<DestinationStatistics> destinations) {

    /** Copies the list; null is empty. */
    public HandlerStatistics {
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
    }

    /** All events dropped, in the buffer or the queue. */
    public long dropped() {
        return droppedBuffer + droppedQueue;
    }
}
