package io.github.logstashasync.core.internal.queue;

/** Where an event of a queue database is. */
public enum EventState {
    /** Waiting to be sent ({@code pending_delete = 0}, in no {@code event_claim} range). */
    QUEUED,
    /**
     * Claimed by a sender and not yet confirmed: in an {@code event_claim} range, or marked
     * {@code pending_delete = 1} (by Python, or by schema version 1); possibly by a dead one.
     */
    IN_FLIGHT,
    /** Rejected for good; kept in {@code failed_event} with the reason. */
    FAILED
}
