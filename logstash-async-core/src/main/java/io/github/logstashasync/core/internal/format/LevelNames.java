package io.github.logstashasync.core.internal.format;

import com.fasterxml.jackson.core.io.SerializedString;
import java.util.Map;

/**
 * Maps {@code java.util.logging} level names to the names Python's logging and Logstash users know, so that
 * Java and Python applications can share one Logstash pipeline and Kibana's level colouring works.
 */
public final class LevelNames {

    private static final Map<String, String> NAMES = Map.of(
            "SEVERE", "ERROR",
            "WARNING", "WARNING",
            "INFO", "INFO",
            "CONFIG", "CONFIG",
            "FINE", "DEBUG",
            "FINER", "DEBUG",
            "FINEST", "TRACE");

    private static final Map<String, SerializedString> SERIALIZED = Map.of(
            "SEVERE", new SerializedString("ERROR"),
            "WARNING", new SerializedString("WARNING"),
            "INFO", new SerializedString("INFO"),
            "CONFIG", new SerializedString("CONFIG"),
            "FINE", new SerializedString("DEBUG"),
            "FINER", new SerializedString("DEBUG"),
            "FINEST", new SerializedString("TRACE"));

    private LevelNames() {
    }

    /**
     * Returns the written name of a level: SEVERE is ERROR, FINE and FINER are DEBUG, FINEST is TRACE, WARNING,
     * INFO and CONFIG keep their names, and any other (custom) level keeps its own name.
     */
    public static String of(String julName) {
        return NAMES.getOrDefault(julName, julName);
    }

    /** Returns the pre-encoded name of a standard level, or null for a custom one. */
    static SerializedString serialized(String julName) {
        return SERIALIZED.get(julName);
    }
}
