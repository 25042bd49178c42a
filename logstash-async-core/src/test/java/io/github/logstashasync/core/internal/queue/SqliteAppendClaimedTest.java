package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.FAST;
import static io.github.logstashasync.core.internal.queue.TestDatabases.events;
import static io.github.logstashasync.core.internal.queue.TestDatabases.pythonFetch;
import static io.github.logstashasync.core.internal.queue.TestDatabases.queryLong;
import static io.github.logstashasync.core.internal.queue.TestDatabases.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events appended already claimed are sent from memory, and are as safe as any claim if the sender dies. */
class SqliteAppendClaimedTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void returnsTheEventsClaimedWithConsecutiveIdsAfterEarlierOnes() throws Exception {
        try (SqliteEventQueue queue = SqliteEventQueue.open(dir.resolve("q.db"), FAST)) {
            queue.append(events("queued", 3));
            // 85 = 64 + 16 + 4 + 1: every size of multi-row insert
            List<QueuedEvent> claimed = queue.appendClaimed(events("sent", 85));
            assertEquals(events("sent", 85), texts(claimed), "the events come back in the order given");
            for (int i = 0; i < claimed.size(); i++) {
                assertEquals(4 + i, claimed.get(i).id(), "ids follow the earlier events, one by one");
                assertEquals(0, claimed.get(i).attempts(), "no attempt yet");
            }
            assertEquals(Instant.now().getEpochSecond(), claimed.get(0).entryDate().getEpochSecond(), 5,
                    "the entry date is now");
            assertEquals(88, queue.pendingCount(), "claimed events are pending until deleted");
            assertEquals(events("queued", 3), texts(queue.claim(100, LEASE)),
                    "a claim takes only the queued events, not those appended claimed");
            queue.delete(claimed);
            assertEquals(3, queue.pendingCount(), "deleted once sent");
            assertEquals(List.of(), queue.claim(100, LEASE), "nothing else is claimable");
        }
    }

    @Test
    void oneClaimRangeRecordsWhoClaimedThem() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.appendClaimed(events("a", 5));
            queue.append(events("b", 1));
            assertEquals(1, queryLong(file, "SELECT count(*) FROM event_claim WHERE first_id = 1 AND last_id = 5"
                    + " AND owner LIKE 'v1/%' AND claimed_at > 0"), "one range records the claim of all five");
            assertEquals(0, queryLong(file, "SELECT count(*) FROM event WHERE pending_delete != 0"),
                    "the rows themselves are not marked (a Python sender would fetch them: it must not share the file)");
            assertEquals(5, queue.stats().inFlight(), "they count as in flight");
            assertEquals(1, queue.stats().queued(), "the other one as queued");
            assertEquals(events("b", 1), pythonFetch(file).subList(5, 6), "Python's fetch sees the queued one");
        }
    }

    @Test
    void unconfirmedOnesAreSentByTheNextQueueAfterClose() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            List<QueuedEvent> claimed = queue.appendClaimed(events("a", 4));
            queue.delete(claimed.subList(0, 1));
        }
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            assertEquals(events("a", 4).subList(1, 4), texts(queue.claim(10, LEASE)),
                    "what was not confirmed is claimable at once");
        }
    }

    @Test
    void aSenderThatHangsKeepsThemUntilTheLeaseEnds() throws Exception {
        Path file = dir.resolve("q.db");
        SqliteEventQueue hung = SqliteEventQueue.open(file, FAST);
        try (SqliteEventQueue other = SqliteEventQueue.open(file, FAST)) {
            hung.appendClaimed(events("a", 3));
            assertEquals(List.of(), other.claim(10, LEASE), "a live claim is not taken");
            TestDatabases.update(file, "UPDATE event_claim SET claimed_at = claimed_at - 180000");
            assertEquals(events("a", 3), texts(other.claim(10, LEASE)), "after the lease another queue sends them");
        } finally {
            hung.close();
        }
    }

    @Test
    void releasedOnesAreClaimedBeforeNewerEvents() throws Exception {
        try (SqliteEventQueue queue = SqliteEventQueue.open(dir.resolve("q.db"), FAST)) {
            List<QueuedEvent> claimed = queue.appendClaimed(events("a", 2));
            queue.append(events("b", 2));
            assertEquals(events("b", 2).subList(0, 1), texts(queue.claim(1, LEASE)), "the cursor is past a-0 and a-1");
            queue.release(claimed, "refused");
            List<QueuedEvent> retried = queue.claim(10, LEASE);
            List<String> expected = new ArrayList<>(events("a", 2));
            expected.add("{\"level\":\"INFO\",\"message\":\"b-1\"}");
            assertEquals(expected, texts(retried), "released events come back first, in id order");
            assertEquals(List.of(1, 1, 0), Arrays.asList(retried.get(0).attempts(), retried.get(1).attempts(),
                    retried.get(2).attempts()), "the release counted an attempt");
        }
    }

    @Test
    void nullEventsStoreNothing() throws Exception {
        try (SqliteEventQueue queue = SqliteEventQueue.open(dir.resolve("q.db"), FAST)) {
            assertEquals(List.of(), queue.appendClaimed(List.of()), "nothing to append");
            List<String> batch = new ArrayList<>(events("a", 2));
            batch.add(null);
            assertThrows(QueueException.class, () -> queue.appendClaimed(batch), "a null event is refused");
            assertEquals(0, queue.pendingCount(), "nothing of the batch was stored");
        }
    }
}
