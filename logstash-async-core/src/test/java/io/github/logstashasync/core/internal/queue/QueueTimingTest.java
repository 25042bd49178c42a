package io.github.logstashasync.core.internal.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints the throughput of the queues for a small run (see target/surefire-reports/*-output.txt); asserts
 * only that every event went through. Timing depends on the machine, so nothing here fails on speed.
 */
class QueueTimingTest {

    private static final int EVENTS = 20_000;
    private static final int APPEND_BATCH = 1_000;
    private static final int CLAIM_BATCH = 500;

    @TempDir
    Path dir;

    @Test
    void sqliteQueue() throws Exception {
        try (SqliteEventQueue queue = SqliteEventQueue.open(dir.resolve("q.db"), TestDatabases.FAST)) {
            measure("sqlite", queue);
        }
    }

    @Test
    void memoryQueue() throws Exception {
        try (MemoryEventQueue queue = new MemoryEventQueue(EVENTS)) {
            measure("memory", queue);
        }
    }

    private static void measure(String name, EventQueue queue) throws QueueException {
        List<String> batch = new ArrayList<>(APPEND_BATCH);
        for (int i = 0; i < APPEND_BATCH; i++) {
            batch.add(document(i));
        }
        long start = System.nanoTime();
        for (int appended = 0; appended < EVENTS; appended += APPEND_BATCH) {
            assertEquals(APPEND_BATCH, queue.append(batch), "the whole batch is stored");
        }
        long appendedAt = System.nanoTime();
        int sent = 0;
        for (List<QueuedEvent> claimed = queue.claim(CLAIM_BATCH, Duration.ofMinutes(1)); !claimed.isEmpty();
                claimed = queue.claim(CLAIM_BATCH, Duration.ofMinutes(1))) {
            queue.delete(claimed);
            sent += claimed.size();
        }
        long doneAt = System.nanoTime();
        assertEquals(EVENTS, sent, "every appended event was claimed and deleted");
        int sentFromMemory = 0;
        for (int appended = 0; appended < EVENTS; appended += APPEND_BATCH) {
            List<QueuedEvent> claimed = queue.appendClaimed(batch);
            for (int from = 0; from < claimed.size(); from += CLAIM_BATCH) {
                queue.delete(claimed.subList(from, Math.min(claimed.size(), from + CLAIM_BATCH)));
            }
            sentFromMemory += claimed.size();
        }
        long claimedDoneAt = System.nanoTime();
        assertEquals(EVENTS, sentFromMemory, "every event appended claimed was deleted");
        assertEquals(0, queue.pendingCount(), "nothing is left");
        System.out.printf("%s queue, %d events of %d chars: append (batches of %d) %.0f events/s,"
                        + " claim+delete (batches of %d) %.0f events/s, appendClaimed+delete %.0f events/s%n", name,
                EVENTS, batch.get(0).length(), APPEND_BATCH, EVENTS / ((appendedAt - start) / 1e9), CLAIM_BATCH,
                EVENTS / ((doneAt - appendedAt) / 1e9), EVENTS / ((claimedDoneAt - doneAt) / 1e9));
    }

    /** A Logstash-formatted event of about 350 characters. */
    private static String document(int n) {
        return "{\"@timestamp\":\"2024-05-01T12:34:56.789Z\",\"@version\":\"1\",\"host\":\"app-server-01\","
                + "\"level\":\"INFO\",\"logsource\":\"app-server-01\",\"message\":\"request handled: GET /api/orders/"
                + n + " status=200\",\"pid\":12345,\"program\":\"orders\",\"type\":\"java\",\"tags\":[],"
                + "\"extra\":{\"logger_name\":\"com.example.orders.OrderController\","
                + "\"thread_name\":\"http-nio-8080-exec-7\",\"line\":42}}";
    }
}
