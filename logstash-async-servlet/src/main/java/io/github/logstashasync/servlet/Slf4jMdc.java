package io.github.logstashasync.servlet;

import java.util.Map;
import org.slf4j.MDC;

/**
 * The request's fields in SLF4J's MDC as well, for SLF4J back-ends other than ours and for appenders that capture
 * on another thread (Logback's {@code AsyncAppender}). Only loaded when {@link #AVAILABLE}: SLF4J is optional.
 */
final class Slf4jMdc {

    /** Whether SLF4J's MDC can be used from this module. */
    static final boolean AVAILABLE = available();

    private Slf4jMdc() {
    }

    private static boolean available() {
        try {
            Class.forName("org.slf4j.MDC", false, Slf4jMdc.class.getClassLoader());
            // on the module path, SLF4J may be present without being resolved for this module
            Module own = Slf4jMdc.class.getModule();
            return !own.isNamed() || own.getLayer() == null || own.getLayer().findModule("org.slf4j").isPresent();
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Returns the MDC as it is, then puts {@code fields} into it; null when it was empty. */
    static Map<String, String> push(Map<String, String> fields) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            MDC.put(field.getKey(), field.getValue());
        }
        return before;
    }

    /** Puts one field into the MDC. */
    static void put(String key, String value) {
        MDC.put(key, value);
    }

    /** Makes the MDC what {@link #push} returned. */
    static void restore(Map<String, String> before) {
        if (before == null || before.isEmpty()) {
            MDC.clear();
        } else {
            MDC.setContextMap(before);
        }
    }
}
