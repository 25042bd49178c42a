package io.github.logstashasync.fx;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitor's view of an event's JSON document: pretty for the detail pane, and the level and message for
 * the table (exports write {@code EventLines.oneLine}). Text that is no JSON (a queue may hold anything) is
 * shown as it is.
 */
final class JsonText {

    /** Strict about trailing text: "{} and more" is no JSON document and must be shown as it is. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** The most of a message a tooltip shows; the detail pane has the whole document. */
    static final int MAX_WHOLE = 8_000;

    /**
     * What the table shows of one event: its level, its message on one line cut at 300 characters, and the
     * message as it is (up to {@link #MAX_WHOLE} characters) for the cell's tooltip.
     */
    record Summary(String level, String message, String whole) {
    }

    private JsonText() {
    }

    /** Returns {@code text} indented, or unchanged when it is no JSON. */
    static String pretty(String text) {
        JsonNode node = parse(text);
        if (node == null) {
            return text;
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JacksonException e) {
            return text;
        }
    }

    /**
     * Returns the level ({@code level}, ECS {@code log.level} dotted or nested) and message of an event; empty
     * texts for text that is no JSON object, except the message, which is then the start of the text.
     */
    static Summary summary(String text) {
        JsonNode node = parse(text);
        if (node == null || !node.isObject()) {
            return new Summary("", abbreviate(text), whole(text));
        }
        String level = firstText(node.get("level"), node.get("log.level"), node.path("log").get("level"));
        String message = firstText(node.get("message"));
        return new Summary(level, abbreviate(message), whole(message));
    }

    private static String firstText(JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            if (candidate != null && !candidate.isNull() && !candidate.isContainer()) {
                return candidate.asString();
            }
        }
        return "";
    }

    private static String whole(String text) {
        return text.length() <= MAX_WHOLE ? text : text.substring(0, MAX_WHOLE) + "… (" + (text.length() - MAX_WHOLE)
                + " more characters: see the JSON document)";
    }

    private static String abbreviate(String text) {
        String line = text.replace('\n', ' ').replace('\r', ' ');
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
