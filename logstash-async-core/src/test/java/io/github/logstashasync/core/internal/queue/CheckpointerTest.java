package io.github.logstashasync.core.internal.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointerTest {

    @TempDir
    Path dir;

    @Test
    void theWalIsCopiedBackOnAThreadOfItsOwnAndTheQueuesThreadsEndWithIt() throws Exception {
        Path file = dir.resolve("q.db");
        List<Thread> started = new CopyOnWriteArrayList<>();
        SqliteEventQueue queue = SqliteEventQueue.open(file, TestDatabases.FAST, task -> {
            Thread thread = new Thread(task, "test-thread");
            thread.setDaemon(true);
            started.add(thread);
            return thread;
        });
        assertEquals(List.of("logstash-async-checkpoint", "logstash-async-prefetch"),
                started.stream().map(Thread::getName).sorted().toList(), "the queue's own threads, named");
        assertTrue(started.stream().allMatch(Thread::isAlive), "they run while the queue is open");

        long before = Files.size(file);
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            batch.add("{\"message\":\"" + "x".repeat(600) + i + "\"}");
        }
        // about 6 MB: far below the connection's own auto-checkpoint (40 MB), so only the thread copies it
        for (int i = 0; i < 10; i++) {
            queue.append(batch);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.size(file) < before + 4_000_000 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.size(file) >= before + 4_000_000, "the rows reached the database file before any "
                + "auto-checkpoint: " + Files.size(file) + " bytes");
        assertEquals(10_000, queue.pendingCount());

        queue.close();
        for (Thread thread : started) {
            thread.join(2000);
            assertFalse(thread.isAlive(), thread.getName() + " ends when the queue closes");
        }
        try (SqliteEventQueue again = SqliteEventQueue.open(file, TestDatabases.FAST)) {
            assertEquals(10_000, again.pendingCount(), "nothing lost by checkpointing beside the writer");
        }
    }
}
