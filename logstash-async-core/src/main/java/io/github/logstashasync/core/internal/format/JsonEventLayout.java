package io.github.logstashasync.core.internal.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.LogEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The shared machinery of the Logstash and ECS documents: one Jackson generator per event writing into a reused
 * per-thread buffer, constant fields serialised once, safe rendering of every value, extra fields with reserved
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
    private static final SerializedString TIMESTAMP = new SerializedString("@timestamp");

    private final JsonFactory factory;
    private final FormatterOptions options;
    /** The names reserved where extra fields are written. */
    private final Set<String> reserved;
    /** Extras are written into their own object, not at the top level. */
    private final SerializedString extraObject;
    private final String[] staticKeys;
    private final String[] staticNames;
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
        // no separator between root values: a thread's generator writes one document after the other
        JsonFactoryBuilder builder = new JsonFactoryBuilder().rootValueSeparator((String) null);
        if (options.ensureAscii()) {
            builder.enable(JsonWriteFeature.ESCAPE_NON_ASCII);
        }
        this.factory = builder.build();
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
            extraObject = new SerializedString(Utf16.clean(prefix));
        }
        this.reserved = Set.copyOf(names);

        Map<String, Object> statics = options.extra();
        staticKeys = new String[statics.size()];
        staticNames = new String[statics.size()];
        staticValues = new String[statics.size()];
        Map<String, Object> renamed = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Object> entry : statics.entrySet()) {
            staticKeys[i] = entry.getKey();
            staticNames[i] = Utf16.clean(writtenName(entry.getKey(), statics));
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
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return fallback(event, state, e);
        } finally {
            state.busy = false;
            state.out.reset();
        }
    }

    /**
     * Writes the fields of {@code event} into the open top-level object; {@link #writeTimestamp} first. Called
     * with {@code state} of the current thread.
     */
    protected abstract void writeFields(JsonGenerator g, LogEvent event, ThreadState state) throws IOException;

    /** Writes {@code @timestamp}. */
    protected final void writeTimestamp(JsonGenerator g, Instant timestamp, ThreadState state) throws IOException {
        g.writeFieldName(TIMESTAMP);
        int length = state.timestamps.format(timestamp);
        g.writeString(state.timestamps.chars(), 0, length);
    }

    /** Writes the level's name as {@link LevelNames} maps it. */
    protected static void writeLevel(JsonGenerator g, SerializableString name, LogEvent event) throws IOException {
        g.writeFieldName(name);
        SerializedString standard = LevelNames.serialized(event.levelName());
        if (standard != null) {
            g.writeString(standard);
        } else {
            g.writeString(Utf16.clean(event.levelName()));
        }
    }

    /** Writes a string field; null becomes JSON null. */
    protected static void writeString(JsonGenerator g, SerializableString name, String value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(Utf16.clean(value));
        }
    }

    /** Opens the extra object, when extras do not go to the top level. */
    protected final void startExtras(JsonGenerator g) throws IOException {
        if (extraObject != null) {
            g.writeFieldName(extraObject);
            g.writeStartObject();
        }
    }

    /** Writes the static and per-call extra fields, then closes the extra object when there is one. */
    protected final void writeExtrasAndEnd(JsonGenerator g, LogEvent event, ThreadState state) throws IOException {
        Map<String, Object> extras = event.extras();
        if (extras.isEmpty()) {
            staticBlock.writeTo(g);
        } else {
            writeExtras(g, extras, state);
        }
        if (extraObject != null) {
            g.writeEndObject();
        }
    }

    /** Returns fields serialised now, with this layout's escaping, for writing with {@link ConstantFields}. */
    protected final ConstantFields constants(Map<String, ?> fields) {
        if (fields.isEmpty()) {
            return ConstantFields.NONE;
        }
        String first = null;
        String firstValue = null;
        StringWriter rest = new StringWriter();
        try (JsonGenerator g = factory.createGenerator(rest)) {
            SafeValueWriter values = new SafeValueWriter();
            g.writeStartObject();
            for (Map.Entry<String, ?> entry : fields.entrySet()) {
                if (first == null) {
                    first = Utf16.clean(entry.getKey());
                    firstValue = json(entry.getValue());
                    // a placeholder field, so that the generator puts a comma before the next one
                    g.writeNullField("x");
                } else {
                    g.writeFieldName(Utf16.clean(entry.getKey()));
                    values.write(g, entry.getValue());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise constant fields", e);
        }
        String text = rest.toString();
        // drop {"x":null and the closing }
        String tail = text.substring("{\"x\":null".length(), text.length() - 1);
        return new ConstantFields(first, firstValue, tail);
    }

    /** Returns {@code value} as JSON text, with this layout's escaping. */
    protected final String json(Object value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = factory.createGenerator(text)) {
            new SafeValueWriter().write(g, value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a constant value", e);
        }
        return text.toString();
    }

    private String render(LogEvent event, ThreadState state) throws IOException {
        ReusableWriter out = state.out;
        out.reset();
        JsonGenerator g = state.generator(factory);
        try {
            g.writeStartObject();
            writeFields(g, event, state);
            g.writeEndObject();
            g.flush();
        } catch (IOException | RuntimeException | Error e) {
            // the generator is somewhere inside the document: it cannot start the next one
            state.generator = null;
            throw e;
        }
        return out.text();
    }

    private void writeExtras(JsonGenerator g, Map<String, Object> extras, ThreadState state) throws IOException {
        // Names of per-call extras as written: only differs from the key when a reserved name was renamed.
        String[] written = null;
        int index = 0;
        for (String key : extras.keySet()) {
            String name = writtenName(key, extras);
            if (written == null && !name.equals(key)) {
                // the keys so far were written unchanged; the rest are overwritten below
                written = extras.keySet().toArray(new String[0]);
            }
            if (written != null) {
                written[index] = name;
            }
            index++;
        }
        // static extras, unless a per-call extra of the same name replaces them
        for (int i = 0; i < staticKeys.length; i++) {
            if (extras.containsKey(staticKeys[i]) || extras.containsKey(staticNames[i])
                    || (written != null && contains(written, staticNames[i]))) {
                continue;
            }
            g.writeFieldName(staticNames[i]);
            g.writeRawValue(staticValues[i]);
        }
        index = 0;
        for (Map.Entry<String, Object> entry : extras.entrySet()) {
            String key = entry.getKey();
            g.writeFieldName(Utf16.clean(written != null ? written[index] : key));
            state.values.write(g, entry.getValue());
            index++;
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
            LogEvent safe = new LogEvent(event.timestamp(), event.levelName(), event.levelValue(),
                    event.loggerName(), event.threadName(), event.threadId(), event.message(), event.source(),
                    event.thrown(), Map.of(FORMAT_ERROR, reason));
            return render(safe, state);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return minimal(event, reason);
        }
    }

    /** The last resort: timestamp, level, message and the reason, nothing that could fail again. */
    private String minimal(LogEvent event, String reason) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = factory.createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("@timestamp", Timestamps.toString(event.timestamp()));
            g.writeStringField("level", LevelNames.of(Utf16.clean(event.levelName())));
            g.writeStringField("message", event.message() == null ? null : Utf16.clean(event.message()));
            g.writeStringField(FORMAT_ERROR, Utf16.clean(reason));
            g.writeEndObject();
        } catch (IOException | RuntimeException e) {
            return "{\"message\":\"<unformattable event>\"}";
        }
        return text.toString();
    }

    /** What a thread keeps between events: the output buffer, the timestamp cache and the value writer. */
    protected static final class ThreadState {
        final ReusableWriter out = new ReusableWriter();
        final Timestamps timestamps = new Timestamps();
        final SafeValueWriter values = new SafeValueWriter();
        boolean busy;
        /** Reused from one document to the next (each is a new root value), while the factory stays the same. */
        JsonGenerator generator;
        private JsonFactory generatorFactory;

        JsonGenerator generator(JsonFactory factory) throws IOException {
            if (generator == null || generatorFactory != factory) {
                generator = factory.createGenerator(out);
                generatorFactory = factory;
            }
            return generator;
        }
    }
}
