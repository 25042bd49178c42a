package io.github.logstashasync.servlet;

import java.util.Map;
import org.apache.logging.log4j.ThreadContext;

/**
 * The request's fields in Log4j 2's ThreadContext as well, for Log4j's async loggers ({@code AsyncLogger},
 * {@code AsyncLoggerContext}), which call our appender on the disruptor's thread with the ThreadContext snapshot
 * they took on the caller's, where the api's RequestContext is not. Only loaded when {@link #AVAILABLE}: log4j-api
 * is optional.
 */
final class Log4jThreadContext {

    /** Whether Log4j's ThreadContext can be used from this module. */
    static final boolean AVAILABLE = OptionalModule.available("org.apache.logging.log4j.ThreadContext",
            "org.apache.logging.log4j", Log4jThreadContext.class);

    private Log4jThreadContext() {
    }

    /** Returns a copy of the ThreadContext map as it is now; empty when it is. */
    static Map<String, String> copy() {
        return ThreadContext.getContext();
    }

    /** Puts {@code fields} into the ThreadContext. */
    static void putAll(Map<String, String> fields) {
        ThreadContext.putAll(fields);
    }

    /** Puts one field into the ThreadContext. */
    static void put(String key, String value) {
        ThreadContext.put(key, value);
    }

    /** Makes the ThreadContext map what {@link #copy} returned. */
    static void restore(Map<String, String> before) {
        ThreadContext.clearMap();
        if (before != null && !before.isEmpty()) {
            ThreadContext.putAll(before);
        }
    }
}
