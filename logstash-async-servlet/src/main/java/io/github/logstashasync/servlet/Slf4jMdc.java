package io.github.logstashasync.servlet;

import java.util.Map;
import org.slf4j.MDC;

/**
 * The request's fields in SLF4J's MDC as well, for SLF4J back-ends other than ours and for appenders that capture
 * on another thread (Logback's {@code AsyncAppender}). Only loaded when {@link #AVAILABLE}: SLF4J is optional.
 */
final class Slf4jMdc {

    /** Whether SLF4J's MDC can be used from this module. */
    static final boolean AVAILABLE = OptionalModule.available("org.slf4j.MDC", "org.slf4j", Slf4jMdc.class);

    private Slf4jMdc() {
    }

    /** Returns a copy of the MDC as it is now; null when it is empty. */
    static Map<String, String> copy() {
        return MDC.getCopyOfContextMap();
    }

    /** Puts {@code fields} into the MDC. */
    static void putAll(Map<String, String> fields) {
        for (Map.Entry<String, String> field : fields.entrySet()) {
            MDC.put(field.getKey(), field.getValue());
        }
    }

    /** Puts one field into the MDC. */
    static void put(String key, String value) {
        MDC.put(key, value);
    }

    /** Makes the MDC what {@link #copy} returned. */
    static void restore(Map<String, String> before) {
        if (before == null || before.isEmpty()) {
            MDC.clear();
        } else {
            MDC.setContextMap(before);
        }
    }
}
