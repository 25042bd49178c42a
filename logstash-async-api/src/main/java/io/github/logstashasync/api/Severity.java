package io.github.logstashasync.api;

/**
 * The framework-neutral severity of an event, the five levels SLF4J, Logback and Log4j 2 share (and Log4j's
 * {@code FATAL}), so that one pipeline serves every logging front-end.
 */
public enum Severity {
    /** Finest detail: JUL {@code FINEST}, SLF4J {@code TRACE}. */
    TRACE,
    /** Debugging detail: JUL {@code FINE} and {@code FINER}, SLF4J {@code DEBUG}. */
    DEBUG,
    /** Normal operation: JUL {@code INFO} and {@code CONFIG}, SLF4J {@code INFO}. */
    INFO,
    /** Something unexpected the application survived: JUL {@code WARNING}, SLF4J {@code WARN}. */
    WARN,
    /** A failure: JUL {@code SEVERE}, SLF4J {@code ERROR}. */
    ERROR,
    /** A failure the application does not survive: Log4j {@code FATAL}. */
    FATAL;

    /**
     * Returns the severity of a {@code java.util.logging.Level} value, as SLF4J's JUL bridge maps them:
     * {@code SEVERE} (1000) and above ERROR, {@code WARNING} (900) WARN, {@code INFO} and {@code CONFIG}
     * (800, 700) INFO, {@code FINE} and {@code FINER} (500, 400) DEBUG, below that TRACE; custom levels
     * fall into the band of the next standard level below them.
     */
    public static Severity ofJulValue(int value) {
        if (value >= 1000) {
            return ERROR;
        }
        if (value >= 900) {
            return WARN;
        }
        if (value >= 700) {
            return INFO;
        }
        if (value >= 400) {
            return DEBUG;
        }
        return TRACE;
    }
}
