package io.github.logstashasync.core.internal.queue;

import java.time.Instant;

/**
 * One event of a queue database as {@link QueueInspector} shows it.
 *
 * @param id         its id, the same in every state
 * @param state      where it is
 * @param entryDate  when it was queued (second precision); null if the row holds no valid date
 * @param attempts   how many sends of it failed
 * @param note       the last send error (queued, in flight) or the reason it failed; may be null
 * @param claimedAt  when it was claimed, if in flight and claimed by us (Python records no time); else null
 * @param failedDate when it failed, if failed; else null
 * @param text       the JSON document
 */
public record InspectedEvent(long id, EventState state, Instant entryDate, int attempts, String note,
                             Instant claimedAt, Instant failedDate, String text) {
}
