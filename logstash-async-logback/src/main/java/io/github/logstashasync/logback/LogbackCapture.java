package io.github.logstashasync.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Context;
import io.github.logstashasync.api.Extras;
import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.RequestContext;
import io.github.logstashasync.api.Severity;
import io.github.logstashasync.api.ValueSnapshots;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * Takes the immutable snapshot of a Logback event on the thread that logged (the hot path of the appender): every
 * value that could change afterwards is copied or replaced by its string form before the appender returns.
 */
final class LogbackCapture {

    /** Markers nested deeper than this are left out (a marker that references itself through others). */
    private static final int MAX_MARKER_DEPTH = 16;

    private final boolean includeCallerData;
    private final boolean includeMdc;
    private final boolean includeKeyValues;
    private final boolean includeMarkers;
    /** Whether an event's MDC map is already an immutable snapshot (Logback's own adapter), so no copy is needed. */
    private final boolean mdcIsSnapshot;

    LogbackCapture(Context context, boolean includeCallerData, boolean includeMdc, boolean includeKeyValues,
            boolean includeMarkers) {
        this.includeCallerData = includeCallerData;
        this.includeMdc = includeMdc;
        this.includeKeyValues = includeKeyValues;
        this.includeMarkers = includeMarkers;
        // LogbackMDCAdapter (1.3 and later) hands out an unmodifiable copy of the thread's map, and makes a new one
        // after the next put or remove, never changing one it handed out: a LoggingEvent's map is a snapshot.
        // Any other adapter (a subclass too) may not work so, and its maps are copied.
        this.mdcIsSnapshot = context instanceof LoggerContext loggerContext
                && loggerContext.getMDCAdapter() != null
                && loggerContext.getMDCAdapter().getClass() == LogbackMDCAdapter.class;
    }

    /** Returns the snapshot of {@code event}. */
    LogEvent capture(ILoggingEvent event) {
        Level level = event.getLevel();
        String threadName = event.getThreadName();
        Thread current = Thread.currentThread();
        // Logback records no thread id: the current thread's when the event is appended where it was logged
        long threadId = threadName != null && threadName.equals(current.getName()) ? current.getId() : -1;
        LogEvent.SourceLocation source = includeCallerData ? callerOf(event) : null;
        return new LogEvent(event.getInstant(), severity(level), level.toString(), event.getLoggerName(), threadName,
                threadId, message(event), source, thrown(event.getThrowableProxy()),
                extrasOf(event.getArgumentArray()),
                includeMdc ? RequestContext.mergeInto(context(event)) : RequestContext.current(),
                includeKeyValues ? keyValues(event.getKeyValuePairs()) : Map.of(),
                includeMarkers ? markers(event.getMarkerList()) : List.of());
    }

    /**
     * The formatted message; the pattern itself when it has no placeholder, as SLF4J's formatter would return it,
     * without the buffer that formatter allocates before it finds none (most of the capture's garbage when the
     * arguments are only {@code Extras}, key-values passed as a parameter).
     */
    static String message(ILoggingEvent event) {
        String pattern = event.getMessage();
        Object[] arguments = event.getArgumentArray();
        if (pattern != null && arguments != null && arguments.length > 0 && pattern.indexOf('{') < 0) {
            return pattern;
        }
        return event.getFormattedMessage();
    }

    /** ERROR, WARN, INFO, DEBUG and TRACE as they are; a level between two standard ones gets the lower one's. */
    static Severity severity(Level level) {
        int value = level.toInt();
        if (value >= Level.ERROR_INT) {
            return Severity.ERROR;
        }
        if (value >= Level.WARN_INT) {
            return Severity.WARN;
        }
        if (value >= Level.INFO_INT) {
            return Severity.INFO;
        }
        if (value >= Level.DEBUG_INT) {
            return Severity.DEBUG;
        }
        return Severity.TRACE;
    }

    private static LogEvent.SourceLocation callerOf(ILoggingEvent event) {
        StackTraceElement[] callerData = event.getCallerData();
        if (callerData == null || callerData.length == 0) {
            return null;
        }
        StackTraceElement frame = callerData[0];
        return new LogEvent.SourceLocation(frame.getClassName(), frame.getMethodName(), frame.getFileName(),
                frame.getLineNumber());
    }

    private static Throwable thrown(IThrowableProxy proxy) {
        if (proxy == null) {
            return null;
        }
        if (proxy instanceof ThrowableProxy real && real.getThrowable() != null) {
            return real.getThrowable();
        }
        return ProxiedThrowable.of(proxy);
    }

    private Map<String, String> context(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc == null || mdc.isEmpty()) {
            return Map.of();
        }
        if (mdcIsSnapshot && event.getClass() == LoggingEvent.class) {
            return mdc;
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(mdc));
    }

    private static Map<String, Object> keyValues(List<KeyValuePair> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> values = new LinkedHashMap<>(pairs.size() * 4 / 3 + 1);
        for (KeyValuePair pair : pairs) {
            if (pair != null && pair.key != null) {
                values.put(pair.key, ValueSnapshots.of(pair.value));
            }
        }
        return values.isEmpty() ? Map.of() : Collections.unmodifiableMap(values);
    }

    /**
     * The names of the event's markers and of the markers they reference, depth first, each once. SLF4J 2.0.17
     * deprecated references between markers, but they still work and are in use (logstash-logback-encoder builds
     * on them), so they are followed.
     */
    @SuppressWarnings("deprecation")
    static List<String> markers(List<Marker> markers) {
        if (markers == null || markers.isEmpty()) {
            return List.of();
        }
        if (markers.size() == 1) {
            Marker only = markers.get(0);
            if (only != null && only.getName() != null && !only.hasReferences()) {
                return List.of(only.getName());
            }
        }
        List<String> names = new ArrayList<>();
        Set<Marker> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Marker marker : markers) {
            addMarker(marker, names, seen, 0);
        }
        return Collections.unmodifiableList(names);
    }

    @SuppressWarnings("deprecation")
    private static void addMarker(Marker marker, List<String> names, Set<Marker> seen, int depth) {
        if (marker == null || depth > MAX_MARKER_DEPTH || !seen.add(marker)) {
            return;
        }
        String name = marker.getName();
        if (name != null && !names.contains(name)) {
            names.add(name);
        }
        if (marker.hasReferences()) {
            for (Iterator<Marker> it = marker.iterator(); it.hasNext();) {
                addMarker(it.next(), names, seen, depth + 1);
            }
        }
    }

    /** The fields of every {@link Extras} among the arguments, a later one winning; snapshotted where mutable. */
    private static Map<String, Object> extrasOf(Object[] arguments) {
        return ValueSnapshots.ofFields(Extras.merge(arguments));
    }
}
