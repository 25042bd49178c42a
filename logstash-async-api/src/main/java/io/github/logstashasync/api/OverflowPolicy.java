package io.github.logstashasync.api;

/** What a handler does when its bounded hand-off buffer is full. Every dropped event is counted. */
public enum OverflowPolicy {
    /**
     * Wait up to {@code blockTimeout} for room, then drop the new event; after a timeout, drop at once
     * until the worker has freed half the buffer, so a stuck worker never stalls every log call.
     */
    BLOCK,
    /** Drop the event being logged. */
    DROP_NEWEST,
    /** Drop the oldest event waiting in the buffer to make room. */
    DROP_OLDEST
}
