package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.FAST;
import static io.github.logstashasync.core.internal.queue.TestDatabases.queryLong;
import static io.github.logstashasync.core.internal.queue.TestDatabases.queryString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspector reads and repairs databases that Python wrote, and ours. */
class QueueInspectorTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    /** Rows of the Python database, ids 1 to 8 in this order. */
    private static final List<String> ROWS = List.of(
            "{\"level\":\"INFO\",\"message\":\"started\"}",
            "{\"level\":\"WARNING\",\"message\":\"disk at 90%\"}",
            "{\"level\":\"ERROR\",\"message\":\"failed: 100% broken\"}",
            "{\"log.level\":\"error\",\"message\":\"ecs dotted\"}",
            "{\"log\":{\"level\":\"DEBUG\"},\"message\":\"ecs nested\"}",
            "not json at all, level ERROR",
            "{\"level\":\"INFO\",\"message\":\"100x fine\"}",
            "{\"level\":\"INFO\",\"message\":\"claimed by python\"}");

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void pythonDatabase() throws Exception {
        file = dir.resolve("python.db");
        TestDatabases.createPythonDatabase(file, ROWS);
        TestDatabases.update(file, "UPDATE event SET pending_delete = 1 WHERE event_id = 8");
        // Rows 1-3 are from the day before yesterday, the rest from now.
        TestDatabases.update(file, "UPDATE event SET entry_date = datetime('now', '-2 days') WHERE event_id <= 3");
    }

    @Test
    void readsAPythonDatabaseWithoutChangingIt() throws Exception {
        try (QueueInspector inspector = QueueInspector.openReadOnly(file, TIMEOUT)) {
            QueueStats stats = inspector.stats();
            assertEquals(7, stats.queued(), "queued rows");
            assertEquals(1, stats.inFlight(), "Python's claimed row is in flight");
            assertEquals(0, stats.failed(), "a Python database has no failed events");
            assertEquals(0, stats.expired(), "and no expired count");
            assertTrue(stats.oldest().isBefore(Instant.now().minus(Duration.ofDays(1))), "the oldest is 2 days old");
            InspectedEvent claimed = inspector.show(8).orElseThrow();
            assertEquals(EventState.IN_FLIGHT, claimed.state(), "show finds the claimed row");
            assertNull(claimed.claimedAt(), "Python records no claim time");
            assertEquals(0, claimed.attempts(), "no attempts column: 0");
            assertTrue(inspector.show(99).isEmpty(), "an unknown id shows nothing");
            assertEquals(List.of(), inspector.list(EventFilter.of(EventState.FAILED), 0, 10), "no failed table");
        }
        assertEquals(0, queryLong(file, "SELECT count(*) FROM pragma_table_info('event') WHERE name = 'attempts'"),
                "a read-only inspector does not migrate the schema");
        assertEquals("delete", queryString(file, "PRAGMA journal_mode"), "nor switch the journal mode");
    }

    @Test
    void staleMarksAreOldRowMarksWithoutAClaimTimeAndGoBackToTheQueue() throws Exception {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        try (QueueInspector inspector = QueueInspector.openReadOnly(file, TIMEOUT)) {
            assertEquals(0, inspector.countStaleMarks(hourAgo), "Python's mark on row 8 is minutes old");
            assertEquals(1, inspector.countStaleMarks(Instant.now().plusSeconds(60)), "older than a later cutoff");
            assertThrows(QueueException.class, () -> inspector.requeueStaleMarks(hourAgo), "read-only changes nothing");
        }
        // our queue brings the database to our schema (taking Python's marks back) and claims row 1, two days old
        try (SqliteEventQueue ours = SqliteEventQueue.open(file, FAST)) {
            assertEquals(1, ours.claim(1, Duration.ofMinutes(2)).get(0).id(), "our claim of the oldest row");
            // a Python process marks rows 2 (two days old) and 8 (new) as its DatabaseCache does
            TestDatabases.update(file, "UPDATE `event` SET `pending_delete`=1 WHERE `event_id` IN (2, 8);");
            try (QueueInspector inspector = QueueInspector.openReadWrite(file, TIMEOUT)) {
                assertEquals(1, inspector.countStaleMarks(hourAgo), "row 2 only: row 1 has our claim time, 8 is new");
                assertEquals(1, inspector.requeueStaleMarks(hourAgo), "one requeued");
                assertEquals(EventState.QUEUED, inspector.show(2).orElseThrow().state(), "row 2 waits again");
                assertEquals(EventState.IN_FLIGHT, inspector.show(8).orElseThrow().state(), "the new mark stays");
                assertEquals(EventState.IN_FLIGHT, inspector.show(1).orElseThrow().state(), "our claim stays");
                assertEquals(0, inspector.countStaleMarks(hourAgo), "none left");
            }
        }
    }

    @Test
    void lastEventIdOnlyGrowsWhenTheTailIsDeleted() throws Exception {
        try (QueueInspector inspector = QueueInspector.openReadOnly(file, TIMEOUT)) {
            assertEquals(8, inspector.lastEventId(), "the Python database holds ids 1 to 8");
        }
        TestDatabases.update(file, "DELETE FROM event WHERE event_id >= 7");
        try (QueueInspector inspector = QueueInspector.openReadOnly(file, TIMEOUT)) {
            assertEquals(8, inspector.lastEventId(), "deleting the newest rows does not lower the last id");
        }
        Path fresh = dir.resolve("fresh.db");
        SqliteEventQueue.open(fresh, FAST).close();
        try (QueueInspector inspector = QueueInspector.openReadOnly(fresh, TIMEOUT)) {
            assertEquals(0, inspector.lastEventId(), "a new database gave out no id");
        }
    }

    @Test
    void pagesThroughEventsInIdOrder() throws Exception {
        try (QueueInspector inspector = QueueInspector.openReadOnly(file, TIMEOUT)) {
            List<Long> ids = new ArrayList<>();
            for (int offset = 0; offset < 20; offset += 3) {
                for (InspectedEvent event : inspector.list(EventFilter.all(), offset, 3)) {
                    ids.add(event.id());
                }
            }
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), ids, "pages of 3 cover every row once, in order");
            assertEquals(8, inspector.count(EventFilter.all()), "count matches");
        }
    }

    @Test
    void filtersByStateLevelTextAndTime() throws Exception {
        try (QueueInspector inspector = QueueInspector.openReadOnly(file, TIMEOUT)) {
            assertEquals(List.of(3L, 4L), ids(inspector, new EventFilter(null, "err", null, null, null)),
                    "level substring, any case, also ECS log.level; invalid JSON is skipped, not an error");
            assertEquals(List.of(5L), ids(inspector, new EventFilter(null, "debug", null, null, null)),
                    "ECS nested log.level");
            assertEquals(List.of(3L), ids(inspector, new EventFilter(null, null, "100%", null, null)),
                    "text substring with % matched literally");
            assertEquals(List.of(8L), ids(inspector, EventFilter.of(EventState.IN_FLIGHT)), "in flight only");
            assertEquals(7, ids(inspector, EventFilter.of(EventState.QUEUED)).size(), "queued only");
            Instant yesterday = Instant.now().minus(Duration.ofDays(1));
            assertEquals(List.of(1L, 2L, 3L), ids(inspector, new EventFilter(null, null, null, null, yesterday)),
                    "entry date before yesterday");
            assertEquals(List.of(4L, 5L, 6L, 7L), ids(inspector,
                    new EventFilter(EventState.QUEUED, null, null, yesterday, null)), "queued since yesterday");
            assertEquals(List.of(7L), ids(inspector, new EventFilter(EventState.QUEUED, "info", "100x", yesterday,
                    Instant.now().plus(1, ChronoUnit.HOURS))), "all conditions together");
        }
    }

    @Test
    void refusesRepairsWhenReadOnly() throws Exception {
        try (QueueInspector inspector = QueueInspector.openReadOnly(file, TIMEOUT)) {
            QueueException e = assertThrows(QueueException.class, () -> inspector.purge(EventState.QUEUED),
                    "a read-only inspector changes nothing");
            assertTrue(e.getMessage().contains("read-only"), "the message says why: " + e.getMessage());
            assertThrows(QueueException.class, inspector::requeueAllFailed, "no requeue");
            assertThrows(QueueException.class, () -> inspector.delete(List.of(1L)), "no delete");
            assertThrows(QueueException.class, () -> inspector.expire(Duration.ofDays(1)), "no expire");
            assertThrows(QueueException.class, inspector::vacuum, "no vacuum");
        }
        assertEquals(8, queryLong(file, "SELECT count(*) FROM event"), "every row is still there");
    }

    @Test
    void readsWhileAnotherProcessWrites() throws Exception {
        SqliteEventQueue.open(file, FAST).close(); // switches the Python database to WAL
        try (QueueInspector inspector = QueueInspector.openReadOnly(file, TIMEOUT);
             Connection writer = TestDatabases.connect(file, 0);
             Statement statement = writer.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            statement.execute("DELETE FROM event WHERE event_id = 1");
            assertEquals(8, inspector.list(EventFilter.all(), 0, 100).size(),
                    "a WAL reader is not blocked by a writer and sees the last committed state");
            statement.execute("COMMIT");
            assertEquals(7, inspector.count(EventFilter.all()), "and sees the commit afterwards");
        }
    }

    @Test
    void requeuesFailedEventsAndRepairs() throws Exception {
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            List<QueuedEvent> claimed = queue.claim(3, Duration.ofMinutes(2));
            queue.fail(claimed, Map.of(1L, "rejected: 400", 2L, "too large", 3L, "rejected: 400"));
        }
        // Another process (on another host, so it cannot be judged dead) holds a claim on row 4.
        TestDatabases.update(file, "UPDATE event SET pending_delete = 1, claimed_at = 9e12,"
                + " claim_owner = 'v1/otherhost/1/1/00' WHERE event_id = 4");
        try (QueueInspector inspector = QueueInspector.openReadWrite(file, TIMEOUT)) {
            List<InspectedEvent> failed = inspector.list(EventFilter.of(EventState.FAILED), 0, 10);
            assertEquals(List.of(1L, 2L, 3L), failed.stream().map(InspectedEvent::id).toList(), "three failed");
            assertEquals("too large", failed.get(1).note(), "the reason is shown");
            assertEquals(1, failed.get(1).attempts(), "the failing send is one attempt");
            assertTrue(failed.get(1).failedDate() != null, "the failure date is shown");
            assertEquals(List.of(3L), ids(inspector, new EventFilter(EventState.FAILED, "error", null, null, null)),
                    "failed events are filtered like the others");

            assertEquals(1, inspector.requeue(List.of(2L, 42L)), "one failed id requeued, the unknown ignored");
            InspectedEvent back = inspector.show(2).orElseThrow();
            assertEquals(EventState.QUEUED, back.state(), "requeued under its old id");
            assertEquals("too large", back.note(), "the reason becomes the last error");
            assertEquals(2, inspector.requeueAllFailed(), "the rest requeued");
            assertEquals(0, inspector.stats().failed(), "nothing failed is left");

            assertEquals(1, inspector.purge(EventState.IN_FLIGHT), "the claimed row purged");
            assertEquals(2, inspector.delete(List.of(5L, 6L, 404L)), "two rows deleted by id");
            assertEquals(3, inspector.expire(Duration.ofDays(1)), "the three old rows expire");
            assertEquals(3, inspector.stats().expired(), "and are counted");
            assertEquals(2, inspector.purge(EventState.QUEUED), "the remaining queued rows purged");
            inspector.vacuum();
            assertEquals(new QueueStats(0, 0, 0, 3, null), inspector.stats(), "empty, with the expired count kept");
        }
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            assertEquals(3, queue.stats().expired(), "the queue sees the inspector's expiry count");
        }
    }

    @Test
    void aRequeuedEventIsSentAgain() throws Exception {
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            List<QueuedEvent> claimed = queue.claim(1, Duration.ofMinutes(2));
            queue.fail(claimed, Map.of());
            try (QueueInspector inspector = QueueInspector.openReadWrite(file, TIMEOUT)) {
                assertEquals(1, inspector.requeue(List.of(1L)), "requeued");
            }
            List<QueuedEvent> again = queue.claim(1, Duration.ofMinutes(2));
            assertEquals(1L, again.get(0).id(), "the requeued event is the oldest again");
            assertEquals(1, again.get(0).attempts(), "its attempts are kept");
            assertFalse(again.get(0).text().isEmpty(), "its text is kept");
        }
    }

    private static List<Long> ids(QueueInspector inspector, EventFilter filter) throws QueueException {
        return inspector.list(filter, 0, 100).stream().map(InspectedEvent::id).toList();
    }

    @Test
    void queuedEventsAreCountedByAgeInOneRead() throws Exception {
        Path file = dir.resolve("ages.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, TestDatabases.FAST)) {
            queue.append(TestDatabases.events("a", 10));
            queue.claim(1, Duration.ofMinutes(2)); // in flight while the queue is open: counted in no age
            TestDatabases.update(file, "UPDATE event SET entry_date = datetime('now', '-30 minutes') WHERE event_id <= 4");
            TestDatabases.update(file, "UPDATE event SET entry_date = datetime('now', '-3 days') WHERE event_id <= 2");
            Instant now = Instant.now();
            try (QueueInspector inspector = QueueInspector.openReadOnly(file, Duration.ofSeconds(1))) {
                assertArrayEquals(new long[] {6, 2, 0, 1}, inspector.countQueuedByAge(now.minus(Duration.ofMinutes(1)),
                        now.minus(Duration.ofHours(1)), now.minus(Duration.ofDays(1))),
                        "6 new, 2 of half an hour, none of hours, 1 of days: the claimed one in no age");
            }
        }
    }

    @Test
    void forEachPassesEveryMatchingEventInIdOrderFromOneSnapshot() throws Exception {
        Path file = dir.resolve("each.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, TestDatabases.FAST)) {
            queue.append(TestDatabases.events("a", 30));
            List<QueuedEvent> failed = queue.claim(2, Duration.ofMinutes(2));
            queue.fail(failed, Map.of());
            try (QueueInspector inspector = QueueInspector.openReadOnly(file, Duration.ofSeconds(1))) {
                List<Long> ids = new ArrayList<>();
                long passed = inspector.forEach(EventFilter.all(), event -> {
                    ids.add(event.id());
                    if (ids.size() == 10) {
                        queue.append(TestDatabases.events("b", 5)); // a writer meanwhile: not in this snapshot
                    }
                });
                assertEquals(30, passed, "every event, failed ones included");
                assertEquals(LongStream.rangeClosed(1, 30).boxed().toList(), ids, "in id order, from one snapshot");
                List<EventState> states = new ArrayList<>();
                inspector.forEach(EventFilter.of(EventState.FAILED), event -> states.add(event.state()));
                assertEquals(List.of(EventState.FAILED, EventState.FAILED), states, "the filter applies");
                IllegalStateException stop = assertThrows(IllegalStateException.class,
                        () -> inspector.forEach(EventFilter.all(), event -> {
                            throw new IllegalStateException("disk full");
                        }));
                assertEquals("disk full", stop.getMessage(), "the sink's failure comes out as it is");
                assertEquals(35, inspector.count(EventFilter.all()), "and the inspector still works");
            }
        }
    }
}
