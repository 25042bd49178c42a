package io.github.logstashasync.core.internal.format;

/**
 * Maps {@code java.util.logging} level names to the names Python's logging and Logstash users know, so that
 * Java and Python applications can share one Logstash pipeline and Kibana's level colouring works.
 */
public final class LevelNames {

    private LevelNames() {
    }

    /**
     * Returns the written name of a level: SEVERE is ERROR, FINE and FINER are DEBUG, FINEST is TRACE, WARNING,
     * INFO and CONFIG keep their names, and any other (custom) level keeps its own name.
     */
    public static String of(String julName) {
        // a switch, not a Map.of lookup: this runs for every event, and the immutable map's probe divides
        return switch (julName) {
            case "SEVERE" -> "ERROR";
            case "FINE", "FINER" -> "DEBUG";
            case "FINEST" -> "TRACE";
            default -> julName;
        };
    }
}
