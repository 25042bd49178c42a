package io.github.logstashasync.core.internal.queue;

/** The SQL of {@link QueueInspector}'s repairs that is too long to read inline. */
final class InspectorRepairs {

    /** A failed event back to the queue under its old id, or a new one if that id is taken. */
    private static final String REQUEUE_SELECT = "INSERT INTO event"
            + " (event_id, event_text, pending_delete, entry_date, attempts, last_error)"
            // not an id a claim range covers: the event would look claimed by that range's owner
            + " SELECT CASE WHEN EXISTS (SELECT 1 FROM event e WHERE e.event_id = f.event_id)"
            + " OR " + QueueSchema.coveringClaim("f.event_id", "first_id") + " IS NOT NULL"
            + " THEN NULL ELSE f.event_id END, f.event_text, 0, f.entry_date, f.attempts, f.reason"
            + " FROM failed_event f";

    /** Requeues the failed event whose id is the only parameter. */
    static final String REQUEUE_ONE = REQUEUE_SELECT + " WHERE f.event_id = ?";

    /** Requeues every failed event, oldest first. */
    static final String REQUEUE_ALL = REQUEUE_SELECT + " ORDER BY f.event_id";

    private InspectorRepairs() {
    }
}
