package io.github.logstashasync.core.internal.format;

import java.io.PrintWriter;
import java.io.Writer;

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
        return of(thrown, 0);
    }

    /**
     * Returns the stack trace as {@link #of(Throwable)}, cut after {@code maxLength} characters (0: no limit) with
     * a last line that says how much was left out, as logstash-logback-encoder's {@code ShortenedThrowableConverter}
     * does: a deep recursion's trace (thousands of frames, and the causes') would otherwise make an event of
     * megabytes that no receiver takes. The whole trace is never built when it is cut.
     */
    public static String of(Throwable thrown, int maxLength) {
        CappedWriter text = new CappedWriter(maxLength);
        try (PrintWriter out = new PrintWriter(text)) {
            thrown.printStackTrace(out);
        } catch (Exception | StackOverflowError | LinkageError e) {
            return framesOnly(thrown, e);
        }
        return Utf16.clean(text.result());
    }

    /** Keeps the first {@code max} characters written and counts the rest. */
    private static final class CappedWriter extends Writer {
        private final StringBuilder kept = new StringBuilder(1024);
        private final int max;
        private long omitted;

        CappedWriter(int max) {
            this.max = max <= 0 ? Integer.MAX_VALUE : max;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            int room = max - kept.length();
            int take = Math.max(0, Math.min(room, length));
            kept.append(chars, offset, take);
            omitted += length - take;
        }

        @Override
        public void write(String text, int offset, int length) {
            int room = max - kept.length();
            int take = Math.max(0, Math.min(room, length));
            kept.append(text, offset, offset + take);
            omitted += length - take;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        String result() {
            if (omitted == 0) {
                return kept.toString();
            }
            int end = kept.length();
            if (end > 0 && Character.isHighSurrogate(kept.charAt(end - 1))) {
                kept.setLength(end - 1); // never cut a character in two
                omitted++;
            }
            return kept.append(System.lineSeparator()).append("\t... stack trace cut: ").append(omitted)
                    .append(" more characters (maxStackTraceLength ").append(max).append(')')
                    .append(System.lineSeparator()).toString();
        }
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
