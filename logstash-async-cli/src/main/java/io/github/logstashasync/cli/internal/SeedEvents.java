package io.github.logstashasync.cli.internal;

import io.github.logstashasync.api.Extras;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The four example events of python-logstash-async's documentation, in Java: error, info, warning, extra fields. */
public final class SeedEvents {

    /** The logger name the examples use. */
    public static final String LOGGER_NAME = "java-logstash-logger";

    /**
     * One example event.
     *
     * @param level   its level
     * @param message its message
     * @param extras  its extra fields; empty for the first three
     */
    public record SeedEvent(Level level, String message, Map<String, Object> extras) {
    }

    private static final List<SeedEvent> EVENTS = List.of(
            new SeedEvent(Level.SEVERE, "java-logstash-async: test logstash error message.", Map.of()),
            new SeedEvent(Level.INFO, "java-logstash-async: test logstash info message.", Map.of()),
            new SeedEvent(Level.WARNING, "java-logstash-async: test logstash warning message.", Map.of()),
            new SeedEvent(Level.INFO, "java-logstash: test extra fields", extraFields()));

    private SeedEvents() {
    }

    /** Returns the four examples in the documentation's order. */
    public static List<SeedEvent> all() {
        return EVENTS;
    }

    private static Map<String, Object> extraFields() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("test_string", "java version: " + Runtime.version());
        extra.put("test_boolean", true);
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("a", 1);
        dict.put("b", "c");
        extra.put("test_dict", dict);
        extra.put("test_float", 1.23);
        extra.put("test_integer", 123);
        extra.put("test_list", List.of(1, 2, "3"));
        return extra;
    }

    /**
     * Logs {@code level} and {@code message} with {@code extras} merged over {@code more} (the latter win).
     */
    public static void log(Logger logger, Level level, String message, Map<String, Object> extras,
            Map<String, Object> more) {
        if (extras.isEmpty() && more.isEmpty()) {
            logger.log(level, message);
            return;
        }
        Map<String, Object> all = new LinkedHashMap<>(extras);
        all.putAll(more);
        Extras extra = Extras.from(all);
        if (message.matches("(?s).*\\{[0-3].*")) {
            // JUL (and the handler, like it) applies MessageFormat to a message holding {0}..{3} when the record has
            // parameters, the Extras included: quote the text and end it with a placeholder that formats to nothing
            String quoted = message.replace("'", "''").replace("{", "'{'");
            logger.log(level, quoted + "{1}", new Object[] {extra, ""});
        } else {
            logger.log(level, message, extra);
        }
    }
}
