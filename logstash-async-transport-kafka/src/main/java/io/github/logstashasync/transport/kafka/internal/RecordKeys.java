package io.github.logstashasync.transport.kafka.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import io.github.logstashasync.api.InvalidOptionException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the key of a record is taken from its JSON document: no key, or the text of the first of some fields
 * that the document has ({@code logger}: {@code extra.logger_name}, {@code logger_name} or ECS's
 * {@code log.logger}; {@code host}: {@code host} or ECS's {@code host.name}; {@code field:a.b}: that field).
 * A document without the field, or with a value that is not a string, number or boolean there, gets no key.
 */
public final class RecordKeys {

    private static final JsonFactory JSON = new JsonFactory();
    private static final RecordKeys NONE = new RecordKeys("none", List.of());

    private final String description;
    private final List<String[]> paths;

    private RecordKeys(String description, List<String> paths) {
        this.description = description;
        this.paths = new ArrayList<>();
        for (String path : paths) {
            this.paths.add(path.split("\\.", -1));
        }
    }

    /**
     * Parses option {@code key}: {@code none}, {@code logger}, {@code host} or {@code field:<name>}.
     *
     * @throws InvalidOptionException naming {@code option} for anything else
     */
    static RecordKeys parse(String option, String text) {
        String value = text.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("none")) {
            return NONE;
        }
        if (lower.equals("logger")) {
            return new RecordKeys("logger", List.of("extra.logger_name", "logger_name", "log.logger"));
        }
        if (lower.equals("host")) {
            return new RecordKeys("host", List.of("host", "host.name"));
        }
        if (lower.startsWith("field:")) {
            String field = value.substring("field:".length()).trim();
            if (field.isEmpty() || field.startsWith(".") || field.endsWith(".") || field.contains("..")) {
                throw new InvalidOptionException(option, "'" + value + "' names no field; use field:<name>, a dot "
                        + "between nested names, for example field:extra.tenant");
            }
            return new RecordKeys("field:" + field, List.of(field));
        }
        throw new InvalidOptionException(option, "'" + value + "' is not none, logger, host or field:<name>");
    }

    /** Whether records get no key at all. */
    public boolean none() {
        return paths.isEmpty();
    }

    /** The key of the record of {@code document} as UTF-8, or null for none. */
    public byte[] key(String document) {
        for (String[] path : paths) {
            String found = find(document, path);
            if (found != null) {
                return found.getBytes(StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String find(String document, String[] path) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), document)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int depth = 0;
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == null || token == JsonToken.END_OBJECT) {
                    return null;
                }
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!path[depth].equals(name)) {
                    parser.skipChildren();
                } else if (depth == path.length - 1) {
                    return value.isScalarValue() && value != JsonToken.VALUE_NULL ? parser.getString() : null;
                } else if (value == JsonToken.START_OBJECT) {
                    depth++;
                } else {
                    return null;
                }
            }
        } catch (JacksonException e) {
            // not JSON (a foreign formatter's text): no key; the document itself is sent as it is
            return null;
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
