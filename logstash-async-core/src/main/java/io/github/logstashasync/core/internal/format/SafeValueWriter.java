package io.github.logstashasync.core.internal.format;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.POJONode;
import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes any Java value as JSON without ever throwing because of the value: strings, numbers, booleans, null,
 * maps, collections, arrays, optionals, enums, dates and Jackson trees become their natural JSON; anything else
 * becomes its {@code toString()}. A value that cannot be rendered becomes a placeholder string instead of an
 * exception, so one bad extra field never costs the event.
 *
 * <p>Defined results: a container met again inside itself is written as {@value #CYCLE}; nesting deeper than
 * {@value #MAX_DEPTH} levels is cut with {@value #TOO_DEEP}; NaN and the infinities (not allowed in JSON) are
 * the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}; lone UTF-16 surrogates become U+FFFD;
 * an iterable that is not a collection is read up to {@value #MAX_ITERABLE_ELEMENTS} elements, then
 * {@value #TRUNCATED} is appended. One instance per thread: not thread-safe.
 */
public final class SafeValueWriter {

    /** How deeply containers may nest inside one value. */
    public static final int MAX_DEPTH = 32;
    /** How many elements of a non-collection iterable (which may be endless) are written. */
    public static final int MAX_ITERABLE_ELEMENTS = 100_000;
    /** Written where a container contains itself. */
    public static final String CYCLE = "<cycle>";
    /** Written where nesting exceeds {@link #MAX_DEPTH}. */
    public static final String TOO_DEEP = "<too deep>";
    /** Appended to an iterable cut at {@link #MAX_ITERABLE_ELEMENTS}. */
    public static final String TRUNCATED = "<truncated>";

    /**
     * Whether a class is a Jackson 2 tree ({@code com.fasterxml.jackson.databind.JsonNode}, which we do not depend
     * on): an iterable of its values, which would lose an object's names; it is read back from its JSON text.
     */
    private static final ClassValue<Boolean> JACKSON2_TREE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (c.getName().equals("com.fasterxml.jackson.databind.JsonNode")) {
                    return true;
                }
            }
            return false;
        }
    };
    private static final ObjectMapper TREES = new ObjectMapper();

    /** The containers on the path from the root value to the one being written, for cycle detection. */
    private final Object[] path = new Object[MAX_DEPTH];
    private int pathLength;

    /** Writes {@code value}; never throws because of the value. */
    public void write(JsonWriter g, Object value) {
        pathLength = 0;
        write(g, value, 0);
    }

    /**
     * Returns the text of {@code value}: its {@code toString()} with lone surrogates repaired, or a placeholder
     * naming its class and the failure when {@code toString()} throws. Null for null.
     */
    public static String safeToString(Object value) {
        if (value == null) {
            return null;
        }
        try {
            String text = value.toString();
            return text == null ? null : Utf16.clean(text);
        } catch (Exception | StackOverflowError | LinkageError e) {
            return unserialisable(value, e);
        }
    }

    /** The placeholder for a value whose rendering failed with {@code failure}. */
    public static String unserialisable(Object value, Throwable failure) {
        return "<unserialisable " + value.getClass().getName() + ": " + describe(failure) + ">";
    }

    /** Returns the class name and message of {@code failure}, never throwing. */
    public static String describe(Throwable failure) {
        String message;
        try {
            message = failure.getMessage();
        } catch (Exception | StackOverflowError | LinkageError e) {
            message = null;
        }
        return Utf16.clean(failure.getClass().getName() + (message == null ? "" : ": " + message));
    }

    private void write(JsonWriter g, Object value, int depth) {
        if (value == null) {
            g.nullValue();
        } else if (value instanceof String s) {
            g.string(s);
        } else if (value instanceof Boolean b) {
            g.bool(b);
        } else if (value instanceof Number n) {
            writeNumber(g, n);
        } else if (value instanceof Enum<?> e) {
            g.string(e.name());
        } else if (value instanceof JsonNode node && !node.isContainer()) {
            write(g, nodeValue(node), depth);
        } else if (value instanceof Map<?, ?> || value instanceof Collection<?> || value instanceof Object[]
                || value instanceof JsonNode) {
            writeContainer(g, value, depth);
        } else if (value instanceof Path || value instanceof File || value instanceof URI || value instanceof URL
                || value instanceof UUID || value instanceof CharSequence || value instanceof Character) {
            // Path is an Iterable of its names: it must be caught before Iterable
            writeText(g, safeToString(value));
        } else if (value instanceof Iterable<?> && JACKSON2_TREE.get(value.getClass())) {
            writeJackson2Tree(g, value, depth);
        } else if (value instanceof Iterable<?>) {
            writeContainer(g, value, depth);
        } else if (value.getClass().isArray()) {
            writePrimitiveArray(g, value);
        } else {
            writeOther(g, value, depth);
        }
    }

    /** A Jackson 2 tree's {@code toString()} is its JSON: read as a Jackson 3 tree, written as any other tree. */
    private void writeJackson2Tree(JsonWriter g, Object value, int depth) {
        String json = safeToString(value);
        JsonNode tree;
        try {
            tree = TREES.readTree(json);
        } catch (RuntimeException e) {
            writeText(g, json);
            return;
        }
        write(g, tree, depth);
    }

    private void writeOther(JsonWriter g, Object value, int depth) {
        if (value instanceof Optional<?> o) {
            write(g, o.orElse(null), depth);
        } else if (value instanceof OptionalInt o) {
            if (o.isPresent()) {
                g.number(o.getAsInt());
            } else {
                g.nullValue();
            }
        } else if (value instanceof OptionalLong o) {
            if (o.isPresent()) {
                g.number(o.getAsLong());
            } else {
                g.nullValue();
            }
        } else if (value instanceof OptionalDouble o) {
            if (o.isPresent()) {
                writeDouble(g, o.getAsDouble());
            } else {
                g.nullValue();
            }
        } else if (value instanceof AtomicBoolean b) {
            g.bool(b.get());
        } else if (value instanceof Date || value instanceof Calendar) {
            writeText(g, dateText(value));
        } else if (value instanceof TemporalAccessor) {
            // java.time's toString() is ISO-8601
            writeText(g, safeToString(value));
        } else {
            writeText(g, safeToString(value));
        }
    }

    private static String dateText(Object value) {
        try {
            long millis = value instanceof Date d ? d.getTime() : ((Calendar) value).getTimeInMillis();
            return Instant.ofEpochMilli(millis).toString();
        } catch (Exception | StackOverflowError | LinkageError e) {
            return unserialisable(value, e);
        }
    }

    private static void writeText(JsonWriter g, String text) {
        if (text == null) {
            g.nullValue();
        } else {
            g.string(text);
        }
    }

    private static void writeNumber(JsonWriter g, Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            g.number(n.longValue());
        } else if (n instanceof Double d) {
            writeDouble(g, d);
        } else if (n instanceof Float f) {
            if (f.isNaN() || f.isInfinite()) {
                writeDouble(g, f);
            } else {
                g.number(Float.toString(f));
            }
        } else if (n instanceof BigDecimal d) {
            // as the Jackson generator wrote it before: toString(), which may use an exponent
            g.number(d.toString());
        } else if (n instanceof BigInteger i) {
            g.number(i.toString());
        } else if (n instanceof AtomicInteger || n instanceof AtomicLong || n instanceof LongAdder
                || n instanceof LongAccumulator) {
            g.number(n.longValue());
        } else if (n instanceof DoubleAdder || n instanceof DoubleAccumulator) {
            writeDouble(g, n.doubleValue());
        } else {
            // an unknown Number's toString() need not be a JSON number
            writeText(g, safeToString(n));
        }
    }

    private static void writeDouble(JsonWriter g, double d) {
        if (Double.isNaN(d)) {
            g.string("NaN");
        } else if (Double.isInfinite(d)) {
            g.string(d > 0 ? "Infinity" : "-Infinity");
        } else {
            g.number(d);
        }
    }

    private void writeContainer(JsonWriter g, Object container, int depth) {
        if (depth >= MAX_DEPTH) {
            g.string(TOO_DEEP);
            return;
        }
        for (int i = 0; i < pathLength; i++) {
            if (path[i] == container) {
                g.string(CYCLE);
                return;
            }
        }
        // Copy the contents first: a container that throws while being read (a concurrent modification, a
        // broken iterator) must fail before anything is written, so the document stays well-formed.
        Snapshot snapshot;
        try {
            snapshot = Snapshot.of(container);
        } catch (Exception | StackOverflowError | LinkageError e) {
            g.string(unserialisable(container, e));
            return;
        }
        path[pathLength++] = container;
        try {
            if (snapshot.keys != null) {
                g.startObject();
                for (int i = 0; i < snapshot.keys.length; i++) {
                    Object key = snapshot.keys[i];
                    String name = key instanceof String s ? s : safeToString(key);
                    g.name(name == null ? "null" : name);
                    write(g, snapshot.values[i], depth + 1);
                }
                g.endObject();
            } else {
                g.startArray();
                for (Object item : snapshot.values) {
                    write(g, item, depth + 1);
                }
                if (snapshot.truncated) {
                    g.string(TRUNCATED);
                }
                g.endArray();
            }
        } finally {
            pathLength--;
        }
    }

    private static void writePrimitiveArray(JsonWriter g, Object array) {
        if (array instanceof char[] chars) {
            g.string(new String(chars));
            return;
        }
        g.startArray();
        if (array instanceof int[] a) {
            for (int v : a) {
                g.number(v);
            }
        } else if (array instanceof long[] a) {
            for (long v : a) {
                g.number(v);
            }
        } else if (array instanceof double[] a) {
            for (double v : a) {
                writeDouble(g, v);
            }
        } else if (array instanceof float[] a) {
            for (float v : a) {
                if (Float.isNaN(v) || Float.isInfinite(v)) {
                    writeDouble(g, v);
                } else {
                    g.number(Float.toString(v));
                }
            }
        } else if (array instanceof short[] a) {
            for (short v : a) {
                g.number(v);
            }
        } else if (array instanceof byte[] a) {
            for (byte v : a) {
                g.number(v);
            }
        } else if (array instanceof boolean[] a) {
            for (boolean v : a) {
                g.bool(v);
            }
        }
        g.endArray();
    }

    /** The contents of a container, read completely before writing: keys are null for arrays. */
    private static final class Snapshot {
        Object[] keys;
        Object[] values;
        boolean truncated;

        static Snapshot of(Object container) {
            Snapshot s = new Snapshot();
            if (container instanceof Map<?, ?> map) {
                s.object(map.entrySet());
            } else if (container instanceof Collection<?> collection) {
                s.values = collection.toArray();
            } else if (container instanceof Object[] array) {
                s.values = array.clone();
            } else if (container instanceof JsonNode node) {
                s.node(node);
            } else {
                s.iterate(((Iterable<?>) container).iterator());
            }
            return s;
        }

        private void object(Collection<? extends Map.Entry<?, ?>> entries) {
            Object[] array = entries.toArray();
            keys = new Object[array.length];
            values = new Object[array.length];
            for (int i = 0; i < array.length; i++) {
                Map.Entry<?, ?> entry = (Map.Entry<?, ?>) array[i];
                keys[i] = entry.getKey();
                values[i] = entry.getValue();
            }
        }

        private void node(JsonNode node) {
            if (node.isObject()) {
                object(node.properties());
            } else {
                iterate(node.values().iterator());
            }
        }

        private void iterate(Iterator<?> iterator) {
            List<Object> items = new ArrayList<>();
            while (iterator.hasNext()) {
                if (items.size() == MAX_ITERABLE_ELEMENTS) {
                    truncated = true;
                    break;
                }
                items.add(iterator.next());
            }
            values = items.toArray();
        }
    }

    /** The Java value of a scalar JSON tree node. */
    private static Object nodeValue(JsonNode node) {
        if (node.isString()) {
            return node.stringValue();
        } else if (node.isNumber()) {
            return node.numberValue();
        } else if (node.isBoolean()) {
            return node.booleanValue();
        } else if (node.isNull() || node.isMissingNode()) {
            return null;
        } else if (node instanceof POJONode pojo) {
            return pojo.getPojo();
        }
        return node.asString();
    }
}
