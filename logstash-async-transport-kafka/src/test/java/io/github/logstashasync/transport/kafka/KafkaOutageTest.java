package io.github.logstashasync.transport.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.Extras;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import io.github.logstashasync.core.HandlerStatistics;
import io.github.logstashasync.transport.kafka.testkit.KafkaBroker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster goes away and comes back, each test with a broker of its own: down when the application starts (and
 * the application killed with {@code kill -9} meanwhile), killed in the middle of a stream, frozen while the
 * handler closes. Nothing is lost; what is sent twice is counted and printed.
 */
class KafkaOutageTest {

    /** How long the cluster is away at the start: the 30 s. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private AsynchronousLogstashHandler.Builder handler(KafkaBroker broker, String topic, Path database) {
        // the producer waits 1 s for metadata and 2 s for a record: the core's retries, not Kafka's, carry the outage
        return AsynchronousLogstashHandler.builder().transport("kafka")
                .transportOption("bootstrapServers", broker.bootstrapServers()).transportOption("topic", topic)
                .transportOption("deliveryTimeout", "2s").socketTimeout(Duration.ofSeconds(1)).databasePath(database)
                .flushInterval(Duration.ofMillis(200)).retryInitialDelay(Duration.ofMillis(100))
                .retryMaxDelay(Duration.ofSeconds(1));
    }

    @Test
    void brokerDownForThirtySecondsAtStartAndTheApplicationKilledMeanwhileNothingIsLost() throws Exception {
        long start = System.nanoTime();
        KafkaBroker broker = KafkaBroker.prepare(dir.resolve("broker"), Map.of());
        try {
            // an application that persists 2,000 events while the cluster is down, then dies with kill -9
            Path crashDb = dir.resolve("crash.db");
            int crashCount = 2_000;
            String persisted = runAndKill(broker, "crashed", crashDb, crashCount);
            long queuedAfterKill = QueueDb.queued(crashDb);
            assertEquals(crashCount, queuedAfterKill, "the killed application's events are in its database: "
                    + persisted);

            // an application that keeps running through the outage
            int count = 2_000;
            AsynchronousLogstashHandler handler = handler(broker, "down-at-start", dir.resolve("running.db")).build();
            Logger logger = KafkaHandlerTest.logger("app.Outage", handler);
            for (int i = 0; i < count; i++) {
                logger.log(Level.INFO, "outage event {0}", new Object[] {i, Extras.of("seq", i)});
            }
            long remaining = OUTAGE.toNanos() - (System.nanoTime() - start);
            if (remaining > 0) {
                TimeUnit.NANOSECONDS.sleep(remaining);
            }
            HandlerStatistics down = handler.statistics();
            assertEquals(0, down.sent(), "nothing can be sent while the cluster is down: " + down);
            assertEquals(count, down.persisted(), "every event waits in the database: " + down);
            assertTrue(down.retries() > 0, "the failed sends are counted as retries: " + down);

            long up = System.nanoTime();
            broker.startProcess();
            long brokerReady = System.nanoTime();
            assertTrue(handler.flush(Duration.ofSeconds(60)), "every event confirmed within 60 s of the broker's start: "
                    + handler.statistics());
            long drained = System.nanoTime();
            HandlerStatistics after = handler.statistics();
            handler.close();
            assertEquals(count, after.sent(), "all sent: " + after);
            assertEquals(0, after.failed() + after.dropped(), "nothing failed or dropped: " + after);
            Delivery running = Delivery.of(broker.read("down-at-start", count, Duration.ofSeconds(30)), count);

            // the killed application starts again on its database
            AsynchronousLogstashHandler restarted = handler(broker, "crashed", crashDb).build();
            assertTrue(restarted.flush(Duration.ofSeconds(60)), "the restarted application sends what the killed one "
                    + "persisted: " + restarted.statistics());
            HandlerStatistics restartedStatistics = restarted.statistics();
            restarted.close();
            Delivery crashed = Delivery.of(broker.read("crashed", crashCount, Duration.ofSeconds(30)), crashCount);

            System.out.printf("KAFKA DOWN AT START: outage %.1f s, %d retries, broker ready %.1f s after its start, "
                    + "then drained %d events in %.1f s; %s%n", (up - start) / 1e9, down.retries(),
                    (brokerReady - up) / 1e9, count, (drained - brokerReady) / 1e9, running);
            System.out.printf("KAFKA KILL -9 WHILE DOWN: %s; queued after the kill %d; restart sent %d; %s%n",
                    persisted, queuedAfterKill, restartedStatistics.sent(), crashed);
            running.assertNoneLost();
            crashed.assertNoneLost();
            assertEquals(0, QueueDb.queued(crashDb), "the restarted application's queue is empty");
        } finally {
            broker.close();
        }
    }

    /** Starts {@link KafkaLoggingApp}, waits until it persisted {@code count} events, kills it with kill -9. */
    private String runAndKill(KafkaBroker broker, String topic, Path database, int count) throws Exception {
        List<String> command = KafkaBroker.java(KafkaLoggingApp.class.getName());
        command.addAll(List.of(broker.bootstrapServers(), topic, database.toString(), Integer.toString(count)));
        Path log = dir.resolve("app.log");
        Process app = new ProcessBuilder(command).redirectError(log.toFile()).start();
        try {
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String text = out.readLine(); text != null; text = out.readLine()) {
                        if (text.startsWith("persisted=")) {
                            return text;
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    return null;
                }
            });
            String persisted = line.get(90, TimeUnit.SECONDS);
            assertTrue(persisted != null && persisted.startsWith("persisted=" + count + " sent=0"),
                    "the application persisted every event and sent none: " + persisted + " " + Files.readString(log));
            return persisted;
        } finally {
            app.destroyForcibly(); // SIGKILL on Linux
            assertTrue(app.waitFor(30, TimeUnit.SECONDS), "the application is gone");
        }
    }

    @Test
    void brokerKilledInTheMiddleOfAStreamAndRestartedNothingIsLost() throws Exception {
        KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"), Map.of());
        try {
            int count = 20_000;
            AsynchronousLogstashHandler handler = handler(broker, "mid-stream", dir.resolve("stream.db")).build();
            Logger logger = KafkaHandlerTest.logger("app.Stream", handler);
            Duration killAt = Duration.ofMillis(2_500);
            Duration downFor = Duration.ofSeconds(5);
            long[] marks = new long[4]; // killed at, sent then, started again at, sent then
            long start = System.nanoTime();
            // the broker is killed after 2.5 s and started again 5 s later, while 2,000 events/s are logged for 10 s
            CompletableFuture<Void> chaos = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(killAt.toMillis());
                    marks[1] = handler.statistics().sent();
                    broker.kill();
                    marks[0] = System.nanoTime();
                    Thread.sleep(downFor.toMillis());
                    marks[3] = handler.statistics().sent();
                    broker.startProcess();
                    marks[2] = System.nanoTime();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < count; i++) {
                logger.log(Level.INFO, "stream event {0}", new Object[] {i, Extras.of("seq", i)});
                if (i % 20 == 19) {
                    long wait = start + TimeUnit.MILLISECONDS.toNanos(i / 2) - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
            }
            long logged = System.nanoTime();
            chaos.get(90, TimeUnit.SECONDS);
            long killedAt = marks[0];
            long sentAtKill = marks[1];
            long restartedAt = marks[2];
            long sentWhenBack = marks[3];
            assertTrue(restartedAt > 0, "the broker was killed and restarted during the stream");
            assertTrue(handler.flush(Duration.ofSeconds(60)), "every event confirmed within 60 s: "
                    + handler.statistics());
            HandlerStatistics statistics = handler.statistics();
            handler.close();
            Delivery delivery = Delivery.of(broker.read("mid-stream", count, Duration.ofSeconds(30)), count);
            System.out.printf("KAFKA KILLED MID-STREAM: %d events logged in %.1f s, broker killed at %.1f s with %d sent,"
                    + " %.1f s until it was ready again (sent meanwhile %d), all confirmed %.1f s after the start; %d "
                    + "retries; %s%n", count, (logged - start) / 1e9, (killedAt - start) / 1e9, sentAtKill,
                    (restartedAt - killedAt) / 1e9, sentWhenBack - sentAtKill, (System.nanoTime() - start) / 1e9,
                    statistics.retries(), delivery);
            assertEquals(count, statistics.sent(), "all sent: " + statistics);
            assertEquals(0, statistics.failed() + statistics.dropped(), "nothing failed or dropped: " + statistics);
            assertTrue(statistics.retries() > 0, "the sends during the outage failed and were retried: " + statistics);
            delivery.assertNoneLost();
        } finally {
            broker.close();
        }
    }

    @Test
    void closeWhileTheBrokerIsFrozenIsBoundedAndKeepsWhatWasNotConfirmed() throws Exception {
        KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"), Map.of());
        try {
            Path database = dir.resolve("close.db");
            Duration shutdownTimeout = Duration.ofSeconds(2);
            AsynchronousLogstashHandler handler = handler(broker, "frozen", database).transportOption("deliveryTimeout",
                    "30s").shutdownTimeout(shutdownTimeout).socketCloseWait(Duration.ofSeconds(30)).build();
            Logger logger = KafkaHandlerTest.logger("app.Frozen", handler);
            for (int i = 0; i < 500; i++) {
                logger.log(Level.INFO, "frozen event {0}", new Object[] {i, Extras.of("seq", i)});
            }
            assertTrue(handler.flush(Duration.ofSeconds(30)), "the first 500 confirmed: " + handler.statistics());
            broker.pause();
            for (int i = 500; i < 1_000; i++) {
                logger.log(Level.INFO, "frozen event {0}", new Object[] {i, Extras.of("seq", i)});
            }
            Thread.sleep(1_000); // a batch is in flight, waiting for an answer that does not come
            long closeStart = System.nanoTime();
            handler.close();
            Duration closeTook = Duration.ofNanos(System.nanoTime() - closeStart);
            HandlerStatistics atClose = handler.statistics();
            long queued = QueueDb.queued(database);
            broker.resume();

            AsynchronousLogstashHandler restarted = handler(broker, "frozen", database).build();
            assertTrue(restarted.flush(Duration.ofSeconds(60)), "the next start sends what stayed queued: "
                    + restarted.statistics());
            HandlerStatistics restartedStatistics = restarted.statistics();
            restarted.close();
            Delivery delivery = Delivery.of(broker.read("frozen", 1_000, Duration.ofSeconds(30)), 1_000);
            System.out.printf("KAFKA CLOSE WHILE FROZEN: close took %d ms (shutdownTimeout %d ms, socketCloseWait 30 s,"
                    + " deliveryTimeout 30 s), sent %d, %d left queued, the next start sent %d; %s%n",
                    closeTook.toMillis(), shutdownTimeout.toMillis(), atClose.sent(), queued,
                    restartedStatistics.sent(), delivery);
            assertTrue(closeTook.compareTo(shutdownTimeout.plusSeconds(2)) < 0, "close() returns within shutdownTimeout"
                    + " and the 1 s grace, not after Kafka's 30 s timeouts: " + closeTook);
            assertEquals(500, atClose.sent(), "nothing confirmed while frozen: " + atClose);
            assertEquals(500, queued, "every unconfirmed event stays in the database: " + atClose);
            assertEquals(500, restartedStatistics.sent(), "the next start sends them: " + restartedStatistics);
            delivery.assertNoneLost();
        } finally {
            broker.close();
        }
    }

    /**
     * What a consumer read back, by the {@code extra.seq} of each event: how many distinct, how many twice.
     *
     * @param expected   the events logged, {@code 0..expected-1}
     * @param distinct   how many of them arrived
     * @param duplicates records beyond the first of each event
     * @param missing    the first few that did not arrive
     */
    record Delivery(int expected, int distinct, int duplicates, List<Integer> missing) {

        static Delivery of(List<ConsumerRecord<byte[], byte[]>> records, int expected) {
            TreeMap<Integer, Integer> seen = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                seen.merge(KafkaHandlerTest.parse(record.value()).get("extra").get("seq").asInt(), 1, Integer::sum);
            }
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < expected && missing.size() < 10; i++) {
                if (!seen.containsKey(i)) {
                    missing.add(i);
                }
            }
            return new Delivery(expected, seen.size(), records.size() - seen.size(), missing);
        }

        void assertNoneLost() {
            assertEquals(expected, distinct, "every event arrived at least once; missing " + missing);
            assertTrue(missing.isEmpty(), "none missing: " + missing);
        }

        @Override
        public String toString() {
            return "read back " + (distinct + duplicates) + " records: " + distinct + " of " + expected
                    + " events, lost " + (expected - distinct) + ", duplicates " + duplicates;
        }
    }
}
