package io.github.logstashasync.core.internal.queue;

import java.time.Instant;

/**
 * Which events {@link QueueInspector#list} returns; every component is optional (null matches all).
 *
 * @param state the state
 * @param level substring of the JSON {@code level} field (or ECS {@code log.level}), ignoring ASCII case
 * @param text  substring of the whole JSON document, ignoring ASCII case
 * @param from  earliest entry date, included
 * @param to    latest entry date, excluded
 */
public record EventFilter(EventState state, String level, String text, Instant from, Instant to) {

    /** Returns the filter that matches every event. */
    public static EventFilter all() {
        return new EventFilter(null, null, null, null, null);
    }

    /** Returns the filter that matches every event in {@code state}. */
    public static EventFilter of(EventState state) {
        return new EventFilter(state, null, null, null, null);
    }
}
