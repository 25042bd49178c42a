package io.github.logstashasync.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of one log call, taken on the caller's thread and formatted later on the
 * worker thread.
 *
 * @param timestamp       when the event happened; never null
 * @param levelName       the {@code java.util.logging.Level} name, for example {@code SEVERE}; never null
 * @param levelValue      the level's integer value ({@code SEVERE} is 1000)
 * @param loggerName      the logger's name; may be null for the anonymous logger
 * @param threadName      the name of the thread that logged; may be null when unknown
 * @param threadId        the id of the thread that logged
 * @param message         the message, already localised and with its parameters substituted; may be null
 * @param source          where the call was made, when known; may be null
 * @param thrown          the throwable of the call; may be null
 * @param extras          the per-call extra fields in insertion order, never null (empty when none)
 */
public record LogEvent(
        Instant timestamp,
        String levelName,
        int levelValue,
        String loggerName,
        String threadName,
        long threadId,
        String message,
        SourceLocation source,
        Throwable thrown,
        Map<String, Object> extras) {

    /** Checks the non-null components; {@code extras} must already be an unmodifiable map. */
    public LogEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(levelName, "levelName");
        extras = extras == null ? Map.of() : extras;
    }

    /**
     * Where a log call was made.
     *
     * @param className  the calling class; may be null
     * @param methodName the calling method; may be null
     * @param fileName   the source file, when the class was compiled with debug information; may be null
     * @param lineNumber the line, or a negative number when unknown
     */
    public record SourceLocation(String className, String methodName, String fileName, int lineNumber) {
    }
}
