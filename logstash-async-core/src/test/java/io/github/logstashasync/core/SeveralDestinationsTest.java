package io.github.logstashasync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.ConnectionStrategy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several destinations against real receivers on 127.0.0.1 (the JDK's HTTP server, Logstash's Beats server),
 * stopped and started again mid-stream. Every wait is bounded; no assertion is about speed.
 */
class SeveralDestinationsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static List<EventReceiver> receivers(String transport, int n) throws Exception {
        List<EventReceiver> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(transport.equals("http") ? new HttpEventReceiver() : new BeatsEventReceiver());
        }
        return all;
    }

    private static List<String> destinations(String transport, List<EventReceiver> receivers) {
        return receivers.stream().map(r -> (transport.equals("http") ? "http://127.0.0.1:" : "127.0.0.1:") + r.port())
                .toList();
    }

    private LogstashPipeline.Builder builder(String name, String transport, List<EventReceiver> receivers) {
        LogstashPipeline.Builder builder = LogstashPipeline.builder();
        if (transport.equals("beats")) {
            // A stopped Beats server can leave its side of a connection open without a word: the window is then
            // unacknowledged until readTimeout (60 s by default) ends it; the failover test saw that in 2 runs of 9.
            builder.transportOption("readTimeout", "2s");
        }
        return builder.name(name).reporter((message, error) -> reports.add(message))
                .transport(transport).destinations(destinations(transport, receivers))
                .batchSize(25).flushCount(25).flushInterval(Duration.ofMillis(20))
                .retryInitialDelay(Duration.ofMillis(100)).retryMaxDelay(Duration.ofMillis(500))
                .socketTimeout(Duration.ofSeconds(2)).socketCloseWait(Duration.ofMillis(200));
    }

    private static void await(BooleanSupplier condition, String expectation) throws InterruptedException {
        LineReceiver.await(WAIT, condition, expectation);
    }

    private static Set<String> union(List<EventReceiver> receivers) {
        Set<String> all = new HashSet<>();
        for (EventReceiver r : receivers) {
            all.addAll(r.messages());
        }
        return all;
    }

    private static int received(List<EventReceiver> receivers) {
        return receivers.stream().mapToInt(r -> r.messages().size()).sum();
    }

    /** The events {@code event-0} to {@code event-(n-1)} that no receiver got. */
    private static List<String> missing(List<EventReceiver> receivers, int n) {
        Set<String> got = union(receivers);
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!got.contains("event-" + i)) {
                lost.add("event-" + i);
            }
        }
        return lost;
    }

    private static long sentByDestinations(LogstashPipeline pipeline) {
        return pipeline.destinations().stream().mapToLong(DestinationStatistics::sent).sum();
    }

    private static void closeAll(List<EventReceiver> receivers) {
        receivers.forEach(EventReceiver::close);
    }

    /** Offers numbered events, about two a millisecond, until stopped. */
    private static final class Producer extends Thread {
        private final LogstashPipeline pipeline;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger offered = new AtomicInteger();
        private volatile boolean refused;

        Producer(LogstashPipeline pipeline, int from) {
            super("test-producer");
            this.pipeline = pipeline;
            offered.set(from);
        }

        @Override
        public void run() {
            while (!stop.get()) {
                int n = offered.get();
                if (!pipeline.offer(Events.event("INFO", "event-" + n))) {
                    refused = true;
                }
                offered.incrementAndGet();
                if (n % 2 == 1) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        int finish() throws InterruptedException {
            stop.set(true);
            join(10_000);
            assertTrue(!refused, "every event was accepted");
            return offered.get();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "beats"})
    void failoverKillsTheOneInUseBringsItBackAndReturnsToItAfterTheTtl(String transport) throws Exception {
        List<EventReceiver> r = receivers(transport, 3);
        LogstashPipeline pipeline = builder("failover-" + transport, transport, r)
                .connectionStrategy(ConnectionStrategy.FAILOVER).secondaryConnectionTtl(Duration.ofMillis(1500)).build();
        Producer producer = new Producer(pipeline, 0);
        try {
            producer.start();
            await(() -> r.get(0).messages().size() >= 300, "the primary receives the stream");
            r.get(0).stop(); // mid-stream, while it is the one in use
            int primaryBeforeKill = r.get(0).messages().size();
            await(() -> r.get(1).messages().size() >= 300, "the second takes over");
            r.get(0).start();
            await(() -> r.get(0).messages().size() > primaryBeforeKill, "back to the primary after the TTL");
            int events = producer.finish();
            assertTrue(pipeline.flush(WAIT), "every event is delivered");

            List<String> lost = missing(r, events);
            int duplicates = received(r) - events;
            System.out.printf("DESTINATIONS failover %s: events=%d lost=%d duplicates=%d received=%s destinations=%s%n",
                    transport, events, lost.size(), duplicates, r.stream().map(x -> x.messages().size()).toList(),
                    pipeline.destinations().stream().map(DestinationStatistics::summary).toList());
            assertEquals(List.of(), lost, "0 lost on " + transport);
            assertEquals(0, r.get(2).messages().size(), "failover uses the second while the first is down, not the third");
            HandlerStatistics stats = pipeline.statistics();
            assertEquals(events, stats.sent(), "the pipeline counts each event sent once");
            assertEquals(events, sentByDestinations(pipeline), "the destinations' counts add up to the pipeline's");
            List<DestinationStatistics> each = stats.destinations();
            for (int i = 0; i < 3; i++) {
                assertTrue(r.get(i).messages().size() >= each.get(i).sent(), "receiver " + i + " got what its destination"
                        + " counted (and maybe a resent part of the batch it failed on): " + each.get(i).summary());
            }
            assertTrue(each.get(0).failures() >= 1, "the kill is counted on the primary: " + each.get(0).summary());
            assertTrue(each.get(0).connected(), "the primary delivers again: " + each.get(0).summary());
            assertEquals(0, each.get(1).failures(), each.get(1).summary());
            assertTrue(reports.stream().anyMatch(m -> m.contains("destination " + destinations(transport, r).get(0)
                    + " failed")), "the failure is reported: " + reports);
        } finally {
            producer.finish();
            pipeline.close();
            closeAll(r);
        }
    }

    @Test
    void roundRobinSpreadsBatchesEvenlyAndTheOthersTakeTheShareOfOneThatIsDown() throws Exception {
        List<EventReceiver> r = receivers("http", 3);
        LogstashPipeline pipeline = builder("round-robin", "http", r).batchSize(10).flushCount(10)
                .connectionStrategy(ConnectionStrategy.ROUND_ROBIN).rotateEvery(1).build();
        try {
            for (int i = 0; i < 3000; i++) {
                pipeline.offer(Events.event("INFO", "event-" + i));
            }
            assertTrue(pipeline.flush(WAIT), "every event is delivered");
            List<Integer> batches = r.stream().map(EventReceiver::batches).toList();
            int total = batches.stream().mapToInt(Integer::intValue).sum();
            System.out.printf("DESTINATIONS round-robin, three up: batches=%s of %d%n", batches, total);
            for (int i = 0; i < 3; i++) {
                assertWithin(batches.get(i), total / 3.0, "receiver " + i + " of " + batches);
            }

            r.get(1).stop();
            long start = System.nanoTime();
            for (int i = 3000; i < 6000; i++) {
                pipeline.offer(Events.event("INFO", "event-" + i));
            }
            assertTrue(pipeline.flush(WAIT), "every event is delivered while one is down");
            long millis = (System.nanoTime() - start) / 1_000_000;
            List<Integer> after = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                after.add(r.get(i).batches() - batches.get(i));
            }
            DestinationStatistics dead = pipeline.destinations().get(1);
            System.out.printf("DESTINATIONS round-robin, one down: new batches=%s, attempts on the dead one=%d,"
                    + " drained in %d ms%n", after, dead.failures(), millis);
            assertEquals(0, after.get(1), "the one that is down gets nothing");
            int shared = after.get(0) + after.get(2);
            assertWithin(after.get(0), shared / 2.0, "the first of the two that work, of " + after);
            assertWithin(after.get(2), shared / 2.0, "the third, of " + after);
            assertEquals(List.of(), missing(r, 6000), "0 lost");
            assertEquals(6000, pipeline.statistics().sent());
            assertEquals(6000, sentByDestinations(pipeline));
            assertTrue(dead.failures() >= 1, "the dead one is tried, fails and backs off: " + dead.summary());
        } finally {
            pipeline.close();
            closeAll(r);
        }
    }

    private static void assertWithin(int actual, double expected, String what) {
        assertTrue(Math.abs(actual - expected) <= expected * 0.10, what + ": " + actual + " is not within 10% of "
                + expected);
    }

    /**
     * The scenario: all three down for 30 s with the SQLite queue, then up. While they are down the
     * pipeline's threads must be idle: their CPU time in the 30 s is bounded by 1% of it (300 ms; a send loop that
     * spun would use all 30,000 ms, one that polled every millisecond about a second — what the test measured is
     * printed, some tens of ms), and the connection attempts by the back-off (100 ms doubling to 1 s with jitter
     * down to half a step: at most 4 + 26 / 0.5 = 56 per destination in 30 s; a busy loop would make thousands).
     */
    @Test
    void allDownForThirtySecondsThenUpWithTheSqliteQueueLosesNothingAndStaysIdle() throws Exception {
        List<EventReceiver> r = receivers("beats", 3);
        LogstashPipeline pipeline = builder("all-down", "beats", r).databasePath(dir.resolve("queue.db"))
                .retryMaxDelay(Duration.ofSeconds(1)).build();
        try {
            for (int i = 0; i < 200; i++) {
                pipeline.offer(Events.event("INFO", "event-" + i));
            }
            assertTrue(pipeline.flush(WAIT), "the first events are delivered");
            for (EventReceiver receiver : r) {
                receiver.stop();
            }
            for (int i = 200; i < 1000; i++) {
                pipeline.offer(Events.event("INFO", "event-" + i));
            }
            await(() -> pipeline.destinations().stream().allMatch(d -> d.failures() >= 1), "every destination failed");
            await(() -> pipeline.statistics().persisted() == 1000, "every event is in the queue");
            long attemptsBefore = attempts(pipeline);
            Map<Long, Long> cpuBefore = pipelineThreadsCpu(new HashMap<>());
            long retriesBefore = pipeline.statistics().retries();
            long downFrom = System.nanoTime();
            Thread.sleep(30_000); // the scenario: all down for 30 s (not a wait for a condition)
            long downMillis = (System.nanoTime() - downFrom) / 1_000_000;
            long attemptsWhileDown = attempts(pipeline) - attemptsBefore;
            Map<String, Long> byThread = new java.util.TreeMap<>();
            long cpuMillis = cpuSince(cpuBefore, byThread) / 1_000_000;
            long retriesWhileDown = pipeline.statistics().retries() - retriesBefore;
            for (EventReceiver receiver : r) {
                receiver.start();
            }
            assertTrue(pipeline.flush(WAIT), "everything queued is delivered once they are back");
            List<String> lost = missing(r, 1000);
            System.out.printf("DESTINATIONS all down %d ms: connect attempts=%d (3 destinations), worker retries=%d,"
                    + " CPU of the pipeline's threads=%d ms %s, lost=%d, duplicates=%d,"
                    + " pending=%d%n", downMillis, attemptsWhileDown, retriesWhileDown, cpuMillis, byThread,
                    lost.size(), received(r) - 1000, pipeline.statistics().pending());
            assertEquals(List.of(), lost, "0 lost");
            assertEquals(0, pipeline.statistics().pending());
            assertEquals(1000, pipeline.statistics().sent());
            assertTrue(attemptsWhileDown <= 3 * 56, "connect attempts while all were down: " + attemptsWhileDown);
            assertTrue(cpuMillis <= downMillis / 100, "the pipeline's threads used " + cpuMillis + " ms of CPU in "
                    + downMillis + " ms while every destination was down: more than 1%, not idle");
        } finally {
            pipeline.close();
            closeAll(r);
        }
    }

    /**
     * Round-robin over two receivers and one that never answers: a listener on 127.0.0.1 whose accept queue is
     * full, so the kernel drops the connection request and the connect runs into its timeout (socketTimeout, 1 s
     * here) — the "host is gone" case, unlike a refused port. While events keep coming, the live receivers must
     * never go without a batch for much longer than that timeout, and they share the dead one's batches.
     */
    @Test
    void roundRobinWithOneThatNeverAnswersWaitsForItNoLongerThanTheConnectTimeout() throws Exception {
        try (java.net.ServerSocket dead = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                LineReceiver a = new LineReceiver(); LineReceiver b = new LineReceiver()) {
            List<java.net.Socket> filling = fillAcceptQueue(dead);
            Duration connectTimeout = Duration.ofSeconds(1);
            LogstashPipeline pipeline = LogstashPipeline.builder().name("round-robin-dead")
                    .reporter((message, error) -> reports.add(message))
                    .destinations("127.0.0.1:" + a.port(), "127.0.0.1:" + dead.getLocalPort(), "127.0.0.1:" + b.port())
                    .connectionStrategy(ConnectionStrategy.ROUND_ROBIN).batchSize(10).flushCount(10)
                    .flushInterval(Duration.ofMillis(20)).retryInitialDelay(Duration.ofMillis(500))
                    .retryMaxDelay(Duration.ofSeconds(2)).socketTimeout(connectTimeout)
                    .socketCloseWait(Duration.ofMillis(200)).build();
            Producer producer = new Producer(pipeline, 0);
            try {
                producer.start();
                await(() -> pipeline.destinations().get(1).failures() >= 3, "the dead one is tried three times");
                int events = producer.finish();
                assertTrue(pipeline.flush(WAIT), "every event is delivered");
                await(() -> a.lines().size() + b.lines().size() >= events, "every event arrived");
                List<Long> arrivals = new ArrayList<>(a.arrivals());
                arrivals.addAll(b.arrivals());
                java.util.Collections.sort(arrivals);
                long longestGap = 0;
                for (int i = 1; i < arrivals.size(); i++) {
                    longestGap = Math.max(longestGap, arrivals.get(i) - arrivals.get(i - 1));
                }
                long gapMillis = longestGap / 1_000_000;
                DestinationStatistics deadOne = pipeline.destinations().get(1);
                System.out.printf("DESTINATIONS round-robin, one never answers: events=%d, a=%d, b=%d, attempts on the"
                        + " dead one=%d (%s), longest time without an arrival=%d ms (connect timeout %d ms)%n", events,
                        a.lines().size(), b.lines().size(), deadOne.failures(), deadOne.lastError(), gapMillis,
                        connectTimeout.toMillis());
                assertEquals(0, deadOne.sent(), deadOne.summary());
                assertTrue(deadOne.lastError().contains("timed out"), "its connects ran into the timeout: "
                        + deadOne.summary());
                assertEquals(events, a.lines().size() + b.lines().size(), "0 lost, no duplicates");
                assertTrue(gapMillis >= connectTimeout.toMillis() * 8 / 10, "a batch did wait for the dead one's"
                        + " connect (else this test tests nothing): longest gap " + gapMillis + " ms");
                // the timeout, plus what a loaded 2-core machine adds to one batch
                assertTrue(gapMillis <= connectTimeout.toMillis() + 1_000, "the live receivers went " + gapMillis
                        + " ms without a batch; the connect timeout is " + connectTimeout.toMillis() + " ms");
                assertWithin(a.lines().size(), events / 2.0, "a takes half, of " + events);
                assertWithin(b.lines().size(), events / 2.0, "b takes half, of " + events);
            } finally {
                producer.finish();
                pipeline.close();
                for (java.net.Socket socket : filling) {
                    socket.close();
                }
            }
        }
    }

    /** Connects to {@code server}, which never accepts, until the kernel's accept queue is full. */
    private static List<java.net.Socket> fillAcceptQueue(java.net.ServerSocket server) throws Exception {
        List<java.net.Socket> held = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            java.net.Socket socket = new java.net.Socket();
            try {
                socket.connect(server.getLocalSocketAddress(), 300);
                held.add(socket);
            } catch (java.net.SocketTimeoutException e) {
                socket.close();
                return held; // full: the next connection request is dropped
            }
        }
        throw new AssertionError("the accept queue of a listener with backlog 1 did not fill after 16 connections");
    }

    /** CPU time of the live threads named logstash-async-*, by thread id, and their names. */
    private static Map<Long, Long> pipelineThreadsCpu(Map<Long, String> names) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("logstash-async")) {
                cpu.put(thread.getId(), Math.max(0, threads.getThreadCpuTime(thread.getId())));
                names.put(thread.getId(), thread.getName());
            }
        }
        return cpu;
    }

    /**
     * CPU time the pipeline's threads used since {@code before} (threads started since count from zero), in all
     * and by thread name into {@code byName}.
     */
    private static long cpuSince(Map<Long, Long> before, Map<String, Long> byName) {
        Map<Long, String> names = new HashMap<>();
        long spent = 0;
        for (Map.Entry<Long, Long> now : pipelineThreadsCpu(names).entrySet()) {
            long used = now.getValue() - before.getOrDefault(now.getKey(), 0L);
            spent += used;
            byName.merge(names.get(now.getKey()), used / 1_000_000, Long::sum);
        }
        return spent;
    }

    /** Sends that reached a destination's transport and failed: each one a connection attempt to a receiver down. */
    private static long attempts(LogstashPipeline pipeline) {
        return pipeline.destinations().stream().mapToLong(DestinationStatistics::failures).sum();
    }
}
