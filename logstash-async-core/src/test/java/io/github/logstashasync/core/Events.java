package io.github.logstashasync.core;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.Severity;
import io.github.logstashasync.core.internal.config.LoggingProperties;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Test events and a strict JSON parser for the formatter tests. */
final class Events {

    /** Rejects duplicate keys, so a test fails when the formatter writes a field twice. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static final Instant TIME = Instant.parse("2016-10-23T15:11:16.853Z");

    private Events() {
    }

    static LogEvent event(String level, String message) {
        return event(level, message, Map.of());
    }

    static LogEvent event(String level, String message, Map<String, Object> extras) {
        return new LogEvent(TIME, Severity.INFO, level, "python-logstash-logger", "main", 1L, message, null, null, extras);
    }

    static LogEvent withSource(LogEvent e, LogEvent.SourceLocation source) {
        return new LogEvent(e.timestamp(), e.severity(), e.levelName(), e.loggerName(), e.threadName(),
                e.threadId(), e.message(), source, e.thrown(), e.extras());
    }

    static LogEvent withThrown(LogEvent e, Throwable thrown) {
        return new LogEvent(e.timestamp(), e.severity(), e.levelName(), e.loggerName(), e.threadName(),
                e.threadId(), e.message(), e.source(), thrown, e.extras());
    }

    /** Parses one document strictly; fails on duplicate keys and on anything after the document. */
    static JsonNode parse(String document) {
        try {
            return JSON.readTree(document);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not one valid JSON document: " + abbreviate(document), e);
        }
    }

    static Map<String, Object> toMap(JsonNode node) {
        return JSON.convertValue(node, new TypeReference<Map<String, Object>>() { });
    }

    /** Options as a logging.properties file would give them, under {@code prefix}. */
    static LoggingProperties properties(String prefix, String... keysAndValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(prefix + "." + keysAndValues[i], keysAndValues[i + 1]);
        }
        return LoggingProperties.of(prefix, map::get);
    }

    static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
