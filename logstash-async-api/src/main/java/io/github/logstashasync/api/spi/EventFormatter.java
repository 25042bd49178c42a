package io.github.logstashasync.api.spi;

import io.github.logstashasync.api.LogEvent;

/**
 * Turns a captured event into the one JSON document that is queued and sent. Called on the worker thread,
 * never on the thread that logged.
 *
 * <p>Implementations must be thread-safe and should not throw: a value that cannot be serialised is
 * written in a safe form (its {@code toString()}, or a placeholder) instead. If one does throw, the
 * worker reports the error and queues a minimal document with the message instead of losing the event.
 */
@FunctionalInterface
public interface EventFormatter {

    /**
     * Formats one event.
     *
     * @param event the event; never null
     * @return one JSON document without line breaks outside string values; never null
     */
    String format(LogEvent event);
}
