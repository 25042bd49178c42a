package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.FAST;
import static io.github.logstashasync.core.internal.queue.TestDatabases.events;
import static io.github.logstashasync.core.internal.queue.TestDatabases.queryLong;
import static io.github.logstashasync.core.internal.queue.TestDatabases.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without Python's indexes the queue claims from a cursor, keeps its pending count and expires from the head
 * of the table: all of it stays right when other connections change the table.
 */
class SqliteCursorAndCountTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void aDatabaseWeCreateHasNoneOfPythonsIndexesAndWorksOnceThePythonWriterAddsThem() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 3));
            assertEquals(0, queryLong(file, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                    + " AND name IN ('idx_pending_delete', 'idx_entry_date')"), "no index slows our writes");
            try (Connection python = TestDatabases.connect(file, 1000); Statement statement = python.createStatement()) {
                for (String sql : TestDatabases.PYTHON_SCHEMA) {
                    statement.execute(sql);
                }
                TestDatabases.pythonInsert(python, events("py", 2));
            }
            assertEquals(2, queryLong(file, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                    + " AND name IN ('idx_pending_delete', 'idx_entry_date')"), "Python's schema added its indexes");
            assertEquals(5, queue.pendingCount(), "Python's rows are counted");
            List<String> expected = new ArrayList<>(events("a", 3));
            expected.addAll(events("py", 2));
            List<QueuedEvent> claimed = queue.claim(10, LEASE);
            assertEquals(expected, texts(claimed), "claims read through Python's indexes too");
            queue.delete(claimed);
            assertEquals(0, queue.pendingCount(), "all deleted");
        }
    }

    @Test
    void thePendingCountFollowsOurChangesAndThoseOfOtherConnections() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 5));
            assertEquals(5, queue.pendingCount(), "counted");
            List<QueuedEvent> claimed = queue.claim(2, LEASE);
            queue.appendClaimed(events("b", 3));
            queue.fail(claimed.subList(0, 1), Map.of());
            queue.delete(claimed.subList(1, 2));
            queue.delete(claimed.subList(1, 2));
            assertEquals(6, queue.pendingCount(), "5 + 3 appended, 1 failed, 1 deleted (twice: counted once)");
            try (Connection other = TestDatabases.connect(file, 1000)) {
                TestDatabases.pythonInsert(other, events("py", 4));
            }
            assertEquals(10, queue.pendingCount(), "rows another connection inserted are counted");
            TestDatabases.update(file, "DELETE FROM event WHERE event_text LIKE '%py-%'");
            queue.append(events("c", 1));
            assertEquals(7, queue.pendingCount(), "rows another connection deleted are not");
            assertEquals(queryLong(file, "SELECT count(*) FROM event"), queue.pendingCount(), "the count is exact");
        }
    }

    @Test
    void claimsFindEventsThatAnotherConnectionReturnedBelowTheCursor() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue first = SqliteEventQueue.open(file, FAST);
             SqliteEventQueue second = SqliteEventQueue.open(file, FAST)) {
            first.append(events("a", 6));
            List<QueuedEvent> held = second.claim(2, LEASE);
            assertEquals(events("a", 6).subList(2, 4), texts(first.claim(2, LEASE)), "the first queue claims a-2, a-3");
            second.release(held, "refused");
            assertEquals(List.of("a-0", "a-1", "a-4", "a-5"), messages(first.claim(10, LEASE)),
                    "events the other queue returned are claimed first, though below the cursor");
        }
    }

    @Test
    void claimsFindFailedEventsTheInspectorRequeued() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 4));
            List<QueuedEvent> claimed = queue.claim(2, LEASE);
            queue.fail(claimed.subList(0, 1), Map.of(claimed.get(0).id(), "rejected"));
            queue.delete(claimed.subList(1, 2));
            try (QueueInspector inspector = QueueInspector.openReadWrite(file, Duration.ofSeconds(1))) {
                assertEquals(1, inspector.requeueAllFailed(), "one failed event requeued under its old id");
            }
            assertEquals(List.of("a-0", "a-2", "a-3"), messages(queue.claim(10, LEASE)),
                    "the requeued event is claimed first");
        }
    }

    @Test
    void expiryLooksAtTheWholeTableFirstAndThenAtItsHeadPastClaimedEvents() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 6));
            queue.claim(1, LEASE);
            // a-0 (claimed) to a-2 are old, and so is a-5, out of id order as after a clock change
            TestDatabases.update(file, "UPDATE event SET entry_date = datetime('now', '-2 hours')"
                    + " WHERE event_id IN (1, 2, 3, 6)");
            assertEquals(3, queue.expire(Duration.ofHours(1)), "a queue's first expiry finds every old queued event");
            queue.append(events("b", 1));
            TestDatabases.update(file, "UPDATE event SET entry_date = datetime('now', '-2 hours') WHERE event_id = 4");
            assertEquals(1, queue.expire(Duration.ofHours(1)), "an old event behind a claimed one expires");
            assertEquals(List.of("a-4", "b-0"), messages(queue.claim(10, LEASE)), "new events stay");
            assertEquals(3, queue.pendingCount(), "the claimed old event and the two new ones are pending");
            assertEquals(4, queue.stats().expired(), "every expired event is counted");
        }
    }

    private static List<String> messages(List<QueuedEvent> events) {
        List<String> messages = new ArrayList<>();
        for (String text : texts(events)) {
            messages.add(text.replaceAll(".*\"message\":\"([^\"]*)\".*", "$1"));
        }
        return messages;
    }
}
