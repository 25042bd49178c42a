package io.github.logstashasync.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The fields of the request the current thread is serving (a web request, a job), which every front-end (JUL,
 * Logback, Log4j 2) adds to the context data of the events the thread logs, under the thread's MDC or
 * ThreadContext entries of the same name.
 *
 * <p>The fields are held as one unmodifiable map that every change replaces (copy on write): an event captures it
 * by reference, without a copy, and a later change never alters an event already captured. A thread's fields are
 * set by {@link #open(Map)} and restored by closing the returned {@link Scope}, in a {@code finally} or a
 * try-with-resources, so that they never leak to the next task the thread runs.
 */
public final class RequestContext {

    private static final ThreadLocal<Map<String, String>> CURRENT = new ThreadLocal<>();

    private RequestContext() {
    }

    /** Returns the current thread's fields, an unmodifiable map; never null (empty when there are none). */
    public static Map<String, String> current() {
        Map<String, String> fields = CURRENT.get();
        return fields == null ? Map.of() : fields;
    }

    /**
     * Makes {@code fields} the current thread's fields until the returned scope is closed, which restores the
     * fields there were before (none, most of the time).
     *
     * @param fields the fields, copied; never null; null keys are refused, entries with null values are left out
     * @return the scope to close on the same thread; never null
     */
    public static Scope open(Map<String, String> fields) {
        Objects.requireNonNull(fields, "fields");
        Map<String, String> previous = CURRENT.get();
        set(copyOf(fields));
        return new Scope(Thread.currentThread(), previous);
    }

    /**
     * Adds a field to the current thread's fields, or replaces it; a null value removes it. Events captured
     * before keep the fields they had.
     *
     * @param key   the field's name; never null
     * @param value the value; null removes the field
     */
    public static void put(String key, String value) {
        Objects.requireNonNull(key, "key");
        Map<String, String> fields = new LinkedHashMap<>(current());
        if (value == null) {
            fields.remove(key);
        } else {
            fields.put(key, value);
        }
        set(copyOf(fields));
    }

    /**
     * Returns a task that runs {@code task} with the current thread's fields of now, for handing work to another
     * thread (an executor, {@code AsyncContext.start}); the thread that runs it gets its own fields back after.
     *
     * @param task the task; never null
     * @return the wrapping task; never null
     */
    public static Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        Map<String, String> fields = current();
        return () -> {
            Map<String, String> previous = CURRENT.get();
            set(fields);
            try {
                task.run();
            } finally {
                if (previous == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(previous);
                }
            }
        };
    }

    /** Removes every field of the current thread. */
    public static void clear() {
        CURRENT.remove();
    }

    /**
     * Returns {@code contextData} with the current thread's fields under it: an entry of {@code contextData} wins
     * over a field of the same name. A front-end calls this at capture; no copy is made when either is empty.
     *
     * @param contextData the event's own context data (MDC, ThreadContext), an unmodifiable snapshot; never null
     * @return an unmodifiable map; never null
     */
    public static Map<String, String> mergeInto(Map<String, String> contextData) {
        Map<String, String> fields = CURRENT.get();
        if (fields == null || fields.isEmpty()) {
            return contextData;
        }
        if (contextData.isEmpty()) {
            return fields;
        }
        if (holdsAll(contextData, fields)) {
            // the servlet filter puts the fields into the MDC too: then the MDC's snapshot is the merge, no copy
            return contextData;
        }
        Map<String, String> merged = new LinkedHashMap<>(fields);
        merged.putAll(contextData);
        return Collections.unmodifiableMap(merged);
    }

    /** Whether {@code contextData} has every entry of {@code fields}, (its values win anyway). */
    private static boolean holdsAll(Map<String, String> contextData, Map<String, String> fields) {
        if (contextData.size() < fields.size()) {
            return false;
        }
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!contextData.containsKey(field.getKey())) {
                return false;
            }
        }
        return true;
    }

    private static void set(Map<String, String> fields) {
        if (fields.isEmpty()) {
            CURRENT.remove();
        } else {
            CURRENT.set(fields);
        }
    }

    private static Map<String, String> copyOf(Map<String, String> fields) {
        Map<String, String> copy = new LinkedHashMap<>(fields.size() * 4 / 3 + 1);
        for (Map.Entry<String, String> entry : fields.entrySet()) {
            Objects.requireNonNull(entry.getKey(), "a field's name");
            if (entry.getValue() != null) {
                copy.put(entry.getKey(), entry.getValue());
            }
        }
        return copy.isEmpty() ? Map.of() : Collections.unmodifiableMap(copy);
    }

    /** The fields set by {@link #open(Map)}; closing it restores the fields there were before. */
    public static final class Scope implements AutoCloseable {

        private final Thread owner;
        private final Map<String, String> previous;
        private boolean closed;

        private Scope(Thread owner, Map<String, String> previous) {
            this.owner = owner;
            this.previous = previous;
        }

        /**
         * Restores the fields there were when the scope was opened; a second call does nothing. On another thread
         * than the one that opened it, it only clears that thread's fields, which are not this scope's to restore.
         */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (Thread.currentThread() != owner || previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
