package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.FAST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another application's SQLite file given as the queue database is refused by every way of opening one, and left
 * as it was: no table of ours, no WAL mode, no new permissions. A new database is made only where there is no
 * file or an empty one.
 */
class SqliteForeignDatabaseTest {

    @TempDir
    Path dir;

    /** An address book in rollback-journal mode, readable by everyone, as an application may leave it. */
    private Path addressBook() throws Exception {
        Path file = dir.resolve("contacts.db");
        try (Connection connection = TestDatabases.connect(file, 1000); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            statement.execute("CREATE TABLE phone (contact_id INTEGER, number TEXT)");
            statement.execute("INSERT INTO contact (name) VALUES ('Ada'), ('Grace')");
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    @Test
    void anotherApplicationsDatabaseIsRefusedByEveryOpenAndLeftAsItWas() throws Exception {
        Path file = addressBook();
        Map<String, Executable> opens = Map.of(
                "SqliteEventQueue.open", () -> SqliteEventQueue.open(file, FAST).close(),
                "SqliteEventQueue.openExisting", () -> SqliteEventQueue.openExisting(file, FAST).close(),
                "QueueInspector.openReadWrite", () -> QueueInspector.openReadWrite(file, Duration.ofMillis(300)).close(),
                "QueueInspector.openReadOnly", () -> QueueInspector.openReadOnly(file, Duration.ofMillis(300)).close());
        byte[] before = Files.readAllBytes(file);
        for (Map.Entry<String, Executable> open : opens.entrySet()) {
            QueueException e = assertThrows(QueueException.class, open.getValue(), open.getKey() + " refuses it");
            assertFalse(e.transientFailure(), "retrying cannot help: " + e.getMessage());
            assertEquals(file + " is no logstash-async queue database: it has no table event but the tables contact,"
                    + " phone (it belongs to another application?); nothing was changed", e.getMessage(), open.getKey());
            assertArrayEquals(before, Files.readAllBytes(file), open.getKey() + " changed nothing in the file");
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                    open.getKey() + " left the permissions");
            assertFalse(Files.exists(Path.of(file + "-wal")) || Files.exists(Path.of(file + "-shm")),
                    open.getKey() + " left no WAL behind");
        }
        assertEquals(List.of("contact", "phone"), tables(file), "no table of ours");
    }

    @Test
    void aTableEventOfAnotherShapeIsNoQueue() throws Exception {
        Path file = dir.resolve("calendar.db");
        try (Connection connection = TestDatabases.connect(file, 1000); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE event (id INTEGER PRIMARY KEY, title TEXT, starts TEXT)");
        }
        byte[] before = Files.readAllBytes(file);
        QueueException e = assertThrows(QueueException.class, () -> SqliteEventQueue.open(file, FAST));
        assertTrue(e.getMessage().contains("its table event has no column event_id"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "unchanged");
    }

    @Test
    void anEmptyFileBecomesAQueueButIsNoQueueToDrainOrRepair() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.db"));
        QueueException drain = assertThrows(QueueException.class, () -> SqliteEventQueue.openExisting(empty, FAST));
        assertTrue(drain.getMessage().contains("it is an empty SQLite database"), drain.getMessage());
        QueueException repair = assertThrows(QueueException.class,
                () -> QueueInspector.openReadWrite(empty, Duration.ofMillis(300)));
        assertTrue(repair.getMessage().contains("it is an empty SQLite database"), repair.getMessage());
        assertEquals(0, Files.size(empty), "still empty");
        QueueException missing = assertThrows(QueueException.class,
                () -> SqliteEventQueue.openExisting(dir.resolve("none.db"), FAST));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        assertFalse(Files.exists(dir.resolve("none.db")), "openExisting creates nothing");

        // a handler given an empty file (mktemp's, say) makes it its queue
        try (SqliteEventQueue queue = SqliteEventQueue.open(empty, FAST)) {
            assertEquals(1, queue.append(List.of("{\"message\": \"first\"}")));
        }
        try (QueueInspector inspector = QueueInspector.openReadOnly(empty, Duration.ofMillis(300))) {
            assertEquals(1, inspector.stats().queued());
        }
    }

    @Test
    void anExistingQueueStillOpensEveryWay() throws Exception {
        Path file = dir.resolve("python.db");
        TestDatabases.createPythonDatabase(file, List.of("{\"message\": \"from python\"}"));
        try (QueueInspector inspector = QueueInspector.openReadOnly(file, Duration.ofMillis(300))) {
            assertEquals(1, inspector.stats().queued());
        }
        try (SqliteEventQueue queue = SqliteEventQueue.openExisting(file, FAST)) {
            assertEquals(1, queue.append(List.of("{\"message\": \"from java\"}")));
        }
        try (QueueInspector inspector = QueueInspector.openReadWrite(file, Duration.ofMillis(300))) {
            assertEquals(2, inspector.stats().queued());
        }
    }

    private static List<String> tables(Path file) throws SQLException {
        try (Connection connection = TestDatabases.connect(file, 1000); Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }
}
