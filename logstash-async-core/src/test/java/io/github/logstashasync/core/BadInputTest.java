package io.github.logstashasync.core;

import static io.github.logstashasync.core.LineReceiver.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.api.Extras;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input end to end through the asynchronous handler, the SQLite queue and TCP: every event arrives as one
 * valid JSON line, in a safe form, and the worker stays alive.
 */
class BadInputTest {

    @TempDir
    Path dir;

    @Test
    void badInputArrivesInASafeFormAndTheWorkerSurvives() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).databasePath(dir.resolve("bad.db")).build();
            Logger logger = TestSupport.logger("bad-input", handler);

            Map<String, Object> cyclic = new HashMap<>();
            cyclic.put("self", cyclic);
            List<Object> cyclicList = new ArrayList<>();
            cyclicList.add(cyclicList);
            Object unserialisable = new Object() {
                @Override
                public String toString() {
                    throw new IllegalStateException("toString exploded");
                }
            };
            String huge = "x".repeat(10 * 1024 * 1024);

            logger.log(Level.INFO, "cyclic", Extras.of("map", cyclic, "list", cyclicList));
            logger.log(Level.INFO, "unserialisable", Extras.of("thing", unserialisable, "thread", Thread.currentThread()));
            logger.log(Level.INFO, "not a number", Extras.of("nan", Double.NaN, "inf", Double.POSITIVE_INFINITY));
            logger.log(Level.INFO, "lone \uD800 surrogate", Extras.of("key\uDC00", "value \uDBFF end"));
            logger.log(Level.INFO, huge);
            logger.log(new LogRecord(Level.INFO, null));
            logger.log(Level.INFO, "line one\r\nline two\nline three");
            logger.log(Level.INFO, "reserved", Extras.of("logger_name", "spoofed", "message", "not the message"));
            logger.log(Level.INFO, "after the bad ones");

            assertTrue(handler.flush(Duration.ofSeconds(30)), "every event should be sent");
            HandlerStatistics stats = handler.statistics();
            handler.close();
            await(Duration.ofSeconds(10), () -> receiver.lines().size() >= 9, "nine lines");
            List<String> lines = receiver.lines();
            assertEquals(9, lines.size(), "one line per event; CR/LF must not split an event");
            assertEquals(9, stats.sent(), "all nine sent: " + stats);
            List<JsonNode> docs = TestSupport.parseAll(lines);

            assertEquals("cyclic", docs.get(0).get("message").asString());
            assertTrue(docs.get(0).get("extra").get("map").toString().contains("cycle"),
                    "the cycle should be cut: " + docs.get(0));
            assertTrue(docs.get(1).get("extra").get("thing").asString().contains("unserialisable"),
                    "a failing toString gives a placeholder: " + docs.get(1));
            assertEquals("NaN", docs.get(2).get("extra").get("nan").asString());
            assertEquals("lone \uFFFD surrogate", docs.get(3).get("message").asString());
            assertEquals(huge.length(), docs.get(4).get("message").asString().length(), "the 10 MB message arrives whole");
            assertTrue(docs.get(5).get("message").isNull() || docs.get(5).get("message").asString().isEmpty(),
                    "a null message stays empty: " + docs.get(5));
            assertEquals("line one\r\nline two\nline three", docs.get(6).get("message").asString());
            assertEquals("bad-input", docs.get(7).get("extra").get("logger_name").asString(),
                    "a reserved name cannot replace the library's field");
            assertEquals("spoofed", docs.get(7).get("extra").get("user_logger_name").asString());
            assertEquals("reserved", docs.get(7).get("message").asString());
            assertEquals("after the bad ones", docs.get(8).get("message").asString());
        }
    }
}
