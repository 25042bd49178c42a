package io.github.logstashasync.api;

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
 * Snapshots of the values a log call carries (SLF4J key-value pairs, {@code MapMessage} fields, the fields of
 * {@code Extras}), taken on the caller's thread before a front-end's append returns, since the worker writes them
 * later; one implementation for every front-end. Immutable values are kept as
 * they are, so a number stays a JSON number: strings, boxed primitives, {@code BigDecimal}, {@code BigInteger},
 * enums, {@code java.time} values, {@code UUID}, {@code URI}, {@code Path}. Maps, collections and arrays are copied
 * (their elements snapshotted in turn), so they stay JSON objects and arrays. Anything else is replaced by its
 * {@code toString()} now: a mutable object might change, or stop being safe to read, before it is written.
 */
public final class ValueSnapshots {

    /** Containers nested deeper than this are cut off (a cycle, or nothing a log event should carry). */
    public static final int MAX_DEPTH = 16;
    /** What a container nested deeper than {@link #MAX_DEPTH} becomes. */
    public static final String TOO_DEEP = "<too deep>";

    private ValueSnapshots() {
    }

    /**
     * Returns {@code fields} itself when every value is immutable (the common case, and no copy), else an
     * unmodifiable copy with every value snapshotted. {@code fields} must itself be unmodifiable.
     */
    public static Map<String, Object> ofFields(Map<String, Object> fields) {
        if (fields instanceof Extras extras && extras.hasImmutableValues()) {
            return fields; // the common case, known when the extras were made: no walk over the values
        }
        for (Object value : fields.values()) {
            if (!isImmutable(value)) {
                Map<String, Object> copy = new LinkedHashMap<>(fields.size() * 4 / 3 + 1);
                fields.forEach((k, v) -> copy.put(k, of(v)));
                return Collections.unmodifiableMap(copy);
            }
        }
        return fields;
    }

    /** Returns an immutable snapshot of {@code value}. Never throws. */
    public static Object of(Object value) {
        return of(value, 0);
    }

    /** Whether {@code value} is kept as it is. */
    public static boolean isImmutable(Object value) {
        return value == null || value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Double || value instanceof Boolean || value instanceof Float
                || value instanceof Short || value instanceof Byte || value instanceof Character
                || value instanceof BigDecimal && value.getClass() == BigDecimal.class
                || value instanceof BigInteger && value.getClass() == BigInteger.class
                || value instanceof Enum<?> || value instanceof UUID || value instanceof URI || value instanceof Path
                || value instanceof TemporalAccessor && value.getClass().getName().startsWith("java.time.");
    }

    private static Object of(Object value, int depth) {
        if (isImmutable(value)) {
            return value;
        }
        try {
            if (value instanceof Map<?, ?> || value instanceof Collection<?> || value.getClass().isArray()) {
                return depth >= MAX_DEPTH ? TOO_DEEP : container(value, depth + 1);
            }
            return String.valueOf(value);
        } catch (RuntimeException | StackOverflowError e) {
            // a toString() or an iterator that throws (a concurrent modification, say): what the formatter writes
            // for a value it cannot read, so the event still goes out
            return "<unserialisable " + value.getClass().getName() + ": " + e + ">";
        }
    }

    private static Object container(Object value, int depth) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(map.size() * 4 / 3 + 1);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(String.valueOf(entry.getKey()), of(entry.getValue(), depth));
            }
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
