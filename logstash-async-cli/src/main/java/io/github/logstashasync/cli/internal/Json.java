package io.github.logstashasync.cli.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;

/** JSON for the tool's output: pretty or compact documents, and typed values from the command line. */
public final class Json {

    /** Jackson 3 sorts a record's properties by name unless told otherwise: the output keeps their order. */
    private static final ObjectMapper COMPACT = JsonMapper.builder()
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();
    private static final ObjectMapper MAPPER = COMPACT.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {
    }

    /** Returns the shared mapper (pretty printing). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses {@code text}, or returns null when it is no JSON document. */
    public static JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return COMPACT.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Returns {@code text} indented when it is JSON, else as it is. */
    public static String pretty(String text) {
        JsonNode node = parse(text);
        return node == null || node.isMissingNode() ? text : pretty(node);
    }

    /** Writes {@code value} as indented JSON. */
    public static String pretty(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes {@code value} as JSON on one line. */
    public static String compact(Object value) {
        try {
            return COMPACT.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a command-line value by its looks: an integer or decimal number, {@code true}/{@code false}, a JSON
     * object, array or quoted string; anything else is the text itself.
     *
     * @throws IllegalArgumentException when it starts like JSON ({@code {}, {@code [}, {@code "}) but is none
     */
    public static Object typed(String text) {
        String value = text.strip();
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        if (value.matches("-?(0|[1-9]\\d*)")) {
            BigInteger number = new BigInteger(value);
            return number.bitLength() < 64 ? (Object) number.longValue() : number;
        }
        if (value.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][-+]?\\d+)?")) {
            BigDecimal number = new BigDecimal(value);
            double asDouble = number.doubleValue();
            return Double.isFinite(asDouble) && new BigDecimal(Double.toString(asDouble)).compareTo(number) == 0
                    ? (Object) asDouble : number;
        }
        if (value.startsWith("{") || value.startsWith("[") || value.startsWith("\"")) {
            try {
                return COMPACT.readValue(value, Object.class);
            } catch (JacksonException e) {
                throw new IllegalArgumentException("'" + text + "' looks like JSON but is not valid: "
                        + e.getOriginalMessage().lines().findFirst().orElse(""));
            }
        }
        return text;
    }
}
