package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.FAST;
import static io.github.logstashasync.core.internal.queue.TestDatabases.events;
import static io.github.logstashasync.core.internal.queue.TestDatabases.queryLong;
import static io.github.logstashasync.core.internal.queue.TestDatabases.queryString;
import static io.github.logstashasync.core.internal.queue.TestDatabases.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEventQueueTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void appendsClaimsAndDeletesInQueueOrder() throws Exception {
        try (SqliteEventQueue queue = SqliteEventQueue.open(dir.resolve("q.db"), FAST)) {
            assertEquals(5, queue.append(events("a", 5)), "append stores the whole batch");
            assertEquals(2, queue.append(events("b", 2)), "append stores the whole batch");
            List<QueuedEvent> first = queue.claim(3, LEASE);
            assertEquals(texts(first), events("a", 5).subList(0, 3), "the oldest events come first");
            assertEquals(Instant.now().getEpochSecond(), first.get(0).entryDate().getEpochSecond(), 5,
                    "the entry date is now");
            List<QueuedEvent> second = queue.claim(10, LEASE);
            assertEquals(4, second.size(), "claimed events are not claimed again while their lease runs");
            queue.delete(first);
            queue.delete(second);
            assertEquals(0, queue.pendingCount(), "deleted events are gone");
            assertEquals(List.of(), queue.claim(10, LEASE), "nothing is left to claim");
        }
    }

    @Test
    void createsTheFileOwnerOnlyWithWalFilesToo() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 3));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                    "the database file is readable by its owner only");
            for (String suffix : List.of("-wal", "-shm")) {
                Path side = dir.resolve("q.db" + suffix);
                assertTrue(Files.exists(side), suffix + " exists while the queue is open in WAL mode");
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(side)),
                        "the " + suffix + " file is readable by its owner only");
            }
        }
    }

    @Test
    void usesWalJournal() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 1));
        }
        assertEquals("wal", queryString(file, "PRAGMA journal_mode"), "the database stays in WAL mode");
        assertEquals(SqliteConnector.PAGE_SIZE, queryLong(file, "PRAGMA page_size"), "a new database has our page size");
        assertEquals(QueueSchema.VERSION, queryLong(file, "PRAGMA user_version"), "the schema version is recorded");
    }

    @Test
    void releaseCountsTheAttemptAndKeepsTheError() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 3));
            List<QueuedEvent> claimed = queue.claim(3, LEASE);
            queue.release(claimed, "connection refused");
            List<QueuedEvent> again = queue.claim(3, LEASE);
            assertEquals(texts(claimed), texts(again), "released events are claimable again, in order");
            for (QueuedEvent event : again) {
                assertEquals(1, event.attempts(), "a release counts one attempt");
            }
            queue.release(again.subList(0, 1), "timeout");
            assertEquals(2, queue.claim(1, LEASE).get(0).attempts(), "attempts add up");
        }
        assertEquals("timeout", queryString(file, "SELECT last_error FROM event ORDER BY event_id LIMIT 1"),
                "the last error is kept");
    }

    @Test
    void failMovesEventsOutOfTheQueueWithReasonAndAttempts() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 3));
            List<QueuedEvent> claimed = queue.claim(3, LEASE);
            queue.release(claimed.subList(0, 1), "refused");
            List<QueuedEvent> retried = queue.claim(3, LEASE);
            assertEquals(1, retried.size(), "only the released event is claimable");
            long rejected = retried.get(0).id();
            queue.fail(retried, Map.of(rejected, "400 Bad Request: mapping error"));
            queue.delete(claimed.subList(1, 3));
            QueueStats stats = queue.stats();
            assertEquals(0, stats.queued() + stats.inFlight(), "a failed event is no longer pending");
            assertEquals(1, stats.failed(), "the failed event is counted");
        }
        assertEquals("400 Bad Request: mapping error",
                queryString(file, "SELECT reason FROM failed_event WHERE event_id = 1"), "the reason is kept");
        assertEquals(2, queryLong(file, "SELECT attempts FROM failed_event WHERE event_id = 1"),
                "one release and the failing send are two attempts");
        assertEquals(0, queryLong(file, "SELECT count(*) FROM event"), "a failed event is not in event, or Python"
                + " would send it");
        assertNotNull(queryString(file, "SELECT failed_date FROM failed_event"), "the failure date is kept");
    }

    @Test
    void expiryIsCountedAndTheCountSurvivesReopening() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("old", 4));
            queue.append(events("new", 2));
        }
        TestDatabases.update(file, "UPDATE event SET entry_date = datetime('now', '-2 hours')"
                + " WHERE event_text LIKE '%old%'");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            List<QueuedEvent> claimed = queue.claim(1, LEASE);
            assertEquals(3, queue.expire(Duration.ofHours(1)), "old queued events expire, a claimed one does not");
            assertEquals(0, queue.expire(Duration.ofHours(1)), "expiry is not counted twice");
            queue.delete(claimed);
        }
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            QueueStats stats = queue.stats();
            assertEquals(3, stats.expired(), "the expired count is persistent");
            assertEquals(2, stats.queued(), "new events stay");
            assertEquals(events("new", 2), texts(queue.claim(5, LEASE)), "only the new events are left");
        }
    }

    @Test
    void statsCountEachState() throws Exception {
        try (SqliteEventQueue queue = SqliteEventQueue.open(dir.resolve("q.db"), FAST)) {
            assertEquals(new QueueStats(0, 0, 0, 0, null), queue.stats(), "an empty queue has no oldest event");
            queue.append(events("a", 10));
            List<QueuedEvent> claimed = queue.claim(4, LEASE);
            queue.fail(claimed.subList(0, 1), Map.of());
            QueueStats stats = queue.stats();
            assertEquals(6, stats.queued(), "queued");
            assertEquals(3, stats.inFlight(), "in flight");
            assertEquals(1, stats.failed(), "failed");
            assertEquals(9, queue.pendingCount(), "pending = queued + in flight");
            assertNotNull(stats.oldest(), "the oldest entry date is known");
        }
    }

    @Test
    void closeKeepsUnconfirmedClaimsAndVacuumShrinksTheFile() throws Exception {
        Path file = dir.resolve("q.db");
        String big = "x".repeat(2000);
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(Collections.nCopies(2000, big));
            queue.delete(queue.claim(1990, LEASE));
            queue.claim(5, LEASE);
            queue.vacuum();
            queue.close(true);
        }
        long size = Files.size(file);
        assertTrue(size < 200_000, "vacuum returned the space of 1990 deleted events (file has " + size + " bytes)");
        assertEquals(10, queryLong(file, "SELECT count(*) FROM event"), "close deleted nothing");
        assertEquals(0, queryLong(file, "SELECT count(*) FROM event WHERE pending_delete = 1"),
                "close returned its unconfirmed claims to the queue");
        assertEquals(0, queryLong(file, "SELECT max(attempts) FROM event"), "returning them at close is no attempt");
    }

    @Test
    void aQueueReopenedInTheSameProcessSendsWhatTheClosedOneClaimed() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 3));
            queue.claim(2, LEASE);
        }
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            assertEquals(events("a", 3), texts(queue.claim(5, LEASE)),
                    "claims of a closed queue are claimable at once, without waiting for the lease");
        }
    }

    @Test
    void aLeaseOrTtlOfForeverWorks() throws Exception {
        try (SqliteEventQueue queue = SqliteEventQueue.open(dir.resolve("q.db"), FAST)) {
            queue.append(events("a", 2));
            Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
            assertEquals(1, queue.claim(1, forever).size(), "a claim with an endless lease");
            assertEquals(1, queue.claim(5, forever).size(), "the endless lease is not over");
            assertEquals(0, queue.expire(forever), "nothing is older than forever");
        }
    }

    @Test
    void operationsAfterCloseFailClearly() throws Exception {
        SqliteEventQueue queue = SqliteEventQueue.open(dir.resolve("q.db"), FAST);
        queue.close();
        queue.close();
        QueueException e = assertThrows(QueueException.class,
                () -> queue.append(events("a", 1)), "a closed queue refuses appends");
        assertTrue(e.getMessage().contains("closed"), "the message says the queue is closed: " + e.getMessage());
    }
}
