package io.github.logstashasync.core.internal.format;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Renders throwables for the {@code stack_trace}, {@code error_type} and {@code error.message} fields. */
public final class StackTraces {

    private StackTraces() {
    }

    /**
     * Returns the stack trace as {@link Throwable#printStackTrace()} prints it: causes, suppressed exceptions and
     * circular references included. A throwable whose {@code toString()} or {@code getMessage()} throws still
     * gets its class name and frames, never an exception.
     */
    public static String of(Throwable thrown) {
        StringWriter text = new StringWriter(1024);
        try (PrintWriter out = new PrintWriter(text)) {
            thrown.printStackTrace(out);
        } catch (Exception | StackOverflowError | LinkageError e) {
            return framesOnly(thrown, e);
        }
        return Utf16.clean(text.toString());
    }

    /** Returns the throwable's message with lone surrogates repaired, or null when it has none or it throws. */
    public static String message(Throwable thrown) {
        try {
            String message = thrown.getMessage();
            return message == null ? null : Utf16.clean(message);
        } catch (Exception | StackOverflowError | LinkageError e) {
            return SafeValueWriter.unserialisable(thrown, e);
        }
    }

    private static String framesOnly(Throwable thrown, Throwable failure) {
        StringBuilder text = new StringBuilder(thrown.getClass().getName())
                .append(": <message unavailable: ").append(failure.getClass().getName()).append(">")
                .append(System.lineSeparator());
        try {
            for (StackTraceElement frame : thrown.getStackTrace()) {
                text.append("\tat ").append(frame).append(System.lineSeparator());
            }
        } catch (Exception | StackOverflowError | LinkageError e) {
            // getStackTrace overridden and broken: the class name is all we can give
        }
        return Utf16.clean(text.toString());
    }
}
