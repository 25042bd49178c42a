package io.github.logstashasync.log4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.api.Extras;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.StringMapMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's events through a real {@code log4j2.xml} (issue 11, item 3): {@code Configurator.initialize} reads the
 * file from its path on disk, as an application would, with the port and the database as {@code ${sys:...}}
 * lookups; Log4j creates the
 * {@code <LogstashAsync>} appender through its plugin system, and the events go through a SQLite queue to a
 * loopback receiver, where each document is checked field by field: ThreadContext entries, {@code MapMessage}
 * fields and {@code Extras} as extra fields, markers with their parents as tags, the exception with its cause.
 */
class Log4jXmlTest {

    @TempDir
    Path dir;

    @Test
    void theSeedsEventsArriveFieldByField() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            LoggerContext context = Log4jTestSupport.initialize("log4j2-test-seed.xml", Map.of(
                    "logstash.port", Integer.toString(receiver.port()), "logstash.db", dir.resolve("q.db").toString()));
            try {
                Logger logger = context.getLogger("java-logstash-logger");
                logger.error("java-logstash-async: test logstash error message.");
                logger.info("java-logstash-async: test logstash info message.");
                logger.warn("java-logstash-async: test logstash warning message.");
                logger.info("java-logstash: test extra fields", Extras.of("test_string", "java", "test_boolean", true,
                        "test_dict", Map.of("a", 1, "b", "c"), "test_float", 1.23, "test_integer", 123,
                        "test_list", List.of(1, 2, "3")));
                ThreadContext.put("request_id", "r-17");
                try {
                    Marker audit = MarkerManager.getMarker("audit").setParents(MarkerManager.getMarker("security"));
                    logger.info(audit, "order {} placed", 42);
                } finally {
                    ThreadContext.remove("request_id");
                }
                logger.info(new StringMapMessage().with("message", "a map message").with("order_id", "o-1")
                        .with("region", "eu"));
                logger.warn(new MapMessage<>(Map.<String, Object>of("message", "a typed map", "amount", 12.5,
                        "count", 3, "paid", false)));
                logger.error("payment failed", new IllegalStateException("declined",
                        new java.io.IOException("gateway timeout")));
                assertTrue(Log4jTestSupport.appender(context, "LOGSTASH").pipeline().flush(Duration.ofSeconds(10)),
                        "every event sent");
                LineReceiver.await(Duration.ofSeconds(5), () -> receiver.lines().size() >= 8, "eight documents");
            } finally {
                Log4jTestSupport.shutdown(context);
            }
            Map<String, JsonNode> docs = new HashMap<>();
            for (JsonNode doc : Log4jTestSupport.parseAll(receiver.lines())) {
                docs.put(doc.get("message").asString(), doc);
            }
            assertEquals(8, docs.size(), "eight distinct documents: " + docs.keySet());

            JsonNode error = docs.get("java-logstash-async: test logstash error message.");
            assertEquals("ERROR", error.get("level").asString());
            assertEquals("log4j-test", error.get("type").asString(), "messageType of the file");
            assertEquals(List.of("seed", "log4j"), tags(error));
            assertEquals("java-logstash-logger", error.get("extra").get("logger_name").asString());
            assertEquals(Thread.currentThread().getName(), error.get("extra").get("thread_name").asString());
            assertEquals("example-app", error.get("extra").get("application").asString(), "the file's static extra");
            assertEquals("test", error.get("extra").get("environment").asString(), "the file's static extra");
            assertEquals("INFO", docs.get("java-logstash-async: test logstash info message.").get("level").asString());
            assertEquals("WARN", docs.get("java-logstash-async: test logstash warning message.").get("level").asString());

            JsonNode extras = docs.get("java-logstash: test extra fields").get("extra");
            assertEquals(123, extras.get("test_integer").asInt());
            assertTrue(extras.get("test_integer").isIntegralNumber(), "typed: " + extras);
            assertEquals(1.23, extras.get("test_float").asDouble());
            assertTrue(extras.get("test_boolean").asBoolean());
            assertEquals("c", extras.get("test_dict").get("b").asString());
            assertEquals("3", extras.get("test_list").get(2).asString());

            JsonNode marked = docs.get("order 42 placed");
            assertEquals("r-17", marked.get("extra").get("request_id").asString(), "ThreadContext: " + marked);
            List<String> markedTags = tags(marked);
            assertEquals(List.of("seed", "log4j"), markedTags.subList(0, 2), "static tags first: " + markedTags);
            assertTrue(markedTags.contains("audit") && markedTags.contains("security"),
                    "the marker and its parent as tags: " + markedTags);

            JsonNode map = docs.get("a map message");
            assertEquals("o-1", map.get("extra").get("order_id").asString(), "MapMessage fields: " + map);
            assertEquals("eu", map.get("extra").get("region").asString());
            assertFalse(map.get("extra").has("message"), "the map's message is the message, not a field: " + map);
            assertEquals("INFO", map.get("level").asString());
            assertEquals("java-logstash-logger", map.get("extra").get("logger_name").asString());

            JsonNode typed = docs.get("a typed map").get("extra");
            assertEquals("WARN", docs.get("a typed map").get("level").asString());
            assertTrue(typed.get("amount").isFloatingPointNumber() && typed.get("amount").asDouble() == 12.5,
                    "a MapMessage's number stays a number: " + typed);
            assertTrue(typed.get("count").isIntegralNumber() && typed.get("count").asInt() == 3, "typed: " + typed);
            assertTrue(typed.get("paid").isBoolean() && !typed.get("paid").asBoolean(), "typed: " + typed);

            JsonNode failure = docs.get("payment failed");
            String trace = failure.get("extra").get("stack_trace").asString();
            assertTrue(trace.contains("IllegalStateException: declined") && trace.contains("gateway timeout"),
                    "the exception with its cause: " + trace);
            assertTrue(trace.contains("Caused by: java.io.IOException"), "the cause's class: " + trace);
            assertEquals("ERROR", failure.get("level").asString());
            assertFalse(failure.get("extra").has("request_id"), "the ThreadContext entry was removed before");
        }
    }

    private static List<String> tags(JsonNode doc) {
        List<String> tags = new ArrayList<>();
        doc.path("tags").forEach(tag -> tags.add(tag.asString()));
        return tags;
    }
}
