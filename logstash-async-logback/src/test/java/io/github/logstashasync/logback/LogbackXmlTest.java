package io.github.logstashasync.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import tools.jackson.databind.JsonNode;
import io.github.logstashasync.api.Extras;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * The seed's events, logged through SLF4J onto a Logback configured by a real {@code logback.xml}
 * ({@code logback-test-seed.xml}): the appender ships them through a SQLite queue to a loopback json_lines
 * receiver, and each document is checked field by field; the encoder in a FileAppender writes the same documents.
 */
class LogbackXmlTest {

    private static final String LOGGER = "java-logstash-logger";

    @TempDir
    Path dir;

    @AfterEach
    void stopLogback() {
        MDC.clear();
        LogbackTestSupport.reset();
    }

    @Test
    void theSeedsEventsArriveFieldByFieldWithMdcKeyValuesMarkersAndCauses() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            Path file = dir.resolve("events.json");
            LoggerContext context = LogbackTestSupport.configure("/logback-test-seed.xml", Map.of(
                    "LOGSTASH_PORT", Integer.toString(receiver.port()),
                    "LOGSTASH_DB", dir.resolve("logstash.db").toString(),
                    "JSON_FILE", file.toString()));
            assertEquals(List.of(), LogbackTestSupport.statuses(context, Status.WARN), "a clean configuration");
            LogstashAppender appender = LogbackTestSupport.appender(context, "LOGSTASH");
            assertNotNull(appender, "the appender of logback-test-seed.xml");
            assertTrue(appender.isStarted(), "the appender should have started");
            assertEquals("LOGSTASH", appender.pipeline().name(), "the pipeline is named after the appender");
            assertEquals(dir.resolve("logstash.db"), appender.pipeline().databasePath());

            Instant before = Instant.now();
            logTheSeedsEvents();

            assertTrue(appender.flush(Duration.ofSeconds(10)), "every event should be sent: "
                    + appender.pipeline().statistics());
            LineReceiver.await(Duration.ofSeconds(10), () -> receiver.lines().size() >= 8, "8 documents");
            Map<String, JsonNode> docs = byMessage(receiver.lines());
            assertEquals(8, docs.size(), "one document per event: " + docs.keySet());

            JsonNode error = docs.get("java-logstash-async: test logstash error message.");
            assertCommonFields(error, "ERROR", before);
            assertEquals("r-17", error.get("extra").get("request_id").asString(), "MDC entry");
            assertEquals("alice", error.get("extra").get("user").asString(), "MDC entry");
            assertEquals("logTheSeedsEvents",
                    error.get("extra").get("func_name").asString(), "caller data: the method");
            assertEquals("LogbackXmlTest.java", error.get("extra").get("path").asString(), "caller data: the file");
            assertEquals(LogbackXmlTest.class.getName(), error.get("extra").get("class_name").asString());
            assertTrue(error.get("extra").get("line").isInt() && error.get("extra").get("line").asInt() > 0,
                    "caller data: the line, a number: " + error.get("extra").get("line"));
            assertEquals(jsonList("seed", "logback"), error.get("tags"), "the static tags");

            assertCommonFields(docs.get("java-logstash-async: test logstash info message."), "INFO", before);
            assertCommonFields(docs.get("java-logstash-async: test logstash warning message."), "WARN", before);

            JsonNode extra = docs.get("java-logstash: test extra fields").get("extra");
            assertTrue(extra.get("test_string").asString().startsWith("java version: "), extra.toString());
            assertTrue(extra.get("test_boolean").isBoolean() && extra.get("test_boolean").asBoolean(), "a JSON true");
            assertEquals(LogbackTestSupport.JSON.readTree("{\"a\": 1, \"b\": \"c\"}"), extra.get("test_dict"));
            assertTrue(extra.get("test_float").isDouble(), "a JSON number: " + extra.get("test_float"));
            assertEquals(1.23, extra.get("test_float").asDouble());
            assertTrue(extra.get("test_integer").isInt(), "a JSON integer: " + extra.get("test_integer"));
            assertEquals(123, extra.get("test_integer").asInt());
            assertEquals(LogbackTestSupport.JSON.readTree("[1, 2, \"3\"]"), extra.get("test_list"));
            assertEquals("r-17", extra.get("request_id").asString(), "MDC beside the extras");

            JsonNode keyValues = docs.get("key values of order-1");
            assertCommonFields(keyValues, "INFO", before);
            JsonNode kv = keyValues.get("extra");
            assertTrue(kv.get("k").isInt(), "a key-value stays a number: " + kv.get("k"));
            assertEquals(42, kv.get("k").asInt());
            assertEquals(0.25, kv.get("ratio").asDouble());
            assertTrue(kv.get("ratio").isNumber(), "a number: " + kv.get("ratio"));
            assertEquals(jsonList("before"), kv.get("items"), "the list as it was at the call, not as changed after");
            assertEquals("snapshot of StringBuilder", kv.get("builder").asString(), "a mutable object: its text at the call");
            assertEquals("key value wins", kv.get("request_id").asString(), "a key-value replaces the MDC entry");

