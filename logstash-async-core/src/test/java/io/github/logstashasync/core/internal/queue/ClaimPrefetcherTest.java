package io.github.logstashasync.core.internal.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claims of a backlog read the next batch ahead; what changed meanwhile must never be claimed from that read. */
class ClaimPrefetcherTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private static List<String> documents(int n) {
        List<String> documents = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            documents.add("{\"n\":" + i + "}");
        }
        return documents;
    }

    private static List<Long> ids(List<QueuedEvent> events) {
        return events.stream().map(QueuedEvent::id).toList();
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    private static List<QueuedEvent> events(long first, long last) {
        return range(first, last).stream().map(id -> new QueuedEvent(id, "", Instant.EPOCH, 0)).toList();
    }

    @Test
    void aBacklogIsClaimedInOrderBatchAfterBatch() throws Exception {
        try (SqliteEventQueue queue = SqliteEventQueue.open(dir.resolve("q.db"), TestDatabases.FAST)) {
            queue.append(documents(35));
            assertEquals(range(1, 10), ids(queue.claim(10, LEASE)));
            List<QueuedEvent> second = queue.claim(10, LEASE);
            assertEquals(range(11, 20), ids(second));
            assertEquals("{\"n\":11}", second.get(0).text(), "the text read ahead is the row's");
            assertEquals(range(21, 30), ids(queue.claim(10, LEASE)));
            assertEquals(range(31, 35), ids(queue.claim(10, LEASE)));
            assertEquals(List.of(), queue.claim(10, LEASE));
            assertEquals(35, queue.stats().inFlight(), "every row claimed once");
        }
    }

    @Test
    void rowsGoneSinceTheReadAreNotClaimedFromIt() throws Exception {
        try (SqliteEventQueue queue = SqliteEventQueue.open(dir.resolve("q.db"), TestDatabases.FAST)) {
            queue.append(documents(40));
            assertEquals(range(1, 10), ids(queue.claim(10, LEASE)));
            // rows 11..15 leave (delivered by someone) while 11..20 may already have been read ahead
            queue.delete(events(11, 15));
            assertEquals(range(16, 25), ids(queue.claim(10, LEASE)));
            assertEquals(range(26, 35), ids(queue.claim(10, LEASE)));
        }
    }

    @Test
    void releasedRowsComeFirstAgain() throws Exception {
        try (SqliteEventQueue queue = SqliteEventQueue.open(dir.resolve("q.db"), TestDatabases.FAST)) {
            queue.append(documents(30));
            List<QueuedEvent> first = queue.claim(10, LEASE);
            queue.release(first, "receiver down");
            assertEquals(range(1, 10), ids(queue.claim(10, LEASE)), "not the rows read ahead");
            assertEquals(range(11, 20), ids(queue.claim(10, LEASE)));
        }
    }

    @Test
    void anotherQueueOnTheFileNeverGetsTheSameRows() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue a = SqliteEventQueue.open(file, TestDatabases.FAST);
             SqliteEventQueue b = SqliteEventQueue.open(file, TestDatabases.FAST)) {
            a.append(documents(50));
            List<Long> taken = new ArrayList<>(ids(a.claim(10, LEASE)));
            taken.addAll(ids(b.claim(10, LEASE)));
            taken.addAll(ids(a.claim(10, LEASE)));
            taken.addAll(ids(b.claim(10, LEASE)));
            taken.addAll(ids(a.claim(10, LEASE)));
            assertEquals(50, taken.stream().distinct().count(), "each row claimed by one queue: " + taken);
        }
    }
}
