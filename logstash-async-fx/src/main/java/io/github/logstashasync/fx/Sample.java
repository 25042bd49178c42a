package io.github.logstashasync.fx;

import io.github.logstashasync.core.internal.queue.QueueStats;
import java.time.Instant;

/**
 * One reading of a queue database.
 *
 * @param at          when it was taken
 * @param stats       the counts by state
 * @param lastEventId the highest event id ever given out; the difference of two readings is the arrivals between them
 */
record Sample(Instant at, QueueStats stats, long lastEventId) {

    /** Events not yet delivered: queued and in flight. */
    long depth() {
        return stats.queued() + stats.inFlight();
    }

    /** Whether the database changed between {@code previous} and this reading, as far as counts and ids show. */
    boolean changedSince(Sample previous) {
        return previous == null || lastEventId != previous.lastEventId
                || stats.queued() != previous.stats.queued() || stats.inFlight() != previous.stats.inFlight()
                || stats.failed() != previous.stats.failed() || stats.expired() != previous.stats.expired();
    }
}
