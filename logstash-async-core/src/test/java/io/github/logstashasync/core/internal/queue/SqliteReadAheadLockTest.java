package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.FAST;
import static io.github.logstashasync.core.internal.queue.TestDatabases.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A claim that waits for the read-ahead thread does so without SQLite's write lock and without the queue's own
 * lock: with them, a slow read ahead stalled persisting, the sender and every other process on the database.
 */
class SqliteReadAheadLockTest {

    private static final Duration LEASE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @Test
    void whileAClaimWaitsForASlowReadAheadOthersStillWrite() throws Exception {
        Path file = dir.resolve("q.db");
        // The queue's own threads start only when the test lets them: the read ahead is as slow as it gets.
        CountDownLatch sideThreadsGo = new CountDownLatch(1);
        ThreadFactory held = task -> {
            Thread thread = new Thread(() -> {
                try {
                    if (sideThreadsGo.await(30, TimeUnit.SECONDS)) {
                        task.run();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.setDaemon(true);
            return thread;
        };
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST, held, message -> { })) {
            queue.append(events("backlog", 30));
            assertEquals(10, queue.claim(10, LEASE).size(), "a full batch, which asks for the next one to be read");

            Thread[] claimer = new Thread[1];
            CompletableFuture<List<QueuedEvent>> next = CompletableFuture.supplyAsync(() -> {
                claimer[0] = Thread.currentThread();
                try {
                    return queue.claim(10, LEASE);
                } catch (QueueException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitWaiting(() -> claimer[0]);

            // another process: a short busy timeout, far below the 5 s the claim may wait for the read ahead
            try (Connection other = TestDatabases.connect(file, 200); Statement statement = other.createStatement()) {
                try {
                    statement.execute("BEGIN IMMEDIATE");
                } catch (SQLException e) {
                    throw new AssertionError("another connection takes the write lock while the claim waits for"
                            + " the read ahead, but: " + e.getMessage(), e);
                }
                statement.execute("ROLLBACK");
            }
            // this process's persisting thread
            assertEquals(1, queue.append(events("meanwhile", 1)), "appending works while the claim waits");
            assertTrue(!next.isDone() && isWaiting(claimer[0]), "both happened while the claim still waited");

            sideThreadsGo.countDown();
            List<QueuedEvent> claimed = next.get(20, TimeUnit.SECONDS);
            assertEquals(events("backlog", 30).subList(10, 20), TestDatabases.texts(claimed),
                    "the claim then takes the next ten of the backlog");
        } finally {
            sideThreadsGo.countDown();
        }
    }

    /** Waits until the claiming thread blocks, waiting for the read ahead (bounded: 10 s). */
    private static void awaitWaiting(java.util.function.Supplier<Thread> thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!isWaiting(thread.get())) {
            assertTrue(System.nanoTime() < deadline, "the claim waits for the read ahead within 10 s");
            Thread.sleep(5);
        }
    }

    private static boolean isWaiting(Thread thread) {
        if (thread == null || thread.getState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals(ClaimPrefetcher.class.getName())) {
                return true;
            }
        }
        return false;
    }
}
