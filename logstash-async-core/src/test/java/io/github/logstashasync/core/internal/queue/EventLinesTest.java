package io.github.logstashasync.core.internal.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Queued documents as JSON lines, JSON or not. */
class EventLinesTest {

    @Test
    void exportsOneLinePerEvent() {
        String compact = "{\"message\":\"a\\nb\"}";
        assertEquals(compact, EventLines.oneLine(compact), "a document on one line stays byte for byte the same");
        assertEquals("{\"message\":\"a\",\"n\":1}", EventLines.oneLine("{\n  \"message\": \"a\",\r\n  \"n\": 1\n}"),
                "a pretty document is compacted");
        assertEquals("line 1\\nline 2", EventLines.oneLine("line 1\nline 2"), "text with line breaks is escaped");
        assertEquals("{\"a\":1}\\n trailing", EventLines.oneLine("{\"a\":1}\n trailing"),
                "JSON followed by more text is no JSON document");
    }
}
