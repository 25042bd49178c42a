package io.github.logstashasync.core;

import static io.github.logstashasync.core.LineReceiver.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.api.Extras;
import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.OverflowPolicy;
import io.github.logstashasync.api.spi.EventFormatter;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the pipeline itself (issue 16): a database locked when the application starts, a parameter whose
 * {@code toString()} throws, drops that must be reported, a lossless BLOCK, a flush interval shorter than the
 * queue check, an idle persister that must not wake, concurrent closes, and an error in the persist loop.
 */
class PipelineFaultsTest {

    @TempDir
    Path dir;

    private static final Path SQLITE3 = Path.of("/usr/bin/sqlite3");

    @Test
    void aDatabaseLockedAtStartNeitherFailsTheHandlerNorStallsTheApplication() throws Exception {
        assertTrue(Files.isExecutable(SQLITE3), "this test needs the sqlite3 shell (scripts/install-deps.sh)");
        Path db = dir.resolve("locked-at-start.db");
        Process holder = new ProcessBuilder(SQLITE3.toString(), db.toString()).redirectErrorStream(true).start();
        try (LineReceiver receiver = new LineReceiver(); OutputStream in = holder.getOutputStream()) {
            in.write("BEGIN EXCLUSIVE;\nCREATE TABLE held (x);\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            Thread.sleep(300); // the shell has the lock

            long start = System.nanoTime();
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).databasePath(db).databaseTimeout(Duration.ofSeconds(10))
                    .retryInitialDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(300)).build();
            TestSupport.Errors errors = new TestSupport.Errors();
            handler.setErrorManager(errors);
            Logger logger = TestSupport.logger("locked-at-start", handler);
            for (int i = 0; i < 100; i++) {
                logger.log(Level.INFO, "logged while the database is locked", Extras.of("seq", i));
            }
            long took = System.nanoTime() - start;
            assertTrue(took < TimeUnit.SECONDS.toNanos(5), "building the handler and 100 log calls must not wait "
                    + "for the lock (databaseTimeout 10 s); took " + TimeUnit.NANOSECONDS.toMillis(took) + " ms");

            Thread.sleep(1_000);
            in.write("ROLLBACK;\n.quit\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS), "sqlite3 should exit");

            assertTrue(handler.flush(Duration.ofSeconds(30)), "everything is sent once the lock goes");
            handler.close();
            await(Duration.ofSeconds(5), () -> receiver.lines().size() >= 100, "100 lines");
            Set<Integer> seqs = new HashSet<>();
            for (JsonNode doc : TestSupport.parseAll(receiver.lines())) {
                seqs.add(doc.get("extra").get("seq").asInt());
            }
            assertEquals(100, seqs.size(), "every event logged while the database was locked arrives");
            assertEquals(0, handler.statistics().dropped(), "nothing dropped");
            assertTrue(errors.any("is open now"), "the late open is reported: " + errors.messages);
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aParameterWhoseToStringThrowsLeavesTheRawPatternAsJulDoes() throws Exception {
        Object hostile = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("toString is broken");
            }
        };
        try (LineReceiver receiver = new LineReceiver()) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).build();
            Logger logger = TestSupport.logger("hostile-parameter", handler);
            logger.log(Level.INFO, "value {0} of {1}", new Object[] {hostile, 2});
            assertTrue(handler.flush(Duration.ofSeconds(10)), "flushed");
            handler.close();
            await(Duration.ofSeconds(5), () -> receiver.lines().size() >= 1, "one line");
            JsonNode doc = TestSupport.parse(receiver.lines().get(0));
            assertEquals("value {0} of {1}", doc.get("message").asString(), "the raw pattern, as JUL's formatMessage");
            assertEquals(0, handler.statistics().dropped(), "the event is not lost");
        }
    }

    @Test
    void bufferDropsAreReportedWithTheRunningCount() throws Exception {
        Gate gate = new Gate();
        try (LineReceiver receiver = new LineReceiver()) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).formatter(gate).bufferSize(10)
                    .overflowPolicy(OverflowPolicy.DROP_NEWEST).build();
            TestSupport.Errors errors = new TestSupport.Errors();
            handler.setErrorManager(errors);
            Logger logger = TestSupport.logger("drops-reported", handler);
            logger.info("primer");
            assertTrue(gate.entered.await(10, TimeUnit.SECONDS), "the persister holds the primer");
            for (int i = 0; i < 100; i++) {
                logger.info("burst " + i);
            }
            long dropped = handler.statistics().droppedBuffer();
            assertEquals(90, dropped, "a buffer of 10 takes 10 of the 100");
            gate.release.countDown();
            assertTrue(handler.flush(Duration.ofSeconds(10)), "flushed");
            handler.close();
            assertTrue(errors.any(dropped + " dropped since the start"),
                    "the drops are reported with their running count: " + errors.messages);
        }
    }

    @Test
    void blockForeverWaitsForRoomAndDropsNothing() throws Exception {
        Gate gate = new Gate();
        try (LineReceiver receiver = new LineReceiver()) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).formatter(gate).bufferSize(5)
                    .overflowPolicy(OverflowPolicy.BLOCK).option("blockTimeout", "forever").build();
            Logger logger = TestSupport.logger("block-forever", handler);
            logger.info("primer");
            assertTrue(gate.entered.await(10, TimeUnit.SECONDS), "the persister holds the primer");
            AtomicLong logged = new AtomicLong();
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    logger.log(Level.INFO, "blocked", Extras.of("seq", i));
                    logged.incrementAndGet();
                }
            });
            producer.start();
            producer.join(1_500);
            assertTrue(producer.isAlive(), "the log call waits for room instead of dropping");
            assertEquals(5, logged.get(), "five calls fit into the buffer");
            gate.release.countDown();
            producer.join(10_000);
            assertFalse(producer.isAlive(), "the producer goes on once there is room");
            assertTrue(handler.flush(Duration.ofSeconds(10)), "flushed");
            handler.close();
            assertEquals(0, handler.statistics().dropped(), "nothing dropped");
            await(Duration.ofSeconds(5), () -> receiver.lines().size() >= 51, "51 lines");
        }
    }

    @Test
    void aFlushIntervalShorterThanTheQueueCheckIsHonoured() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).flushInterval(Duration.ofMillis(50))
                    .queueCheckInterval(Duration.ofSeconds(60)).build();
            Logger logger = TestSupport.logger("flush-interval", handler);
            Thread.sleep(500); // the sender has made its first check and sleeps until the next one, in 60 s
            logger.info("one event");
            // without the wake-up it would arrive at the next queue check, a minute later
            await(Duration.ofSeconds(10), () -> receiver.lines().size() >= 1, "the event within flushInterval");
            handler.close();
        }
    }

    @Test
    void anIdlePersisterDoesNotWakeUp() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).build();
            Logger logger = TestSupport.logger("idle-persister", handler);
            logger.info("one event, then nothing");
            assertTrue(handler.flush(Duration.ofSeconds(10)), "flushed");
            Thread.sleep(200);
            String name = "logstash-async-persist-" + handler.pipeline().name();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long id = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no thread " + name)).getId();
            ThreadInfo before = threads.getThreadInfo(id);
            Thread.sleep(2_000);
            ThreadInfo after = threads.getThreadInfo(id);
            long wakeUps = after.getWaitedCount() - before.getWaitedCount();
            assertTrue(wakeUps < 10, "an idle persister parks until there is work; it waited " + wakeUps
                    + " times in 2 s (it polled ~110 times a second before)");
            handler.close();
        }
    }

    @Test
    void concurrentClosesBothReturnTheSameResultAndNothingThrows() throws Exception {
        Path db = dir.resolve("closing.db");
        AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                .host("127.0.0.1").port(1).databasePath(db).shutdownTimeout(Duration.ofMillis(500)).build();
        Logger logger = TestSupport.logger("concurrent-close", handler);
        for (int i = 0; i < 20; i++) {
            logger.info("stays queued " + i);
        }
        List<Long> results = new CopyOnWriteArrayList<>();
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        Thread[] closers = new Thread[2];
        for (int i = 0; i < closers.length; i++) {
            closers[i] = new Thread(() -> {
                try {
                    go.await();
                    results.add(handler.pipeline().close());
                } catch (Throwable t) {
                    thrown.add(t);
                }
            });
            closers[i].start();
        }
        go.countDown();
        for (Thread closer : closers) {
            closer.join(20_000);
        }
        assertTrue(thrown.isEmpty(), "nothing thrown: " + thrown);
        assertEquals(List.of(20L, 20L), results, "both closes report the 20 events left in the database");
    }

    @Test
    void anErrorInThePersistLoopCountsAndReportsTheEventsInHandAndTheLoopGoesOn() throws Exception {
        LogstashFormatter json = new LogstashFormatter();
        EventFormatter failing = (LogEvent event) -> {
            if ("poison".equals(event.message())) {
                throw new AssertionError("an Error no formatter should throw");
            }
            return json.format(event);
        };
        try (LineReceiver receiver = new LineReceiver()) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).formatter(failing).build();
            TestSupport.Errors errors = new TestSupport.Errors();
            handler.setErrorManager(errors);
            Logger logger = TestSupport.logger("persist-error", handler);
            logger.info("poison");
            await(Duration.ofSeconds(10), () -> handler.statistics().droppedQueue() == 1, "the poison counted lost");
            for (int i = 0; i < 10; i++) {
                logger.info("after " + i);
            }
            assertTrue(handler.flush(Duration.ofSeconds(10)), "the loop goes on");
            handler.close();
            await(Duration.ofSeconds(5), () -> receiver.lines().size() >= 10, "10 lines");
            assertTrue(errors.any("1 events in hand are lost"), "reported: " + errors.messages);
            HandlerStatistics s = handler.statistics();
            assertEquals(s.accepted(), s.sent() + s.dropped(), "every accepted event is sent or counted dropped: " + s);
        }
    }

    @Test
    void closeKeepsOneDeadlineEvenWhenTheReceiverStopsReading() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        java.net.Socket socket = silent.accept();
                        socket.setReceiveBufferSize(4096);
                        accepted.add(socket); // never read: the sender's writes block once the buffers are full
                    }
                } catch (java.io.IOException e) {
                    // closed by the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(silent.getLocalPort()).shutdownTimeout(Duration.ofSeconds(1))
                    .socketTimeout(Duration.ofSeconds(20)).socketCloseWait(Duration.ofSeconds(30)).build();
            Logger logger = TestSupport.logger("close-deadline", handler);
            String padding = "x".repeat(2_000);
            for (int i = 0; i < 5_000; i++) {
                logger.log(Level.INFO, padding, Extras.of("seq", i));
            }
            await(Duration.ofSeconds(10), () -> !accepted.isEmpty(), "a connection");
            Thread.sleep(500); // the writes are blocked now
            long start = System.nanoTime();
            handler.close();
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(took < 5_000, "close() keeps to shutdownTimeout (1 s) plus a second of grace, not socketTimeout"
                    + " (20 s) + socketCloseWait (30 s); took " + took + " ms");
            HandlerStatistics s = handler.statistics();
            assertEquals(s.accepted(), s.sent() + s.dropped(), "what the memory queue still held is counted as lost: "
                    + s);
            for (java.net.Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void flushWaitsForThisCallsEventsNotForRowsAnotherProcessAddsLater() throws Exception {
        assertTrue(Files.isExecutable(SQLITE3), "this test needs the sqlite3 shell (scripts/install-deps.sh)");
        Path db = dir.resolve("barrier.db");
        try (LineReceiver receiver = new LineReceiver()) {
            receiver.stop();
            AsynchronousLogstashHandler ours = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).databasePath(db)
                    .queueCheckInterval(Duration.ofMillis(100)) // recounts the shared table often
                    .retryInitialDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(200)).build();
            Logger mine = TestSupport.logger("barrier-ours", ours);
            for (int i = 0; i < 10; i++) {
                mine.log(Level.INFO, "ours", Extras.of("seq", i));
            }
            java.util.concurrent.CompletableFuture<Boolean> flushed = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> ours.flush(Duration.ofSeconds(15)));
            Thread.sleep(500); // the barrier is taken: our 10 rows are queued, our receiver is down
            // another process adds 5 rows and holds them in flight (its claim, taken now, lasts minutes)
            String sql = "BEGIN IMMEDIATE;\n"
                    + "INSERT INTO event (event_text, pending_delete, entry_date) VALUES"
                    + " ('{\"other\":1}', 0, datetime('now')), ('{\"other\":2}', 0, datetime('now')),"
                    + " ('{\"other\":3}', 0, datetime('now')), ('{\"other\":4}', 0, datetime('now')),"
                    + " ('{\"other\":5}', 0, datetime('now'));\n"
                    + "INSERT INTO event_claim (first_id, last_id, owner, claimed_at)"
                    + " SELECT max(event_id) - 4, max(event_id), 'another-process', " + System.currentTimeMillis()
                    + " FROM event;\nCOMMIT;\n";
            Process other = new ProcessBuilder(SQLITE3.toString(), "-cmd", ".timeout 5000", db.toString())
                    .redirectErrorStream(true).start();
            try (OutputStream in = other.getOutputStream()) {
                in.write(sql.getBytes(StandardCharsets.UTF_8));
            }
            assertTrue(other.waitFor(10, TimeUnit.SECONDS), "sqlite3 should exit");
            assertEquals(0, other.exitValue(), "the other process's rows are in: "
                    + new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            Thread.sleep(300); // our sender has recounted the table with them
            receiver.start();
            assertTrue(flushed.get(20, TimeUnit.SECONDS), "the flush confirms this call's events and does not wait "
                    + "for rows another process added to the shared database after it began");
            await(Duration.ofSeconds(5), () -> receiver.lines().size() >= 10, "our 10 lines");
            Set<Integer> seqs = new HashSet<>();
            for (JsonNode doc : TestSupport.parseAll(receiver.lines())) {
                if (doc.path("extra").has("seq")) {
                    seqs.add(doc.get("extra").get("seq").asInt());
                }
            }
            assertEquals(10, seqs.size(), "every event of ours arrived");
            ours.close();
        }
    }

    @Test
    void aFullMemoryQueuePushesBackInsteadOfDropping() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            receiver.stop();
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).memoryQueueCapacity(10).bufferSize(10)
                    .option("blockTimeout", "forever").retryInitialDelay(Duration.ofMillis(50))
                    .retryMaxDelay(Duration.ofMillis(200)).build();
            Logger logger = TestSupport.logger("memory-full", handler);
            AtomicLong logged = new AtomicLong();
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    logger.log(Level.INFO, "more than the queue holds", Extras.of("seq", i));
                    logged.incrementAndGet();
                }
            });
            producer.start();
            producer.join(1_500);
            assertTrue(producer.isAlive(), "the producer waits: the queue and the buffer are full");
            assertEquals(0, handler.statistics().dropped(), "nothing dropped while the receiver is down");
            receiver.start();
            producer.join(20_000);
            assertFalse(producer.isAlive(), "the producer goes on once the receiver takes events");
            assertTrue(handler.flush(Duration.ofSeconds(20)), "flushed");
            handler.close();
            await(Duration.ofSeconds(5), () -> receiver.lines().size() >= 100, "100 lines");
            assertEquals(0, handler.statistics().dropped(), "nothing dropped");
        }
    }

    /** A formatter that holds the persister on its first event until released. */
    private static final class Gate implements EventFormatter {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final LogstashFormatter json = new LogstashFormatter();

        @Override
        public String format(LogEvent event) {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return json.format(event);
        }
    }

    /**
     * What a memory queue still holds at close is lost and counted as dropped; it must not also stay "pending" in
     * the statistics (it was both: `send` had to work around it).
     */
    @Test
    void whatAMemoryQueueLosesAtCloseIsDroppedAndNoLongerPending() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort(); // closed at once: nobody receives
        }
        LogstashPipeline pipeline = LogstashPipeline.builder().name("memory-close").host("127.0.0.1").port(port)
                .shutdownTimeout(Duration.ofMillis(300)).reporter((message, error) -> { }).build();
        for (int i = 0; i < 20; i++) {
            assertTrue(pipeline.offer(Events.event("INFO", "left " + i)));
        }
        await(Duration.ofSeconds(10), () -> pipeline.statistics().persisted() == 20, "all 20 in the memory queue");
        pipeline.close();
        HandlerStatistics stats = pipeline.statistics();
        assertEquals(20, stats.dropped(), "the 20 are lost with the memory queue, and counted: " + stats);
        assertEquals(0, stats.pending(), "and not pending any more: " + stats);
        assertEquals(stats.accepted(), stats.sent() + stats.dropped() + stats.failed() + stats.expired() + stats.pending(),
                "every accepted event is in exactly one state: " + stats);
    }
}
