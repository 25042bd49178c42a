package io.github.logstashasync.core;

import io.github.logstashasync.api.LogEvent;

/**
 * Hears what happens to the events of one {@link LogstashPipeline}, as logstash-logback-encoder's
 * {@code AppenderListener}: for metrics, the monitor and tests, instead of polling the statistics.
 *
 * <p>Every method has an empty default. {@link #accepted} runs on the application's thread that logged and must
 * be cheap; the others run on the pipeline's own threads. A listener must be thread-safe; an exception it
 * throws is reported and otherwise ignored, it never reaches the application or stops the pipeline.
 */
public interface PipelineListener {

    /** Why events were dropped. */
    enum Drop {
        /** The hand-off buffer was full ({@code overflowPolicy} DROP_NEWEST, DROP_OLDEST, or BLOCK timed out). */
        BUFFER_FULL,
        /** The event was offered after {@code close()} began. */
        CLOSED,
        /** The bounded memory queue ({@code memoryQueueCapacity}) was still full at the shutdown deadline. */
        QUEUE_FULL,
        /** The queue refused the events (locked, disk full) until the shutdown deadline. */
        QUEUE_REFUSED,
        /** The events were still in the buffer when the shutdown deadline passed. */
        SHUTDOWN,
        /** The log call could not be captured (a front-end's snapshot failed). */
        CAPTURE_FAILED,
        /** An unexpected error of the library (a bug) lost the events the persister held; reported with its trace. */
        INTERNAL_ERROR
    }

    /** The pipeline took {@code event} into its buffer; called on the thread that logged. */
    default void accepted(LogEvent event) {
    }

    /** {@code count} events were dropped, never to be sent. */
    default void dropped(long count, Drop reason) {
    }

    /** {@code count} events were appended to the queue. */
    default void persisted(int count) {
    }

    /** The transport confirmed {@code count} events delivered. */
    default void sent(int count) {
    }

    /** A send failed and will be retried after a back-off; the events stay queued. */
    default void sendFailed(String message, Throwable error) {
    }

    /** {@code count} events were rejected for good and moved to failed, the first for {@code reason}. */
    default void failed(int count, String reason) {
    }

    /** {@code count} events expired ({@code eventTtl}). */
    default void expired(int count) {
    }

    /** The pipeline closed, leaving {@code remaining} events queued (kept in the database when it has one). */
    default void closed(long remaining) {
    }
}
