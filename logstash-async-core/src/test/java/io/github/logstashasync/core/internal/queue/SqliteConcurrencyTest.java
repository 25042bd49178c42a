package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.PipelineSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appending and claiming at the same time, in one queue and in two (like two processes), loses nothing. */
class SqliteConcurrencyTest {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final int BATCHES = 20;
    private static final int BATCH = 100;
    private static final PipelineSettings PATIENT = PipelineSettings.builder()
            .databaseTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void oneAppenderAndOneSenderShareAQueue() throws Exception {
        try (SqliteEventQueue queue = SqliteEventQueue.open(dir.resolve("q.db"), PATIENT)) {
            Set<String> sent = run(List.of(queue), List.of(queue));
            assertEquals(BATCHES * BATCH, sent.size(), "every appended event was claimed once");
        }
    }

    @Test
    void twoQueuesOnOneFileNeitherDuplicateNorLose() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue first = SqliteEventQueue.open(file, PATIENT);
             SqliteEventQueue second = SqliteEventQueue.open(file, PATIENT)) {
            Set<String> sent = run(List.of(first, second), List.of(first, second));
            assertEquals(2 * BATCHES * BATCH, sent.size(), "every event of both appenders was claimed once");
            assertEquals(0, first.pendingCount(), "nothing is left");
        }
    }

    /**
     * Two queues on one file, each appending half of its batches already claimed, and both sending: every claimed
     * batch, from the file or appended claimed, is delivered in part and the rest returned (released or unclaimed),
     * which cuts the claim ranges into pieces while the other queue claims. Every event is delivered exactly once,
     * and no claim range is left at the end.
     */
    @Test
    void claimRangesCutByPartialReturnsUnderTwoQueuesLoseAndDuplicateNothing() throws Exception {
        Path file = dir.resolve("q.db");
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        int total = 2 * BATCHES * BATCH;
        try (SqliteEventQueue first = SqliteEventQueue.open(file, PATIENT);
             SqliteEventQueue second = SqliteEventQueue.open(file, PATIENT)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try {
                List<Future<?>> tasks = new ArrayList<>();
                List<SqliteEventQueue> queues = List.of(first, second);
                for (int q = 0; q < 2; q++) {
                    SqliteEventQueue queue = queues.get(q);
                    String prefix = "q" + q;
                    tasks.add(pool.submit(() -> {
                        Random random = new Random(prefix.hashCode());
                        for (int b = 0; b < BATCHES; b++) {
                            List<String> texts = events(prefix + "-" + b, BATCH);
                            if (b % 2 == 0) {
                                retried(() -> queue.append(texts));
                            } else {
                                List<QueuedEvent> claimed = retried(() -> queue.appendClaimed(texts));
                                settle(queue, claimed, random, delivered, duplicates, false);
                            }
                            settle(queue, retried(() -> queue.claim(50, LEASE)), random, delivered, duplicates, true);
                        }
                        while (delivered.size() < total && System.nanoTime() < deadline) {
                            settle(queue, retried(() -> queue.claim(50, LEASE)), random, delivered, duplicates, true);
                        }
                        return null;
                    }));
                }
                for (Future<?> task : tasks) {
                    task.get(40, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, duplicates.get(), "no event was delivered twice");
            assertEquals(total, delivered.size(), "every event was delivered");
            assertEquals(0, first.pendingCount(), "nothing is left");
        }
        assertEquals(0, TestDatabases.queryLong(file, "SELECT count(*) FROM event_claim"), "no claim range is left");
    }

    /** Delivers a random part of {@code batch} and returns the rest: released (from a claim) or unclaimed. */
    private static void settle(SqliteEventQueue queue, List<QueuedEvent> batch, Random random,
                               Set<String> delivered, AtomicInteger duplicates, boolean release)
            throws QueueException, InterruptedException {
        List<QueuedEvent> sent = new ArrayList<>();
        List<QueuedEvent> back = new ArrayList<>();
        for (QueuedEvent event : batch) {
            (random.nextInt(4) == 0 ? back : sent).add(event);
        }
        for (QueuedEvent event : sent) {
            if (!delivered.add(event.text())) {
                duplicates.incrementAndGet();
            }
        }
        retried(() -> {
            queue.delete(sent);
            return null;
        });
        retried(() -> {
            if (release) {
                queue.release(back, "partly refused");
            } else {
                queue.unclaim(back);
            }
            return null;
        });
        // A real sender writes to the network between two claims; without a pause two connections that write
        // back to back can starve each other past the database timeout (SQLite's busy handler sleeps).
        Thread.yield();
    }

    /** An operation on the queue. */
    private interface QueueCall<T> {
        T call() throws QueueException;
    }

    /** Runs {@code call}, again after a transient failure ("database is locked"), as the worker does. */
    private static <T> T retried(QueueCall<T> call) throws QueueException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (QueueException e) {
                if (!e.transientFailure() || attempt == 10) {
                    throw e;
                }
                Thread.sleep(1);
            }
        }
    }

    /** Appends with one thread per appender queue and claims with one per sender queue; returns the sent. */
    private static Set<String> run(List<SqliteEventQueue> appenders, List<SqliteEventQueue> senders)
            throws Exception {
        int total = appenders.size() * BATCHES * BATCH;
        Set<String> sent = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(appenders.size() + senders.size());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int a = 0; a < appenders.size(); a++) {
                SqliteEventQueue queue = appenders.get(a);
                String prefix = "app" + a;
                tasks.add(pool.submit(() -> {
                    for (int b = 0; b < BATCHES; b++) {
                        assertEquals(BATCH, queue.append(events(prefix + "-" + b, BATCH)), "whole batch stored");
                    }
                    return null;
                }));
            }
            for (SqliteEventQueue queue : senders) {
                tasks.add(pool.submit(() -> {
                    while (sent.size() < total && System.nanoTime() < deadline) {
                        List<QueuedEvent> batch = queue.claim(50, LEASE);
                        for (QueuedEvent event : batch) {
                            if (!sent.add(event.text())) {
                                duplicates.incrementAndGet();
                            }
                        }
                        queue.delete(batch);
                        if (batch.isEmpty()) {
                            Thread.onSpinWait();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, duplicates.get(), "no event was claimed twice");
        Set<String> expected = new HashSet<>();
        for (int a = 0; a < appenders.size(); a++) {
            for (int b = 0; b < BATCHES; b++) {
                expected.addAll(events("app" + a + "-" + b, BATCH));
            }
        }
        assertTrue(sent.containsAll(expected), "every appended event was claimed");
        return sent;
    }
}