            JsonNode marked = docs.get("marked");
            assertCommonFields(marked, "WARN", before);
            assertEquals(jsonList("seed", "logback", "audit", "security", "billing"), marked.get("tags"),
                    "static tags, then the markers, with the marker a marker references");

            JsonNode failed = docs.get("failed order-2");
            assertCommonFields(failed, "ERROR", before);
            assertEquals("java.lang.IllegalStateException", failed.get("extra").get("error_type").asString());
            String stackTrace = failed.get("extra").get("stack_trace").asString();
            assertTrue(stackTrace.startsWith("java.lang.IllegalStateException: outer"), stackTrace);
            assertTrue(stackTrace.contains("Caused by: java.io.IOException: inner"), "the cause: " + stackTrace);
            assertTrue(stackTrace.contains(LogbackXmlTest.class.getName() + ".logTheSeedsEvents(LogbackXmlTest.java:"),
                    "the frames: " + stackTrace);

            JsonNode debug = docs.get("debug without MDC");
            assertCommonFields(debug, "DEBUG", before);
            assertFalse(debug.get("extra").has("request_id"), "MDC cleared before this one: " + debug);

            // the encoder wrote the same documents, in the order logged, one per line
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertEquals(8, lines.size(), "one line per event in the FileAppender's file");
            for (String line : lines) {
                JsonNode fromFile = LogbackTestSupport.parse(line);
                JsonNode shipped = docs.get(fromFile.get("message").asString());
                assertEquals(shipped, fromFile, "the encoder's document is the appender's");
            }
        }
    }

    /** The seed's examples, and SLF4J's own kinds of structure (a marker referencing another: deprecated, in use). */
    @SuppressWarnings("deprecation")
    private static void logTheSeedsEvents() {
        Logger logger = LoggerFactory.getLogger(LOGGER);
        MDC.put("request_id", "r-17");
        MDC.put("user", "alice");
        logger.error("java-logstash-async: test logstash error message.");
        logger.info("java-logstash-async: test logstash info message.");
        logger.warn("java-logstash-async: test logstash warning message.");

        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("a", 1);
        dict.put("b", "c");
        logger.info("java-logstash: test extra fields", Extras.of(
                "test_string", "java version: " + Runtime.version(),
                "test_boolean", true,
                "test_dict", dict,
                "test_float", 1.23,
                "test_integer", 123,
                "test_list", List.of(1, 2, "3")));
        dict.put("a", "changed after the call");

        List<String> items = new ArrayList<>(List.of("before"));
        StringBuilder builder = new StringBuilder("snapshot of StringBuilder");
        logger.atInfo().addKeyValue("k", 42).addKeyValue("ratio", 0.25).addKeyValue("items", items)
                .addKeyValue("builder", builder).addKeyValue("request_id", "key value wins")
                .log("key values of {}", "order-1");
        items.add("after");
        builder.append(", changed after the call");

        Marker audit = MarkerFactory.getDetachedMarker("audit");
        audit.add(MarkerFactory.getDetachedMarker("security"));
        logger.atWarn().addMarker(audit).addMarker(MarkerFactory.getMarker("billing")).log("marked");

        logger.error("failed {}", "order-2", new IllegalStateException("outer", new IOException("inner")));

        MDC.clear();
        logger.debug("debug without MDC");
    }

    private static void assertCommonFields(JsonNode doc, String level, Instant before) {
        assertNotNull(doc, "the document");
        assertEquals(level, doc.get("level").asString(), "level of " + doc);
        assertEquals("logback-test", doc.get("type").asString(), "messageType");
        assertEquals("1", doc.get("@version").asString());
        Instant timestamp = Instant.parse(doc.get("@timestamp").asString());
        assertFalse(timestamp.isBefore(before.minusMillis(1)), "the time of the call: " + timestamp);
        assertTrue(doc.get("@timestamp").asString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                "UTC, milliseconds: " + doc.get("@timestamp"));
        assertFalse(doc.get("host").asString().isEmpty(), "host");
        assertEquals(ProcessHandle.current().pid(), doc.get("pid").asLong(), "pid");
        JsonNode extra = doc.get("extra");
        assertEquals(LOGGER, extra.get("logger_name").asString(), "logger_name");
        assertEquals(Thread.currentThread().getName(), extra.get("thread_name").asString(), "thread_name");
        assertEquals("example-app", extra.get("application").asString(), "static extra");
        assertEquals("test", extra.get("environment").asString(), "static extra");
    }

    private static Map<String, JsonNode> byMessage(List<String> lines) {
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        for (String line : lines) {
            JsonNode doc = LogbackTestSupport.parse(line);
            docs.put(doc.get("message").asString(), doc);
        }
        return docs;
    }

    private static JsonNode jsonList(String... values) {
        return LogbackTestSupport.JSON.valueToTree(List.of(values));
    }
}
