package io.github.logstashasync.core.internal.queue;

import java.time.Instant;

/**
 * One event of a queue.
 *
 * @param id        its id, ascending in queue order
 * @param text      the JSON document
 * @param entryDate when it was queued, second precision
 * @param attempts  how many sends of it failed so far
 */
public record QueuedEvent(long id, String text, Instant entryDate, int attempts) {
}
