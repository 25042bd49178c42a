package io.github.logstashasync.log4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.core.HandlerStatistics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping Log4j closes the appender's pipeline (issue 11, item 3): what was logged before {@code stop()} is sent
 * by it; events logged while the receiver is down stay in the SQLite queue when the logger context stops, and a
 * new context on the same {@code databasePath} sends them once the receiver is up.
 */
class Log4jRestartTest {

    @TempDir
    Path dir;

    @Test
    void stopSendsWhatWasLoggedBeforeAndClosesThePipeline() throws Exception {
        Path db = dir.resolve("stop.db");
        try (LineReceiver receiver = new LineReceiver()) {
            LoggerContext context = Log4jTestSupport.start("log4j2-test-stop.xml", Map.of(
                    "logstash.port", Integer.toString(receiver.port()), "logstash.db", db.toString()));
            LogstashAsyncAppender appender = Log4jTestSupport.appender(context, "LOGSTASH");
            Logger logger = context.getLogger("stop");
            for (int i = 0; i < 20; i++) {
                logger.info("before stop {}", i);
            }
            Thread.sleep(300);
            assertEquals(0, receiver.lines().size(), "flushInterval 1h, flushCount 1000: nothing sent before stop");

            Log4jTestSupport.stop(context);

            assertTrue(appender.isStopped(), "the appender stopped with its context");
            HandlerStatistics statistics = appender.pipeline().statistics();
            assertEquals(20, statistics.sent(), "stop() sent every event: " + statistics);
            assertEquals(0, statistics.pending(), "nothing left queued: " + statistics);
            assertTrue(appender.pipeline().close() == 0, "closed already: a second close returns at once, empty");
            LineReceiver.await(Duration.ofSeconds(5), () -> receiver.lines().size() >= 20, "the 20 documents");
            assertEquals(messages("before stop", 20), messagesOf(receiver.lines()), "each event once, in order");
            assertEquals(List.of(), Log4jTestSupport.queued(db), "the queue is empty after the sent events");
        }
    }

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
            LogstashAsyncAppender appender = Log4jTestSupport.appender(first, "LOGSTASH");
            try {
                Logger logger = first.getLogger("restart");
                for (int i = 0; i < 50; i++) {
                    logger.info("queued {}", i);
                }
            } finally {
                Log4jTestSupport.stop(first);
            }
            assertEquals(0, receiver.lines().size(), "nothing arrived while the receiver was down");
            assertEquals(0, appender.pipeline().statistics().sent(), "nothing sent by the first context");
            List<String> inDatabase = new ArrayList<>();
            for (JsonNode doc : Log4jTestSupport.queued(db)) {
                inDatabase.add(doc.get("message").asString());
                assertEquals("restart", doc.get("extra").get("logger_name").asString(), "the queued document: " + doc);
            }
            assertEquals(messages("queued", 50), inDatabase, "every event in the database after stop, in order");

            receiver.start();
            LoggerContext second = Log4jTestSupport.start("log4j2-test-seed.xml", properties);
            try {
                LineReceiver.await(Duration.ofSeconds(20), () -> receiver.lines().size() >= 50,
                        "the 50 queued events sent by the next context");
            } finally {
                Log4jTestSupport.stop(second);
            }
            Set<String> messages = new HashSet<>(messagesOf(receiver.lines()));
            for (int i = 0; i < 50; i++) {
                assertTrue(messages.contains("queued " + i), "event " + i + " arrived: " + messages.size());
            }
            assertEquals(List.of(), Log4jTestSupport.queued(db), "the database is empty once they are sent");
        }
    }

    private static List<String> messages(String prefix, int count) {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(prefix + " " + i);
        }
        return messages;
    }

    private static List<String> messagesOf(List<String> lines) {
        List<String> messages = new ArrayList<>();
        for (JsonNode doc : Log4jTestSupport.parseAll(lines)) {
            messages.add(doc.get("message").asString());
        }
        return messages;
    }
}
