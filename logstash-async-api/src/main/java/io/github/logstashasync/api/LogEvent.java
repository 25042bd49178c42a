package io.github.logstashasync.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of one log call, taken on the caller's thread and formatted later on the
 * worker thread. Every logging front-end (JUL, Logback, Log4j 2) captures into this one shape: whatever is
 * mutable at the call (the MDC, argument values) must be copied before the event is offered.
 *
 * @param timestamp       when the event happened; never null
 * @param severity        the framework-neutral severity; never null
 * @param levelName       the level as the logging framework names it, for example {@code SEVERE} (JUL),
 *                        {@code WARN} (Logback) or {@code FATAL} (Log4j); never null
 * @param loggerName      the logger's name; may be null for the anonymous logger
 * @param threadName      the name of the thread that logged; may be null when unknown
 * @param threadId        the id of the thread that logged
 * @param message         the message, already localised and with its parameters substituted; may be null
 * @param source          where the call was made, when known; may be null
 * @param thrown          the throwable of the call; may be null
 * @param extras          the per-call extra fields in insertion order (our {@link Extras} arguments), never
 *                        null (empty when none)
 * @param context         the thread's context data at the call (SLF4J MDC, Log4j ThreadContext), a snapshot;
 *                        never null (empty when none)
 * @param keyValues       structured key-value pairs of the call (SLF4J 2 {@code addKeyValue}, Log4j
 *                        {@code MapMessage} fields) in insertion order; never null (empty when none)
 * @param markers         the names of the call's markers (written as tags); never null (empty when none)
 */
public record LogEvent(
        Instant timestamp,
        Severity severity,
        String levelName,
        String loggerName,
        String threadName,
        long threadId,
        String message,
        SourceLocation source,
        Throwable thrown,
        Map<String, Object> extras,
        Map<String, String> context,
        Map<String, Object> keyValues,
        List<String> markers) {

    /**
     * Checks the non-null components; null maps and lists become empty. The maps and the list are kept as they
     * are, not copied: they must already be unmodifiable snapshots.
     */
    public LogEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(levelName, "levelName");
        extras = extras == null ? Map.of() : extras;
        context = context == null ? Map.of() : context;
        keyValues = keyValues == null ? Map.of() : keyValues;
        markers = markers == null ? List.of() : markers;
    }

    /**
     * An event of a front-end without context data, key-value pairs or markers (JUL).
     *
     * @see #LogEvent(Instant, Severity, String, String, String, long, String, SourceLocation, Throwable, Map, Map,
     *      Map, List)
     */
    public LogEvent(Instant timestamp, Severity severity, String levelName, String loggerName, String threadName,
            long threadId, String message, SourceLocation source, Throwable thrown, Map<String, Object> extras) {
        this(timestamp, severity, levelName, loggerName, threadName, threadId, message, source, thrown, extras,
                Map.of(), Map.of(), List.of());
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
