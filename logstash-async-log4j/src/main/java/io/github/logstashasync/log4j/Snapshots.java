package io.github.logstashasync.log4j;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Snapshots of the values of a {@code MapMessage}, taken before the appender returns: immutable values are kept as
 * they are (so a number stays a JSON number), maps, collections and arrays are copied, and any other object is
 * replaced by its string form now, since it may change before the worker writes it.
 */
final class Snapshots {

    /** Containers nested deeper than this are cut off (a cycle, or nothing a log event should carry). */
    static final int MAX_DEPTH = 16;
    /** What a container deeper than {@link #MAX_DEPTH} becomes. */
    static final String TOO_DEEP = "[nested too deeply]";

    private Snapshots() {
    }

    /** Returns an immutable snapshot of {@code value}. */
    static Object of(Object value) {
        return of(value, 0);
    }

    private static Object of(Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Character
                || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Float || value instanceof Short || value instanceof Byte
                || value instanceof BigDecimal || value instanceof BigInteger || value instanceof Enum<?>
                || value instanceof UUID || value instanceof URI || value instanceof Path) {
            return value;
        }
        if (value instanceof TemporalAccessor && value.getClass().getName().startsWith("java.time.")) {
            return value;
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?> || value.getClass().isArray()) {
            return depth >= MAX_DEPTH ? TOO_DEEP : container(value, depth + 1);
        }
        return String.valueOf(value);
    }

    private static Object container(Object value, int depth) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(map.size() * 4 / 3 + 1);
            map.forEach((k, v) -> copy.put(String.valueOf(k), of(v, depth)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>(collection.size());
            for (Object element : collection) {
                copy.add(of(element, depth));
            }
            return Collections.unmodifiableList(copy);
        }
        int length = Array.getLength(value);
        List<Object> copy = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            copy.add(of(Array.get(value, i), depth));
        }
        return Collections.unmodifiableList(copy);
    }
}
