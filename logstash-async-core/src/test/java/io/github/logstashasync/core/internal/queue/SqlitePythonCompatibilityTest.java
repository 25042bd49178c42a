package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.FAST;
import static io.github.logstashasync.core.internal.queue.TestDatabases.events;
import static io.github.logstashasync.core.internal.queue.TestDatabases.queryLong;
import static io.github.logstashasync.core.internal.queue.TestDatabases.queryString;
import static io.github.logstashasync.core.internal.queue.TestDatabases.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.core.AsynchronousLogstashHandler;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ErrorManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Databases written by python-logstash-async work with us, and ours with it: its own {@code DatabaseCache} (4.0.2,
 * run by python3, {@link PythonDatabaseCache}) creates, adds, claims, deletes, requeues and expires.
 */
class SqlitePythonCompatibilityTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void claimsAndDeletesEventsThatPythonWrote() throws Exception {
        Path file = dir.resolve("python.db");
        PythonDatabaseCache.add(file, events("py", 5));
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
            assertEquals(3, PythonDatabaseCache.count(file), "Python counts our queued events, and our claimed one,"
                    + " whose claim is in event_claim: a Python sender must not share the file with a Java sender");
            queue.delete(queue.claim(1, LEASE));
        }
        List<PythonDatabaseCache.Row> claimed = PythonDatabaseCache.claim(file);
        assertEquals(List.of(events("java", 3).get(0), events("java", 3).get(2)),
                claimed.stream().map(PythonDatabaseCache.Row::text).toList(),
                "Python's get_queued_events returns our queued events (ours claimed, but not deleted, too), oldest first");
        PythonDatabaseCache.requeue(file, List.of(claimed.get(1).id()));
        PythonDatabaseCache.delete(file);
        assertEquals(1, PythonDatabaseCache.count(file), "Python deleted the event it sent and requeued the other");
        PythonDatabaseCache.add(file, events("py", 2));
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
        PythonDatabaseCache.add(file, events("py", 4));
        PythonDatabaseCache.claim(file);
        PythonDatabaseCache.add(file, events("py-later", 1));
        // The Python worker claimed the first four (its get_queued_events) and died before deleting them.
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            List<String> expected = new ArrayList<>(events("py", 4));
            expected.addAll(events("py-later", 1));
            assertEquals(expected, texts(queue.claim(10, LEASE)),
                    "Python's dead claims are claimable again, oldest first, and nothing was deleted");
        }
    }

    @Test
    void claimsWithoutClaimTimeFromALivePythonWriterAreClaimable() throws Exception {
        Path file = dir.resolve("python.db");
        PythonDatabaseCache.add(file, events("py", 2));
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            assertEquals(events("py", 2), PythonDatabaseCache.claimTexts(file), "a live Python worker claims both");
            assertEquals(events("py", 2), texts(queue.claim(10, LEASE)),
                    "a claim without claimed_at (Python's) counts as expired");
        }
    }

    @Test
    void migrationKeepsPythonRowsAndAddsOurColumnsAndTables() throws Exception {
        Path file = dir.resolve("python.db");
        PythonDatabaseCache.add(file, events("py", 3));
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
    void pythonsExpiryAndItsWorkerRunOnADatabaseWeMigrated() throws Exception {
        Path file = dir.resolve("python.db");
        PythonDatabaseCache.add(file, events("old", 2));
        TestDatabases.update(file, "UPDATE `event` SET `entry_date` = datetime('now', '-1 hour')");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("java", 2));
        }
        PythonDatabaseCache.expire(file, 600);
        assertEquals(events("java", 2), PythonDatabaseCache.claimTexts(file),
                "Python's expire_events dropped its rows older than 600 s and kept ours, which its worker claims");
        PythonDatabaseCache.delete(file);
        PythonDatabaseCache.add(file, events("py", 1));
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            assertEquals(events("py", 1), texts(queue.claim(10, LEASE)), "what Python deleted stays deleted");
        }
    }

    @Test
    void pythonsWorkerSendsWhatOurHandlerLeftQueued() throws Exception {
        Path file = dir.resolve("handler.db");
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder().host("127.0.0.1").port(port)
                .databasePath(file).shutdownTimeout(Duration.ofMillis(300)).build();
        handler.setErrorManager(new ErrorManager() {
            @Override
            public synchronized void error(String msg, Exception ex, int code) {
                // the receiver is down on purpose
            }
        });
        Logger logger = Logger.getLogger("python-compat-" + System.nanoTime());
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        for (int i = 0; i < 3; i++) {
            logger.info("for python " + i);
        }
        handler.close();
        assertEquals(3, PythonDatabaseCache.count(file), "Python counts what our handler left queued");
        List<String> texts = PythonDatabaseCache.claimTexts(file);
        assertEquals(3, texts.size(), "Python's worker claims them: " + texts);
        for (int i = 0; i < 3; i++) {
            assertTrue(texts.get(i).contains("\"message\":\"for python " + i + "\""), "our document, in order: "
                    + texts.get(i));
        }
        PythonDatabaseCache.delete(file);
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            assertEquals(0, queue.stats().queued(), "what Python sent and deleted is gone for us too");
        }
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
