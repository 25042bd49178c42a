package io.github.logstashasync.core.internal.queue;

import java.time.Instant;

/**
 * Counts of a queue by state.
 *
 * @param queued    waiting to be sent
 * @param inFlight  claimed by a sender and not yet confirmed
 * @param failed    rejected for good, kept with the reason
 * @param expired   expired by the TTL since the store was created
 * @param oldest    entry date of the oldest queued or in-flight event; null when none
 * @param dropped   events the processes writing to the store dropped before storing them (buffer full, the store
 *                  full, locked or refusing, a shutdown), since the store was created; written at their next
 *                  successful write, so a process that died first does not count its last ones
 * @param sentTwice delivered events whose delete failed (another process held the lock): they stayed queued and
 *                  are, or will be, sent a second time
 */
public record QueueStats(long queued, long inFlight, long failed, long expired, Instant oldest, long dropped,
        long sentTwice) {

    /** Counts without drops and events sent twice. */
    public QueueStats(long queued, long inFlight, long failed, long expired, Instant oldest) {
        this(queued, inFlight, failed, expired, oldest, 0, 0);
    }
}
