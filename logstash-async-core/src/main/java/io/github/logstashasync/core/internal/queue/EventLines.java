package io.github.logstashasync.core.internal.queue;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Writer;

/**
 * Queued documents as lines of a JSON-lines file, for the exports of the command-line tool and the monitor. A
 * queue may hold anything (Python's writers, other tools), so text that is no JSON is exported too.
 */
public final class EventLines {

    /** Strict about trailing text: "{} and more" is no JSON document and is escaped, not compacted. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private EventLines() {
    }

    /** Writes {@code event}'s document as one line ({@link #oneLine}) and a line feed. */
    public static void write(Writer writer, InspectedEvent event) throws IOException {
        writer.write(oneLine(event.text()));
        writer.write('\n');
    }

    /**
     * Returns {@code text} on one line: unchanged when it has no line break already (so the exported document is
     * byte for byte the queued one), else re-serialised compactly; text that is no JSON has its line breaks
     * escaped.
     */
    public static String oneLine(String text) {
        if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node != null && !node.isMissingNode()) {
                return MAPPER.writeValueAsString(node);
            }
        } catch (RuntimeException e) {
            // no JSON: escaped below
        }
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
