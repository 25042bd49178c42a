package io.github.logstashasync.core.internal.format;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.LogEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The shared machinery of the Logstash and ECS documents: one {@link JsonWriter} per thread writing each event
 * into a reused buffer, constant fields serialised once, safe rendering of every value, extra fields with reserved
 * names renamed, and a fallback document when formatting fails anyway. Subclasses only say which fields go where.
 *
 * <p>Thread-safe: the only mutable state is per thread.
 */
public abstract class JsonEventLayout {

    /** Prefix that a user's extra field gets when its name is taken by a field the formatter writes. */
    public static final String RENAMED_PREFIX = "user_";
    /** The extra field that says why an event was written in its fallback form. */
    public static final String FORMAT_ERROR = "format_error";

    private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);
    private static final char[] TIMESTAMP = JsonWriter.encodeName("@timestamp", true);
    private static final char[] TAGS = JsonWriter.encodeName("tags", true);

    private final FormatterOptions options;
    private final boolean ensureAscii;
    /**
     * The names reserved where extra fields are written: a view of a {@code HashSet}, looked up for every extra
     * field ({@code Set.copyOf}'s probe computes a {@code floorMod} per call, a measurable part of formatting an
     * event with a few extras).
     */
    private final Set<String> reserved;
    /** {@code "prefix":} when extras go into their own object; null when they go to the top level. */
    private final char[] extraObject;
    private final String[] staticKeys;
    private final String[] staticNames;
    /** {@link #staticNames} encoded as field names. */
    private final char[][] staticEncodedNames;
    private final String[] staticValues;
    /** Static extra keys and the names they are written under. */
    private final Map<String, String> staticRenames;
    private final ConstantFields staticBlock;

    /**
     * Prepares the layout.
     *
     * @param options        the options
     * @param topLevelNames  the top-level fields this layout writes
     * @param extraNames     the fields this layout writes where extras go (under the prefix, or at the top level)
     * @throws InvalidOptionException when the extra prefix is one of {@code topLevelNames}
     */
    protected JsonEventLayout(FormatterOptions options, Set<String> topLevelNames, Set<String> extraNames) {
        this.options = options;
        this.ensureAscii = options.ensureAscii();
        String prefix = options.extraPrefix();
        if (topLevelNames.contains(prefix)) {
            throw new InvalidOptionException(options.optionName(FormatterOptions.EXTRA_PREFIX), "'" + prefix
                    + "' is a field the formatter writes itself; choose another name, or empty for top-level extras");
        }
        Set<String> names = new HashSet<>(extraNames);
        if (prefix.isEmpty()) {
            names.addAll(topLevelNames);
            extraObject = null;
        } else {
            extraObject = JsonWriter.encodeName(prefix, ensureAscii);
        }
        this.reserved = Collections.unmodifiableSet(names);

        Map<String, Object> statics = options.extra();
        staticKeys = new String[statics.size()];
        staticNames = new String[statics.size()];
        staticEncodedNames = new char[statics.size()][];
        staticValues = new String[statics.size()];
        Map<String, Object> renamed = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Object> entry : statics.entrySet()) {
            staticKeys[i] = entry.getKey();
            staticNames[i] = Utf16.clean(writtenName(entry.getKey(), statics));
            staticEncodedNames[i] = JsonWriter.encodeName(staticNames[i], ensureAscii);
            staticValues[i] = json(entry.getValue());
            renamed.put(staticNames[i], entry.getValue());
            i++;
        }
        Map<String, String> renames = new HashMap<>();
        for (int k = 0; k < staticKeys.length; k++) {
            renames.put(staticKeys[k], staticNames[k]);
        }
        staticRenames = Map.copyOf(renames);
        staticBlock = constants(renamed);
    }

    /** The options this layout was built with. */
    public final FormatterOptions options() {
        return options;
    }

    /** The names of fields that user extras cannot take at the level where extras are written. */
    public final Set<String> reservedNames() {
        return reserved;
    }

    /**
     * Formats one event as a single-line JSON document. Never throws: when rendering fails, the event is written
     * again without its per-call extras and with a {@value #FORMAT_ERROR} field.
     */
    public final String format(LogEvent event) {
        ThreadState state = STATE.get();
        if (state.busy) {
            // a value's toString() logged through a synchronous handler on this thread: don't clobber the buffer
            state = new ThreadState();
        }
        state.busy = true;
        try {
            return render(event, state);
        } catch (RuntimeException | StackOverflowError e) {
            return fallback(event, state, e);
        } finally {
            state.busy = false;
            state.out.reset();
            state.extras.clear();
        }
    }

    /**
     * Writes the fields of {@code event} into the open top-level object; {@link #writeTimestamp} first. Called
     * with {@code state} of the current thread.
     */
    protected abstract void writeFields(JsonWriter w, LogEvent event, ThreadState state);

    /** Writes {@code @timestamp}. */
    protected final void writeTimestamp(JsonWriter w, Instant timestamp, ThreadState state) {
        w.name(TIMESTAMP);
        int length = state.timestamps.format(timestamp);
        w.plainString(state.timestamps.chars(), 0, length);
    }

    /** Writes the level's name as {@link LevelNames} maps it. */
    protected static void writeLevel(JsonWriter w, char[] name, LogEvent event) {
        w.name(name);
        w.string(LevelNames.of(event.levelName()));
    }

    /**
     * Writes the top-level constant fields: {@code withTags} for an event without markers, else
     * {@code withoutTags} followed by {@code tags}, the static tags and then the markers' names not already there.
     */
    protected final void writeTopConstants(JsonWriter w, LogEvent event, ConstantFields withTags,
            ConstantFields withoutTags) {
        List<String> markers = event.markers();
        if (markers.isEmpty()) {
            withTags.writeTo(w);
            return;
        }
        withoutTags.writeTo(w);
        List<String> tags = options.tags();
        w.name(TAGS);
        w.startArray();
        for (String tag : tags) {
            w.string(tag);
        }
        for (int i = 0; i < markers.size(); i++) {
            String marker = markers.get(i);
            if (marker != null && !tags.contains(marker) && markers.indexOf(marker) == i) {
                w.string(marker);
            }
        }
        w.endArray();
    }

    /** Writes a string field; null becomes JSON null. */
    protected static void writeString(JsonWriter w, char[] name, String value) {
        w.name(name);
        if (value == null) {
            w.nullValue();
        } else {
            w.string(value);
        }
    }

    /** Opens the extra object, when extras do not go to the top level. */
    protected final void startExtras(JsonWriter w) {
        if (extraObject != null) {
            w.name(extraObject);
            w.startObject();
        }
    }

    /** Writes the static and per-call extra fields, then closes the extra object when there is one. */
    protected final void writeExtrasAndEnd(JsonWriter w, LogEvent event, ThreadState state) {
        Map<String, Object> extras = perCallFields(event);
        if (extras.isEmpty()) {
            staticBlock.writeTo(w);
        } else {
            writeExtras(w, extras, state);
        }
        if (extraObject != null) {
            w.endObject();
        }
    }

    /**
     * The per-call fields of an event as one map: the context data (MDC), then the key-value pairs, then the
     * extras, a later one replacing an earlier one of the same name. Merged here, on the worker thread, and only
     * when more than one source has fields.
     */
    private static Map<String, Object> perCallFields(LogEvent event) {
        Map<String, String> context = event.context();
        Map<String, Object> keyValues = event.keyValues();
        Map<String, Object> extras = event.extras();
        if (context.isEmpty() && keyValues.isEmpty()) {
            return extras;
        }
        if (context.isEmpty() && extras.isEmpty()) {
            return keyValues;
        }
        Map<String, Object> merged = new LinkedHashMap<>(context);
        merged.putAll(keyValues);
        merged.putAll(extras);
        return merged;
    }

    /** Returns fields serialised now, with this layout's escaping, for writing with {@link ConstantFields}. */
    protected final ConstantFields constants(Map<String, ?> fields) {
        if (fields.isEmpty()) {
            return ConstantFields.NONE;
        }
        JsonWriter w = new JsonWriter(ensureAscii);
        SafeValueWriter values = new SafeValueWriter();
        w.startObject();
        int from = w.length();
        for (Map.Entry<String, ?> entry : fields.entrySet()) {
            w.name(entry.getKey());
            values.write(w, entry.getValue());
        }
        return new ConstantFields(w.chars(from));
    }

    /** Returns {@code value} as JSON text, with this layout's escaping. */
    protected final String json(Object value) {
        JsonWriter w = new JsonWriter(ensureAscii);
        new SafeValueWriter().write(w, value);
        return w.text();
    }

    private String render(LogEvent event, ThreadState state) {
        JsonWriter w = state.out;
        w.reset(ensureAscii);
        w.startObject();
        writeFields(w, event, state);
        w.endObject();
        return w.text();
    }

    private void writeExtras(JsonWriter w, Map<String, Object> extras, ThreadState state) {
        ExtraFields fields = state.extras;
        fields.collect(extras);
        int count = fields.size;
        String[] keys = fields.keys;
        Object[] values = fields.values;
        // Names of per-call extras as written: only differs from the key when a reserved name was renamed.
        String[] written = null;
        for (int i = 0; i < count; i++) {
            String key = keys[i];
            if (key == null || reserved.contains(key)) {
                String name = writtenName(key, extras);
                if (!name.equals(key)) {
                    if (written == null) {
                        written = Arrays.copyOf(keys, count);
                    }
                    written[i] = name;
                }
            }
        }
        // static extras, unless a per-call extra of the same name replaces them
        for (int i = 0; i < staticKeys.length; i++) {
            if (extras.containsKey(staticKeys[i]) || extras.containsKey(staticNames[i])
                    || (written != null && contains(written, staticNames[i]))) {
                continue;
            }
            w.name(staticEncodedNames[i]);
            w.rawValue(staticValues[i]);
        }
        String[] names = written != null ? written : keys;
        for (int i = 0; i < count; i++) {
            w.name(names[i]);
            state.values.write(w, values[i]);
        }
    }

    /**
     * The name under which an extra field is written: its own, or, when the formatter writes a field of that name
     * at this level, {@code user_<name>} (with more {@code user_} until the name is free of reserved names, its
     * siblings and the static extras' names, except the static extra of the same key, which it replaces).
     */
    private String writtenName(String key, Map<String, Object> siblings) {
        if (key == null) {
            return "null";
        }
        if (!reserved.contains(key)) {
            return key;
        }
        String replaced = staticRenames == null ? null : staticRenames.get(key);
        String candidate = RENAMED_PREFIX + key;
        while (reserved.contains(candidate) || siblings.containsKey(candidate)
                || (staticRenames != null && staticRenames.containsValue(candidate) && !candidate.equals(replaced))) {
            candidate = RENAMED_PREFIX + candidate;
        }
        return candidate;
    }

    private static boolean contains(String[] names, String name) {
        for (String candidate : names) {
            if (name.equals(candidate)) {
                return true;
            }
        }
        return false;
    }

    private String fallback(LogEvent event, ThreadState state, Throwable failure) {
        String reason = "the event could not be formatted (" + SafeValueWriter.describe(failure)
                + "); it is written without its per-call extra fields";
        try {
            LogEvent safe = new LogEvent(event.timestamp(), event.severity(), event.levelName(),
                    event.loggerName(), event.threadName(), event.threadId(), event.message(), event.source(),
                    event.thrown(), Map.of(FORMAT_ERROR, reason), Map.of(), Map.of(), event.markers());
            return render(safe, state);
        } catch (RuntimeException | StackOverflowError e) {
            return minimal(event, reason);
        }
    }

    /** The last resort: timestamp, level, message and the reason, nothing that could fail again. */
    private String minimal(LogEvent event, String reason) {
        try {
            JsonWriter w = new JsonWriter(ensureAscii);
            w.startObject();
            w.name(TIMESTAMP);
            w.string(Timestamps.toString(event.timestamp()));
            w.name("level");
            w.string(LevelNames.of(Utf16.clean(event.levelName())));
            w.name("message");
            if (event.message() == null) {
                w.nullValue();
            } else {
                w.string(event.message());
            }
            w.name(FORMAT_ERROR);
            w.string(reason);
            w.endObject();
            return w.text();
        } catch (RuntimeException e) {
            return "{\"message\":\"<unformattable event>\"}";
        }
    }

    /** What a thread keeps between events: the writer, the timestamp cache, the value writer, the extras. */
    protected static final class ThreadState {
        final JsonWriter out = new JsonWriter(true);
        final Timestamps timestamps = new Timestamps();
        final SafeValueWriter values = new SafeValueWriter();
        final ExtraFields extras = new ExtraFields();
        boolean busy;
    }

    /**
     * The per-call extras of one event, copied out through {@link Map#forEach} (the extras are an unmodifiable
     * map: iterating its entry set wraps every entry in a new object, and the keys were walked twice).
     */
    static final class ExtraFields implements BiConsumer<String, Object> {
        private static final int INITIAL_CAPACITY = 16;
        /** Arrays grown beyond this by an event with very many extras are not kept for the next one. */
        private static final int MAX_RETAINED_CAPACITY = 1024;

        String[] keys = new String[INITIAL_CAPACITY];
        Object[] values = new Object[INITIAL_CAPACITY];
        int size;

        void collect(Map<String, Object> extras) {
            clear();
            extras.forEach(this);
        }

        @Override
        public void accept(String key, Object value) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size] = value;
            size++;
        }

        /** Drops the references, so that a thread does not keep the last event's values alive. */
        void clear() {
            if (keys.length > MAX_RETAINED_CAPACITY) {
                keys = new String[INITIAL_CAPACITY];
                values = new Object[INITIAL_CAPACITY];
            } else {
                Arrays.fill(keys, 0, size, null);
                Arrays.fill(values, 0, size, null);
            }
            size = 0;
        }
    }
}
