package io.github.logstashasync.api;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Extra fields for one log call, passed as a log parameter:
 * {@code logger.log(Level.INFO, "user {0} logged in", new Object[] {user, Extras.of("user_id", 42)})}
 * or simply {@code logger.log(Level.INFO, "logged in", Extras.of("user_id", 42))}.
 *
 * <p>An {@code Extras} is an immutable map that keeps insertion order; a later key replaces an
 * earlier one. Values are written as JSON: strings, numbers, booleans, null, maps, collections,
 * arrays, and {@code toString()} of anything else.
 */
public final class Extras extends AbstractMap<String, Object> {

    private static final Extras EMPTY = new Extras(new Object[0], 0);

    /**
     * Above this many fields, duplicate keys are found with a hash set instead of by comparing every pair: a log
     * call's extras are a handful, and an array of them is a quarter of the garbage of a hash map.
     */
    private static final int LINEAR_LIMIT = 16;

    /**
     * The fields as {@code key0, value0, key1, value1, ...}, keys distinct, in order; only the first
     * {@code 2 * size} slots are used. Never changed once built, never handed out.
     */
    private final Object[] pairs;
    private final int size;

    private Extras(Object[] pairs, int size) {
        this.pairs = pairs;
        this.size = size;
    }

    /** Whether every value is one a snapshot keeps as it is (strings, numbers, ...): then it needs no copy. */
    boolean hasImmutableValues() {
        for (int i = 1; i < 2 * size; i += 2) {
            if (!ValueSnapshots.isImmutable(pairs[i])) {
                return false;
            }
        }
        return true;
    }

    /** Returns extras without fields. */
    public static Extras empty() {
        return EMPTY;
    }

    /**
     * Returns extras from alternating keys and values.
     *
     * @param keysAndValues {@code key1, value1, key2, value2, ...}; keys must be non-null strings
     * @throws IllegalArgumentException if the count is odd or a key is not a non-empty string
     */
    public static Extras of(Object... keysAndValues) {
        Objects.requireNonNull(keysAndValues, "keysAndValues");
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Extras.of needs key/value pairs, got an odd number of arguments: "
                    + keysAndValues.length);
        }
        if (keysAndValues.length == 0) {
            return EMPTY;
        }
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw new IllegalArgumentException("Extras.of: the key at position " + i + " is not a String: "
                        + keysAndValues[i]);
            }
            if (key.isEmpty()) {
                throw new IllegalArgumentException("an extra field name must be a non-empty string");
            }
        }
        // A copy: the caller may reuse its array. This runs on every log call that passes extras: one array, no map.
        Object[] pairs = keysAndValues.clone();
        return new Extras(pairs, distinct(pairs));
    }

    /**
     * Folds duplicate keys of {@code pairs} into the first one's place with the last one's value (what a map's
     * put does), moving the rest up, and returns how many distinct keys are left.
     */
    private static int distinct(Object[] pairs) {
        int n = pairs.length / 2;
        if (n > LINEAR_LIMIT) {
            LinkedHashMap<Object, Object> map = new LinkedHashMap<>(n * 4 / 3 + 1);
            for (int i = 0; i < pairs.length; i += 2) {
                map.put(pairs[i], pairs[i + 1]);
            }
            if (map.size() == n) {
                return n;
            }
            int i = 0;
            for (Map.Entry<Object, Object> entry : map.entrySet()) {
                pairs[i++] = entry.getKey();
                pairs[i++] = entry.getValue();
            }
            return map.size();
        }
        int size = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            int at = indexOf(pairs, size, pairs[i]);
            if (at >= 0) {
                pairs[at + 1] = pairs[i + 1];
            } else {
                pairs[2 * size] = pairs[i];
                pairs[2 * size + 1] = pairs[i + 1];
                size++;
            }
        }
        return size;
    }

    /** The index of {@code key} among the first {@code size} keys of {@code pairs}, or -1. */
    private static int indexOf(Object[] pairs, int size, Object key) {
        for (int i = 0; i < 2 * size; i += 2) {
            if (pairs[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns the fields of every {@code Extras} among a log call's parameters, merged in order (a later key wins):
     * the one itself when there is one (no copy, the common case), an empty map when there is none. The one merge
     * of every front-end (JUL, Logback, Log4j), on the caller's thread.
     *
     * @param parameters the log call's parameters or arguments; may be null
     */
    public static Map<String, Object> merge(Object[] parameters) {
        if (parameters == null || parameters.length == 0) {
            return Map.of();
        }
        Extras single = null;
        Map<String, Object> merged = null;
        for (Object parameter : parameters) {
            if (parameter instanceof Extras extras && !extras.isEmpty()) {
                if (single == null) {
                    single = extras;
                } else {
                    if (merged == null) {
                        merged = new LinkedHashMap<>(single);
                    }
                    merged.putAll(extras);
                }
            }
        }
        if (merged != null) {
            return Collections.unmodifiableMap(merged);
        }
        return single == null ? Map.of() : single;
    }

    /** Returns extras holding a copy of {@code map}; its keys must be non-empty strings. */
    public static Extras from(Map<String, ?> map) {
        Objects.requireNonNull(map, "map");
        Builder builder = builder();
        map.forEach(builder::put);
        return builder.build();
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int at = 2 * next++;
                        return new AbstractMap.SimpleImmutableEntry<>((String) pairs[at], pairs[at + 1]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Object get(Object key) {
        int at = key == null ? -1 : indexOf(pairs, size, key);
        return at < 0 ? null : pairs[at + 1];
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && indexOf(pairs, size, key) >= 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    /** Visits the fields in order, without entries. */
    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < 2 * size; i += 2) {
            action.accept((String) pairs[i], pairs[i + 1]);
        }
    }

    /** Builds {@link Extras}; not thread-safe. */
    public static final class Builder {
        private final LinkedHashMap<String, Object> fields = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds or replaces a field.
         *
         * @param key   a non-empty name
         * @param value the value; may be null
         * @return this builder
         */
        public Builder put(String key, Object value) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("an extra field name must be a non-empty string");
            }
            fields.put(key, value);
            return this;
        }

        /** Returns the extras built so far. */
        public Extras build() {
            if (fields.isEmpty()) {
                return EMPTY;
            }
            Object[] pairs = new Object[2 * fields.size()];
            int i = 0;
            for (Map.Entry<String, Object> entry : fields.entrySet()) {
                pairs[i++] = entry.getKey();
                pairs[i++] = entry.getValue();
            }
            return new Extras(pairs, fields.size());
        }
    }
}
