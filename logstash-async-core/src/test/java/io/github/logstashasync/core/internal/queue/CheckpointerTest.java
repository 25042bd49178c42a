package io.github.logstashasync.core.internal.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointerTest {

    @TempDir
    Path dir;

    @Test
    void theWalIsCopiedBackOnAThreadOfItsOwnWhichEndsWithTheQueue() throws Exception {
        Path file = dir.resolve("q.db");
        AtomicReference<Thread> started = new AtomicReference<>();
        SqliteEventQueue queue = SqliteEventQueue.open(file, TestDatabases.FAST, task -> {
            Thread thread = new Thread(task, "test-checkpoint");
            thread.setDaemon(true);
            started.set(thread);
            return thread;
        });
        Thread thread = started.get();
        assertTrue(thread != null && thread.isAlive(), "the checkpoint thread runs while the queue is open");

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
        thread.join(2000);
        assertFalse(thread.isAlive(), "the checkpoint thread ends when the queue closes");
        try (SqliteEventQueue again = SqliteEventQueue.open(file, TestDatabases.FAST)) {
            assertEquals(10_000, again.pendingCount(), "nothing lost by checkpointing beside the writer");
        }
    }
}
