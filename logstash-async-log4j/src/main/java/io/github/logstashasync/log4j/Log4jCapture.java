package io.github.logstashasync.log4j;

import io.github.logstashasync.api.Extras;
import io.github.logstashasync.api.RequestContext;
import io.github.logstashasync.api.Severity;
import io.github.logstashasync.api.ValueSnapshots;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.TriConsumer;

/**
 * Takes the immutable snapshot of a Log4j {@link LogEvent} on the thread that calls the appender. Log4j reuses its
 * events (garbage-free mode, the async loggers' ring buffer): nothing of the Log4j event, its message or its context
 * map is kept once the snapshot is taken.
 */
final class Log4jCapture {

    /** The {@code MapMessage} entry that becomes the event's message instead of an extra field. */
    static final String MESSAGE_KEY = "message";
    /** Markers form a graph through their parents; a longer chain than this is a cycle or a mistake. */
    private static final int MAX_MARKER_DEPTH = 16;

    private static final TriConsumer<String, Object, Map<String, String>> PUT_STRING =
            (key, value, map) -> map.put(key, value == null ? null : value.toString());
    private static final TriConsumer<String, Object, Map<String, Object>> PUT_VALUE = (key, value, map) -> {
        if (!MESSAGE_KEY.equals(key)) {
            map.put(key, ValueSnapshots.of(value));
        }
    };

    private Log4jCapture() {
    }

    /**
     * Returns the snapshot of {@code event}.
     *
     * @param event           the Log4j event; never null, not kept
     * @param includeLocation whether to take the caller's class, method, file and line ({@link LogEvent#getSource()}
     *                        walks the stack unless an async logger already did)
     * @param layout          a Log4j layout whose output becomes the message; null: the formatted message
     */
    static io.github.logstashasync.api.LogEvent capture(LogEvent event, boolean includeLocation,
            Layout<? extends Serializable> layout) {
        org.apache.logging.log4j.core.time.Instant instant = event.getInstant();
        Level level = event.getLevel();
        Message message = event.getMessage();
        Map<String, Object> keyValues = Map.of();
        Map<String, Object> extras = Map.of();
        String text;
        if (message instanceof MapMessage<?, ?> map) {
            keyValues = keyValues(map);
            text = map.containsKey(MESSAGE_KEY) ? map.get(MESSAGE_KEY) : map.getFormattedMessage();
        } else if (message != null) {
            extras = extras(message.getParameters());
            text = message.getFormattedMessage();
        } else {
            text = null;
        }
        if (layout != null) {
            text = layoutMessage(layout, event, text);
        }
        StackTraceElement source = includeLocation ? event.getSource() : null;
        return new io.github.logstashasync.api.LogEvent(
                Instant.ofEpochSecond(instant.getEpochSecond(), instant.getNanoOfSecond()),
                severity(level), level == null ? "OFF" : level.name(), event.getLoggerName(), event.getThreadName(),
                event.getThreadId(), text, source == null ? null : location(source), event.getThrown(), extras,
                RequestContext.mergeInto(context(event.getContextData())), keyValues, markers(event.getMarker()));
    }

    /**
     * Returns the severity of a Log4j level by its {@code intLevel}: the standard levels map to their namesakes
     * (OFF to FATAL), and a custom level to the band of the next less severe standard level, as
     * {@link Severity#ofJulValue} does for JUL (Log4j's numbers grow as severity falls: NOTICE at 350 is INFO).
     */
    static Severity severity(Level level) {
        if (level == null) {
            return Severity.INFO;
        }
        int value = level.intLevel();
        if (value <= Level.FATAL.intLevel()) {
            return Severity.FATAL;
        }
        if (value <= Level.ERROR.intLevel()) {
            return Severity.ERROR;
        }
        if (value <= Level.WARN.intLevel()) {
            return Severity.WARN;
        }
        if (value <= Level.INFO.intLevel()) {
            return Severity.INFO;
        }
        if (value <= Level.DEBUG.intLevel()) {
            return Severity.DEBUG;
        }
        return Severity.TRACE;
    }

    /** The context data (ThreadContext map) as strings, in the map's order. */
    static Map<String, String> context(ReadOnlyStringMap data) {
        int size = data == null ? 0 : data.size();
        if (size == 0) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>(capacity(size));
        data.forEach(PUT_STRING, copy);
        return Collections.unmodifiableMap(copy);
    }

    /** The fields of a {@code MapMessage} but {@value #MESSAGE_KEY}, typed values kept, mutable ones copied. */
    static Map<String, Object> keyValues(MapMessage<?, ?> message) {
        ReadOnlyStringMap data = message.getIndexedReadOnlyStringMap();
        int size = data.size();
        if (size == 0) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>(capacity(size));
        data.forEach(PUT_VALUE, copy);
        return copy.isEmpty() ? Map.of() : Collections.unmodifiableMap(copy);
    }

    /**
     * The message parameters that are {@link Extras}, merged in order (a later key wins), snapshotted where
     * mutable, as the Logback appender does.
     */
    static Map<String, Object> extras(Object[] parameters) {
        return ValueSnapshots.ofFields(Extras.merge(parameters));
    }

    /** The names of a marker and of its ancestors, depth first, each once. */
    static List<String> markers(Marker marker) {
        if (marker == null) {
            return List.of();
        }
        if (!marker.hasParents()) {
            return List.of(marker.getName());
        }
        List<String> names = new ArrayList<>(4);
        addWithParents(marker, names, 0);
        return Collections.unmodifiableList(names);
    }

    private static void addWithParents(Marker marker, List<String> names, int depth) {
        if (marker == null || names.contains(marker.getName())) {
            return;
        }
        names.add(marker.getName());
        if (depth < MAX_MARKER_DEPTH && marker.hasParents()) {
            for (Marker parent : marker.getParents()) {
                addWithParents(parent, names, depth + 1);
            }
        }
    }

    private static io.github.logstashasync.api.LogEvent.SourceLocation location(StackTraceElement source) {
        return new io.github.logstashasync.api.LogEvent.SourceLocation(source.getClassName(), source.getMethodName(),
                source.getFileName(), source.getLineNumber());
    }

    /** The layout's text without its line ending, or {@code fallback} when the layout does not write text. */
    private static String layoutMessage(Layout<? extends Serializable> layout, LogEvent event, String fallback) {
        if (!(layout.toSerializable(event) instanceof String text)) {
            return fallback;
        }
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return end == text.length() ? text : text.substring(0, end);
    }

    private static int capacity(int size) {
        return size * 4 / 3 + 1;
    }
}
