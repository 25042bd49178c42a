package io.github.logstashasync.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import tools.jackson.databind.JsonNode;
import io.github.logstashasync.api.Extras;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/** The encoder in Logback's own ConsoleAppender: one valid JSON document per line, with the configured options. */
class LogstashEncoderTest {

    @AfterEach
    void stopLogback() {
        MDC.clear();
        LogbackTestSupport.reset();
    }

    @Test
    void theConsoleAppenderWritesOneDocumentPerLine() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context;
        try {
            // ConsoleAppender writes to whatever System.out is at each write
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            context = LogbackTestSupport.configure("/logback-test-console.xml", Map.of());
            MDC.put("request_id", "r-9");
            org.slf4j.Logger ecs = LoggerFactory.getLogger("ecs");
            ecs.atWarn().addMarker(MarkerFactory.getMarker("audit")).addKeyValue("order_id", 7)
                    .log("Grüße, line one\nline two");
            ecs.error("with a throwable", new IllegalArgumentException("bad", new RuntimeException("root")));
            LoggerFactory.getLogger("plain").info("top-level extras", Extras.of("order_id", 8));
            LoggerFactory.getLogger("broken").info("defaults after a bad option");
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = output.lines().toList();
        assertEquals(4, lines.size(), "one line per event: " + output);
        assertTrue(output.endsWith("\n"), "each document ends with a newline");

        JsonNode first = LogbackTestSupport.parse(lines.get(0));
        assertEquals("Grüße, line one\nline two", first.get("message").asString(), "the line break stays escaped");
        assertTrue(lines.get(0).contains("Grüße"), "ensureAscii=false writes UTF-8 as it is: " + lines.get(0));
        assertEquals("WARN", first.get("log").get("level").asString(), "ECS: log.level");
        assertEquals("ecs", first.get("log").get("logger").asString(), "ECS: log.logger");
        assertEquals(LogbackTestSupport.JSON.valueToTree(List.of("console", "audit")), first.get("tags"));
        assertEquals("r-9", first.get("extra").get("request_id").asString(), "the MDC entry: " + first);
        assertTrue(first.get("extra").get("order_id").isInt(), "the key-value, a number: " + first);
        assertEquals(Thread.currentThread().getId(), first.get("process").get("thread").get("id").asLong(),
                "ECS: the id of the thread that logged");

        JsonNode second = LogbackTestSupport.parse(lines.get(1));
        assertEquals("java.lang.IllegalArgumentException", second.get("error").get("type").asString());
        assertTrue(second.get("error").get("stack_trace").asString().contains("Caused by: java.lang.RuntimeException: root"));

        JsonNode third = LogbackTestSupport.parse(lines.get(2));
        assertEquals(8, third.get("order_id").asInt(), "an empty extraPrefix puts extras at the top level: " + third);
        assertFalse(third.has("request_id"), "includeMdc=false leaves the MDC out: " + third);
        assertEquals("INFO", third.get("level").asString());

        JsonNode fourth = LogbackTestSupport.parse(lines.get(3));
        assertEquals("defaults after a bad option", fourth.get("message").asString());
        assertEquals("java-logstash", fourth.get("type").asString(), "the default messageType");
        List<String> errors = LogbackTestSupport.statuses(context, Status.ERROR);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("logstash-async: option 'maxStackTraceLength': ")
                && e.contains("long")), "an error status naming the option: " + errors);
    }
}
