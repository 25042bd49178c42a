package io.github.logstashasync.core;

import static io.github.logstashasync.core.LineReceiver.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.Extras;
import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.OverflowPolicy;
import io.github.logstashasync.api.spi.EventFormatter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A full hand-off buffer under each policy, with four producer threads: the buffer stays bounded and every
 * drop is counted exactly. The persister is held on its first event by a formatter that waits, so the buffer
 * fills deterministically.
 */
class OverflowPolicyTest {

    private static final int BUFFER = 100;
    private static final int THREADS = 4;
    private static final int PER_THREAD = 1_000;

    @ParameterizedTest
    @EnumSource(OverflowPolicy.class)
    void fullBufferDropsAreCountedExactly(OverflowPolicy policy) throws Exception {
        CountDownLatch formatterEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LogstashFormatter json = new LogstashFormatter();
        EventFormatter gate = (LogEvent event) -> {
            formatterEntered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return json.format(event);
        };
        try (LineReceiver receiver = new LineReceiver()) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).formatter(gate).bufferSize(BUFFER)
                    .overflowPolicy(policy).blockTimeout(Duration.ofMillis(200)).build();
            Logger logger = TestSupport.logger("overflow-" + policy, handler);
            logger.info("primer");
            assertTrue(formatterEntered.await(10, TimeUnit.SECONDS), "the persister should hold the primer");

            long start = System.nanoTime();
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                producers.add(new Thread(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        logger.log(Level.INFO, "event", Extras.of("thread", thread, "seq", i));
                    }
                }));
            }
            producers.forEach(Thread::start);
            for (Thread producer : producers) {
                producer.join(30_000);
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            HandlerStatistics stats = handler.statistics();
            int offered = THREADS * PER_THREAD;
            switch (policy) {
                case DROP_NEWEST, BLOCK -> {
                    assertEquals(1 + BUFFER, stats.accepted(), "the buffer takes exactly its capacity: " + stats);
                    assertEquals(offered - BUFFER, stats.droppedBuffer(), "the rest is dropped and counted: " + stats);
                }
                default -> {
                    assertEquals(1 + offered, stats.accepted(), "drop-oldest accepts every new event: " + stats);
                    assertEquals(offered - BUFFER, stats.droppedBuffer(), "older events dropped and counted: " + stats);
                }
            }
            if (policy == OverflowPolicy.BLOCK) {
                // one 200 ms wait per producer at most, then shedding: never 3,900 waits of 200 ms
                assertTrue(elapsedMs < 10_000, "blocking must shed load after one timeout, took " + elapsedMs + " ms");
            }
            release.countDown();
            assertTrue(handler.flush(Duration.ofSeconds(20)), "what was kept should be sent: " + handler.statistics());
            handler.close();
            await(Duration.ofSeconds(5), () -> receiver.lines().size() == 1 + BUFFER, "primer plus a full buffer sent");
            assertEquals(1 + BUFFER, handler.statistics().sent(), "sent = primer + buffer: " + handler.statistics());
        }
    }
}
