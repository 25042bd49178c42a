package io.github.logstashasync.cli.command;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.core.internal.queue.InspectedEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the queue commands show one event: as a JSON object for scripts, or its level and message for people. */
final class EventViews {

    private EventViews() {
    }

    /** The event and what the queue knows of it, as a map for JSON output. */
    static Map<String, Object> asMap(InspectedEvent event) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", event.id());
        map.put("state", Converters.name(event.state()));
        map.put("entryDate", text(event.entryDate()));
        map.put("attempts", event.attempts());
        map.put("note", event.note());
        map.put("claimedAt", text(event.claimedAt()));
        map.put("failedDate", text(event.failedDate()));
        JsonNode parsed = Json.parse(event.text());
        map.put("event", parsed == null ? event.text() : parsed);
        return map;
    }

    /** The level of the document: Logstash's {@code level} or ECS's {@code log.level}; "-" when it has none. */
    static String level(JsonNode document) {
        if (document == null) {
            return "-";
        }
        JsonNode level = document.path("level");
        if (level.isMissingNode()) {
            level = document.path("log").path("level");
        }
        if (level.isMissingNode()) {
            level = document.path("log.level");
        }
        return level.isValueNode() ? level.asString() : "-";
    }

    /** The message of the document, or the raw text when it is no JSON. */
    static String message(JsonNode document, String text) {
        if (document == null) {
            return text;
        }
        JsonNode message = document.path("message");
        return message.isValueNode() ? message.asString() : text;
    }

    /** {@code text} on one line, cut to {@code max} characters. */
    static String oneLine(String text, int max) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, Math.max(0, max - 1)) + "…";
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
