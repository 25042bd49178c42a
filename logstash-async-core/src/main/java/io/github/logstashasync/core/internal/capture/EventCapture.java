package io.github.logstashasync.core.internal.capture;

import io.github.logstashasync.api.Extras;
import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.RequestContext;
import io.github.logstashasync.api.Severity;
import java.text.MessageFormat;
import java.util.List;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.logging.LogRecord;

/**
 * Takes the immutable snapshot of a {@link LogRecord} on the thread that logged: this is the hot path, so
 * it formats the message only when it has parameters and walks the stack only when caller data is asked for. JUL has
 * no context data of its own: an event's context data is the thread's {@link RequestContext}, taken by reference.
 */
public final class EventCapture {

    private static final StackWalker WALKER = StackWalker.getInstance();

    private EventCapture() {
    }

    /**
     * Returns the snapshot of {@code record}.
     *
     * @param record            the record; never null
     * @param includeCallerData whether to find the calling class, method, file and line (costs a stack walk)
     */
    public static LogEvent capture(LogRecord record, boolean includeCallerData) {
        return capture(record, includeCallerData, null);
    }

    /**
     * Takes a snapshot of {@code record} as {@link #capture(LogRecord, boolean)}, with the message written by
     * {@code messageFormatter} (a JUL formatter configured on the handler; its line ending dropped) instead of
     * the record's formatted message; null: the record's. The message is formatted once either way.
     */
    public static LogEvent capture(LogRecord record, boolean includeCallerData,
                                   java.util.logging.Formatter messageFormatter) {
        Object[] parameters = record.getParameters();
        Map<String, Object> extras = Map.of();
        if (parameters != null && parameters.length > 0) {
            extras = Extras.merge(parameters);
        }
        Thread current = Thread.currentThread();
        long threadId = record.getLongThreadID();
        String threadName = threadId == current.getId() ? current.getName() : null;
        LogEvent.SourceLocation source = includeCallerData ? callerOf(record) : null;
        return new LogEvent(record.getInstant(), Severity.ofJulValue(record.getLevel().intValue()), record.getLevel().getName(),
                record.getLoggerName(), threadName, threadId,
                messageFormatter == null ? message(record, parameters) : formatted(messageFormatter, record), source,
                record.getThrown(), extras, RequestContext.current(), Map.of(), List.of());
    }

    private static String formatted(java.util.logging.Formatter formatter, LogRecord record) {
        String message = formatter.format(record);
        if (message != null && message.endsWith("\n")) {
            message = message.substring(0, message.length() - (message.endsWith("\r\n") ? 2 : 1));
        }
        return message;
    }

    /**
     * Returns the message of {@code record} as {@link java.util.logging.Formatter#formatMessage} would:
     * localised through its resource bundle, with {@code {0}}-style parameters substituted.
     */
    public static String message(LogRecord record, Object[] parameters) {
        String format = record.getMessage();
        if (format == null) {
            return null;
        }
        ResourceBundle bundle = record.getResourceBundle();
        if (bundle != null) {
            try {
                format = bundle.getString(format);
            } catch (MissingResourceException | ClassCastException e) {
                // as JUL does: the key itself is the message
            }
        }
        if (parameters == null || parameters.length == 0 || format.indexOf('{') < 0) {
            return format;
        }
        try {
            // the test JUL's Formatter applies: MessageFormat only when a {0}..{3} placeholder is present
            if (format.contains("{0") || format.contains("{1") || format.contains("{2") || format.contains("{3")) {
                return new MessageFormat(format).format(parameters);
            }
            return format;
        } catch (RuntimeException e) {
            // a bad pattern, or a parameter whose toString() throws: the raw pattern, as JUL's formatMessage gives
            return format;
        }
    }

    private static LogEvent.SourceLocation callerOf(LogRecord record) {
        Optional<StackWalker.StackFrame> frame = WALKER.walk(frames -> frames
                .dropWhile(f -> !isLoggingFrame(f.getClassName()))
                .dropWhile(f -> isLoggingFrame(f.getClassName()))
                .findFirst());
        if (frame.isPresent()) {
            StackWalker.StackFrame f = frame.get();
            return new LogEvent.SourceLocation(f.getClassName(), f.getMethodName(), f.getFileName(), f.getLineNumber());
        }
        String className = record.getSourceClassName();
        return className == null ? null
                : new LogEvent.SourceLocation(className, record.getSourceMethodName(), null, -1);
    }

    /** Frames of logging frameworks and of this library, skipped to find the application's caller. */
    static boolean isLoggingFrame(String className) {
        return className.startsWith("java.util.logging.")
                || className.startsWith("sun.util.logging.")
                || className.startsWith("jdk.internal.logger.")
                || className.startsWith("java.lang.System$Logger")
                || className.startsWith("org.slf4j.bridge.")
                || className.startsWith("org.apache.logging.log4j.jul.")
                || className.startsWith("io.github.logstashasync.core.internal.")
                || className.equals("io.github.logstashasync.core.AsynchronousLogstashHandler")
                || className.equals("io.github.logstashasync.core.SynchronousLogstashHandler")
                || className.equals("io.github.logstashasync.core.AbstractLogstashHandler");
    }
}
