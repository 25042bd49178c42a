package io.github.logstashasync.api;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private static final Extras EMPTY = new Extras(Map.of());

    private final Map<String, Object> fields;

    private Extras(Map<String, Object> fields) {
        this.fields = fields;
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
        // Filled directly instead of through a Builder, whose build() copies the map: this runs on every log call
        // that passes extras, and the copy was a third of its cost.
        int pairs = keysAndValues.length / 2;
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>(pairs * 4 / 3 + 1);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw new IllegalArgumentException("Extras.of: the key at position " + i + " is not a String: "
                        + keysAndValues[i]);
            }
            if (key.isEmpty()) {
                throw new IllegalArgumentException("an extra field name must be a non-empty string");
            }
            fields.put(key, keysAndValues[i + 1]);
        }
        return new Extras(Collections.unmodifiableMap(fields));
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
        return fields.entrySet();
    }

    @Override
    public Object get(Object key) {
        return fields.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return fields.containsKey(key);
    }

    @Override
    public int size() {
        return fields.size();
    }

    /** Visits the fields in order without the entry wrappers that iterating {@link #entrySet()} creates. */
    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        fields.forEach(action);
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
            return fields.isEmpty() ? EMPTY : new Extras(Collections.unmodifiableMap(new LinkedHashMap<>(fields)));
        }
    }
}
