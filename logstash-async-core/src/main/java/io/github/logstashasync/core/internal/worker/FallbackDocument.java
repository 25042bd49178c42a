package io.github.logstashasync.core.internal.worker;

import io.github.logstashasync.api.LogEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The minimal JSON document queued when a formatter throws, so the event is not lost. */
final class FallbackDocument {

    private FallbackDocument() {
    }

    static String of(LogEvent event, Throwable error) {
        StringBuilder json = new StringBuilder(128);
        json.append("{\"@timestamp\":");
        string(json, Instant.ofEpochMilli(event.timestamp().toEpochMilli()).truncatedTo(ChronoUnit.MILLIS).toString());
        json.append(",\"@version\":\"1\",\"level\":");
        string(json, event.levelName());
        json.append(",\"logger_name\":");
        string(json, event.loggerName());
        json.append(",\"message\":");
        string(json, event.message());
        json.append(",\"logstash_async_error\":");
        string(json, "formatter failed: " + error);
        return json.append('}').toString();
    }

    /** Writes a JSON string: ASCII only, so lone surrogates and control characters can never break it. */
    static void string(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                json.append(c);
            } else if (Character.isSurrogate(c) && !validPair(value, i)) {
                json.append("\\ufffd");
            } else {
                json.append(String.format("\\u%04x", (int) c));
            }
        }
        json.append('"');
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
