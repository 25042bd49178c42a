package io.github.logstashasync.log4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping Log4j closes the appender's pipeline (issue 11, item 3): events logged while the receiver is down stay
 * in the SQLite queue when the logger context stops, and a new context on the same {@code databasePath} sends
 * them once the receiver is up.
 */
class Log4jRestartTest {

    @TempDir
    Path dir;

    @Test
    void eventsQueuedAtStopAreSentByTheNextContext() throws Exception {
        Path db = dir.resolve("q.db");
        int port;
        try (LineReceiver receiver = new LineReceiver()) {
            port = receiver.port();
            receiver.stop(); // down: nothing can be sent
            Map<String, String> properties = Map.of("logstash.port", Integer.toString(port),
                    "logstash.db", db.toString());
            LoggerContext first = Log4jTestSupport.start("log4j2-test-seed.xml", properties);
            try {
                Logger logger = first.getLogger("restart");
                for (int i = 0; i < 50; i++) {
                    logger.info("queued {}", i);
                }
            } finally {
                Log4jTestSupport.stop(first);
            }
            assertEquals(0, receiver.lines().size(), "nothing arrived while the receiver was down");

            receiver.start();
            LoggerContext second = Log4jTestSupport.start("log4j2-test-seed.xml", properties);
            try {
                LineReceiver.await(Duration.ofSeconds(20), () -> receiver.lines().size() >= 50,
                        "the 50 queued events sent by the next context");
            } finally {
                Log4jTestSupport.stop(second);
            }
            Set<String> messages = new HashSet<>();
            for (JsonNode doc : Log4jTestSupport.parseAll(receiver.lines())) {
                messages.add(doc.get("message").asText());
            }
            for (int i = 0; i < 50; i++) {
                assertTrue(messages.contains("queued " + i), "event " + i + " arrived: " + messages.size());
            }
        }
    }
}
