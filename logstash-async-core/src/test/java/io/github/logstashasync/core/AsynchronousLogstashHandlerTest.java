package io.github.logstashasync.core;

import static io.github.logstashasync.core.LineReceiver.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.api.Extras;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsynchronousLogstashHandlerTest {

    @TempDir
    Path dir;

    @Test
    void seedExamplesArriveAtTheReceiverAsTheSeedShows() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).databasePath(dir.resolve("logstash.db")).build();
            Logger logger = TestSupport.logger("java-logstash-logger", handler);
            logger.severe("java-logstash-async: test logstash error message.");
            logger.info("java-logstash-async: test logstash info message.");
            logger.warning("java-logstash-async: test logstash warning message.");
            Extras extra = Extras.of(
                    "test_string", "java version: " + Runtime.version(),
                    "test_boolean", true,
                    "test_dict", Map.of("a", 1, "b", "c"),
                    "test_float", 1.23,
                    "test_integer", 123,
                    "test_list", List.of(1, 2, "3"));
            logger.log(Level.INFO, "java-logstash: test extra fields", extra);
            assertTrue(handler.flush(Duration.ofSeconds(10)), "all four events should be sent within 10 s");
            handler.close();

            List<JsonNode> docs = TestSupport.parseAll(receiver.lines());
            assertEquals(4, docs.size(), "four documents expected, got " + receiver.lines());
            assertEquals("ERROR", docs.get(0).get("level").asString());
            assertEquals("java-logstash-async: test logstash error message.", docs.get(0).get("message").asString());
            assertEquals("INFO", docs.get(1).get("level").asString());
            assertEquals("WARNING", docs.get(2).get("level").asString());
            for (JsonNode doc : docs) {
                assertEquals("1", doc.get("@version").asString());
                assertEquals("java-logstash", doc.get("type").asString());
                assertEquals(ProcessHandle.current().pid(), doc.get("pid").asLong());
                assertTrue(doc.get("@timestamp").asString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                        "timestamp in UTC with milliseconds: " + doc.get("@timestamp"));
                assertEquals("java-logstash-logger", doc.get("extra").get("logger_name").asString());
                assertTrue(doc.hasNonNull("host"), "host expected in " + doc);
            }
            JsonNode extras = docs.get(3).get("extra");
            assertEquals("java version: " + Runtime.version(), extras.get("test_string").asString());
            assertTrue(extras.get("test_boolean").asBoolean());
            assertEquals(1, extras.get("test_dict").get("a").asInt());
            assertEquals("c", extras.get("test_dict").get("b").asString());
            assertEquals(1.23, extras.get("test_float").asDouble());
            assertEquals(123, extras.get("test_integer").asInt());
            assertEquals("[1,2,\"3\"]", extras.get("test_list").toString());
        }
    }

    @Test
    void withADatabaseEventsArriveInTheOrderLoggedAcrossAnOutage() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).databasePath(dir.resolve("order.db"))
                    .flushCount(100).batchSize(100).retryInitialDelay(Duration.ofMillis(20))
                    .retryMaxDelay(Duration.ofMillis(100)).build();
            handler.setErrorManager(new TestSupport.Errors());
            Logger logger = TestSupport.logger("order", handler);
            for (int i = 0; i < 3000; i++) {
                logger.log(Level.INFO, "event {0}", new Object[] {i, Extras.of("seq", i)});
            }
            assertTrue(handler.flush(Duration.ofSeconds(15)), "everything sent while the receiver is up");
            await(Duration.ofSeconds(10), () -> receiver.lines().size() >= 3000, "3000 lines received");
            List<Integer> seqs = new ArrayList<>();
            for (JsonNode doc : TestSupport.parseAll(receiver.lines())) {
                seqs.add(doc.get("extra").get("seq").asInt());
            }
            assertEquals(IntStream.range(0, 3000).boxed().toList(), seqs, "in the order logged, each once");

            // events held in memory for sending go back to the queue when a send fails, and come out again
            receiver.stop();
            for (int i = 3000; i < 4000; i++) {
                logger.log(Level.INFO, "event {0}", new Object[] {i, Extras.of("seq", i)});
            }
            assertFalse(handler.flush(Duration.ofMillis(500)), "nothing can be sent while the receiver is down");
            receiver.start();
            assertTrue(handler.flush(Duration.ofSeconds(15)), "everything sent once the receiver is back");
            handler.close();
            await(Duration.ofSeconds(10), () -> receiver.lines().size() >= 4000, "4000 lines received");
            Set<Integer> all = new HashSet<>();
            for (JsonNode doc : TestSupport.parseAll(receiver.lines())) {
                all.add(doc.get("extra").get("seq").asInt());
            }
            assertEquals(4000, all.size(), "nothing lost across the outage");
            assertEquals(0, handler.statistics().failed());
        }
    }

    @Test
    void receiverDownForAWhileLosesNothingAndBacksOff() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            receiver.stop();
            TestSupport.Errors errors = new TestSupport.Errors();
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).databasePath(dir.resolve("down.db"))
                    .flushCount(10).retryInitialDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(400))
                    .build();
            handler.setErrorManager(errors);
            Logger logger = TestSupport.logger("down", handler);
            for (int i = 0; i < 200; i++) {
                logger.log(Level.INFO, "event {0}", new Object[] {i, Extras.of("seq", i)});
            }
            assertFalse(handler.flush(Duration.ofMillis(1500)), "nothing can be sent while the receiver is down");
            long retries = handler.statistics().retries();
            assertTrue(retries >= 2, "the worker should have retried, retries=" + retries);
            // 1.5 s with back-off doubling from 50 ms to 400 ms allows about 8 tries; a busy loop would make thousands
            assertTrue(retries < 40, "back-off expected, not a busy loop: retries=" + retries);
            assertTrue(errors.any("retrying in"), "the retry should be reported: " + errors.messages);

            receiver.start();
            assertTrue(handler.flush(Duration.ofSeconds(15)), "everything should be sent once the receiver is up");
            handler.close();
            Set<Integer> seqs = new HashSet<>();
            for (JsonNode doc : TestSupport.parseAll(receiver.lines())) {
                seqs.add(doc.get("extra").get("seq").asInt());
            }
            assertEquals(200, seqs.size(), "all 200 events expected after the outage");
            assertEquals(200, handler.statistics().sent());
        }
    }

    @Test
    void burstOf50000WithDatabaseIsPersistedWithoutDrops() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).databasePath(dir.resolve("burst.db")).build();
            Logger logger = TestSupport.logger("burst", handler);
            for (int i = 0; i < 50_000; i++) {
                logger.log(Level.INFO, "burst event", Extras.of("seq", i));
            }
            assertTrue(handler.flush(Duration.ofSeconds(60)), "the burst should be sent within 60 s");
            HandlerStatistics stats = handler.statistics();
            // the sender's deletes rode on the persister's appends (deleteLater): once flush says so, all are counted
            assertEquals(50_000, stats.sent(), "all sent, and counted by the time flush returns: " + stats);
            assertEquals(0, stats.pending(), stats.toString());
            assertEquals(0, stats.sentTwice(), stats.toString());
            handler.close();
            assertEquals(0, stats.dropped(), "no event may be dropped: " + stats);
            assertEquals(50_000, stats.persisted(), "all events persisted: " + stats);
            await(Duration.ofSeconds(10), () -> receiver.lines().size() >= 50_000, "50,000 lines at the receiver");
            assertEquals(50_000, receiver.lines().size());
            try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("burst.db"));
                 java.sql.ResultSet rows = db.createStatement().executeQuery("SELECT count(*) FROM event")) {
                assertTrue(rows.next());
                assertEquals(0, rows.getLong(1), "every delivered event was deleted from the database");
            }
        }
    }

    @Test
    void closeReportsWhatStaysQueuedAndTheNextStartSendsIt() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            receiver.stop();
            Path db = dir.resolve("restart.db");
            TestSupport.Errors errors = new TestSupport.Errors();
            AsynchronousLogstashHandler first = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).databasePath(db)
                    .shutdownTimeout(Duration.ofMillis(300)).build();
            first.setErrorManager(errors);
            Logger logger = TestSupport.logger("restart", first);
            for (int i = 0; i < 30; i++) {
                logger.info("kept across restart " + i);
            }
            first.close();
            assertTrue(errors.any("30 events remain queued in the database"), "close should report: " + errors.messages);

            // The queue is counted by the sender, not while the handler is built: right after the build, before
            // any count, flush(Duration) must still see that a backlog may be there.
            AsynchronousLogstashHandler stillDown = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).databasePath(db)
                    .shutdownTimeout(Duration.ofMillis(300)).build();
            stillDown.setErrorManager(new TestSupport.Errors());
            assertFalse(stillDown.flush(Duration.ofMillis(200)), "the backlog cannot be sent while the receiver is down");
            stillDown.close();

            receiver.start();
            AsynchronousLogstashHandler second = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).databasePath(db).build();
            assertTrue(second.flush(Duration.ofSeconds(10)), "the backlog should be sent after the restart");
            second.close();
            assertEquals(30, receiver.lines().size(), "30 events from the first run expected");
        }
    }

    @Test
    void eventsOlderThanTheTtlExpireCountedAndReported() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            receiver.stop();
            TestSupport.Errors errors = new TestSupport.Errors();
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).databasePath(dir.resolve("ttl.db"))
                    .eventTtl(Duration.ofSeconds(1)).queueCheckInterval(Duration.ofMillis(200))
                    .shutdownTimeout(Duration.ofMillis(200)).build();
            handler.setErrorManager(errors);
            Logger logger = TestSupport.logger("ttl", handler);
            for (int i = 0; i < 5; i++) {
                logger.info("short-lived " + i);
            }
            // entry dates have second precision: within 3 s every event is older than the 1 s TTL
            await(Duration.ofSeconds(5), () -> handler.statistics().expired() == 5, "five events expired");
            await(Duration.ofSeconds(5), () -> errors.any("expired"), "expiry reported, never silent");
            assertTrue(handler.flush(Duration.ofSeconds(1)), "nothing is pending once everything expired");
            handler.close();
            assertEquals(0, handler.statistics().sent());
        }
    }

    @Test
    void aDisabledHandlerDiscardsEverything() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).enable(false).build();
            TestSupport.logger("disabled", handler).info("never sent");
            assertTrue(handler.flush(Duration.ofSeconds(2)));
            handler.close();
            assertEquals(0, handler.statistics().accepted());
            assertEquals(List.of(), receiver.lines());
        }
    }

    @Test
    void recordsLoggedOnTheWorkersOwnThreadsAreNotShippedAndCannotDeadlock() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            LogstashFormatter json = new LogstashFormatter();
            Logger[] self = new Logger[1];
            // like sqlite-jdbc, which logs through JUL on the worker's thread
            io.github.logstashasync.api.spi.EventFormatter chatty = event -> {
                self[0].info("logged by the formatter on the persister thread");
                return json.format(event);
            };
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).formatter(chatty).bufferSize(1)
                    .blockTimeout(Duration.ofSeconds(30)).build();
            self[0] = TestSupport.logger("feedback", handler);
            for (int i = 0; i < 10; i++) {
                self[0].info("application event " + i);
            }
            assertTrue(handler.flush(Duration.ofSeconds(10)), "no deadlock: everything is sent");
            handler.close();
            assertEquals(10, handler.statistics().sent(), "only the application's events: " + handler.statistics());
        }
    }
}
