package io.github.logstashasync.core.internal.queue;

import java.time.Instant;

/**
 * Counts of a queue by state.
 *
 * @param queued   waiting to be sent
 * @param inFlight claimed by a sender and not yet confirmed
 * @param failed   rejected for good, kept with the reason
 * @param expired  expired by the TTL since the store was created
 * @param oldest   entry date of the oldest queued or in-flight event; null when none
 */
public record QueueStats(long queued, long inFlight, long failed, long expired, Instant oldest) {
}
