package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.FAST;
import static io.github.logstashasync.core.internal.queue.TestDatabases.events;
import static io.github.logstashasync.core.internal.queue.TestDatabases.pythonFetch;
import static io.github.logstashasync.core.internal.queue.TestDatabases.queryLong;
import static io.github.logstashasync.core.internal.queue.TestDatabases.queryString;
import static io.github.logstashasync.core.internal.queue.TestDatabases.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Databases written by python-logstash-async work with us, and ours with it. */
class SqlitePythonCompatibilityTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void claimsAndDeletesEventsThatPythonWrote() throws Exception {
        Path file = dir.resolve("python.db");
        TestDatabases.createPythonDatabase(file, events("py", 5));
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            List<QueuedEvent> claimed = queue.claim(10, LEASE);
            assertEquals(events("py", 5), texts(claimed), "Python's events are claimed in order");
            assertEquals(0, claimed.get(0).attempts(), "the added attempts column defaults to 0");
            assertEquals(Instant.now().getEpochSecond(), claimed.get(0).entryDate().getEpochSecond(), 5,
                    "Python's datetime('now') is read as UTC");
            queue.delete(claimed);
            assertEquals(0, queue.pendingCount(), "Python's events are deleted once sent");
        }
        assertEquals("wal", queryString(file, "PRAGMA journal_mode"), "the database was switched to WAL");
        assertEquals(4096, queryLong(file, "PRAGMA page_size"), "an existing database keeps its page size");
    }

    @Test
    void pythonReadsAndWritesOurDatabase() throws Exception {
        Path file = dir.resolve("ours.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("java", 3));
            queue.claim(1, LEASE);
            assertEquals(events("java", 3), pythonFetch(file), "Python's fetch (pending_delete = 0) sees our queued"
                    + " events, and our claimed one, whose claim is in event_claim: a Python sender must not share"
                    + " the file with a Java sender");
            queue.delete(queue.claim(1, LEASE));
        }
        try (Connection connection = TestDatabases.connect(file, 1000);
             Statement statement = connection.createStatement()) {
            for (String sql : TestDatabases.PYTHON_SCHEMA) {
                statement.execute(sql);
            }
            TestDatabases.pythonInsert(connection, events("py", 2));
            statement.executeUpdate("UPDATE `event` SET `pending_delete`=1 WHERE `event_id` IN (1);");
            statement.executeUpdate("DELETE FROM `event` WHERE `pending_delete`=1;");
        }
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            List<String> expected = new ArrayList<>(events("java", 3).subList(2, 3));
            expected.addAll(events("py", 2));
            assertEquals(expected, texts(queue.claim(10, LEASE)),
                    "rows Python inserted into our database, with its statements, are claimed");
        }
    }

    @Test
    void claimsThatPythonLeftBehindAreSentNotDeleted() throws Exception {
        Path file = dir.resolve("python.db");
        TestDatabases.createPythonDatabase(file, events("py", 4));
        // A Python worker claimed two events (its get_queued_events) and died before deleting them.
        TestDatabases.update(file, "UPDATE `event` SET `pending_delete`=1 WHERE `event_id` IN (1,2);");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            assertEquals(events("py", 4), texts(queue.claim(10, LEASE)),
                    "Python's dead claims are claimable again, oldest first, and nothing was deleted");
        }
    }

    @Test
    void claimsWithoutClaimTimeFromALivePythonWriterAreClaimable() throws Exception {
        Path file = dir.resolve("python.db");
        TestDatabases.createPythonDatabase(file, events("py", 2));
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            TestDatabases.update(file, "UPDATE `event` SET `pending_delete`=1 WHERE `event_id` = 1;");
            assertEquals(events("py", 2), texts(queue.claim(10, LEASE)),
                    "a claim without claimed_at (Python's) counts as expired");
        }
    }

    @Test
    void migrationKeepsPythonRowsAndAddsOurColumnsAndTables() throws Exception {
        Path file = dir.resolve("python.db");
        TestDatabases.createPythonDatabase(file, events("py", 3));
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            assertEquals(3, queue.pendingCount(), "rows survive the migration");
        }
        for (String column : List.of("claimed_at", "claim_owner", "attempts", "last_error")) {
            assertEquals(1, queryLong(file, "SELECT count(*) FROM pragma_table_info('event') WHERE name = '"
                    + column + "'"), "column " + column + " was added");
        }
        for (String table : List.of("failed_event", "queue_counter")) {
            assertEquals(1, queryLong(file, "SELECT count(*) FROM sqlite_master WHERE name = '" + table + "'"),
                    "table " + table + " was created");
        }
        for (String index : List.of("idx_pending_delete", "idx_entry_date")) {
            assertEquals(1, queryLong(file, "SELECT count(*) FROM sqlite_master WHERE name = '" + index + "'"),
                    "Python's index " + index + " is there");
        }
        String sql = queryString(file, "SELECT sql FROM sqlite_master WHERE name = 'event'");
        assertTrue(sql.contains("`pending_delete`    INTEGER NOT NULL"), "the event table is Python's: " + sql);
    }

    @Test
    void aDatabaseOfANewerSchemaIsRefused() throws Exception {
        Path file = dir.resolve("future.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 1));
        }
        TestDatabases.update(file, "PRAGMA user_version = 99");
        QueueException e = assertThrows(QueueException.class,
                () -> SqliteEventQueue.open(file, FAST), "a newer schema is not touched");
        assertTrue(e.getMessage().contains("newer version") && e.getMessage().contains(file.toString()),
                "the message names the file and the reason: " + e.getMessage());
    }
}
