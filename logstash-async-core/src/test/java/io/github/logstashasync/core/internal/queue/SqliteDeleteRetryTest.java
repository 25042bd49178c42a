package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.PipelineSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delete of delivered events tries again while another process holds the lock: a delete given up leaves them
 * claimed, to be sent a second time.
 */
class SqliteDeleteRetryTest {

    private static final Duration LEASE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @Test
    void aDeleteMeetingAnotherProcessesLockTriesAgainAndNothingIsSentTwice() throws Exception {
        Path file = dir.resolve("q.db");
        // a try waits 500 ms for the lock, the delete 4 of those: the shell holds it for one second
        PipelineSettings settings = PipelineSettings.builder().databaseTimeout(Duration.ofMillis(500)).build();
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, settings)) {
            queue.append(events("sent", 3));
            List<QueuedEvent> sent = queue.claim(10, LEASE);
            assertEquals(3, sent.size(), "the batch the sender delivered");
            try (LockingShell shell = LockingShell.hold(file, Duration.ofSeconds(1))) {
                assertLocked(file);
                queue.delete(sent);
                shell.awaitReleased();
            }
            assertEquals(0, queue.deliveredNotDeleted(), "no delivered event is left to be sent twice");
            assertEquals(0, queue.pendingCount(), "the delivered events are deleted");
        }
        try (SqliteEventQueue again = SqliteEventQueue.open(file, settings)) {
            assertEquals(List.of(), again.claim(10, LEASE), "nothing is sent again after a restart");
        }
    }

    @Test
    void aDeleteThatCannotGetTheLockInTimeCountsItsEventsAsToBeSentTwice() throws Exception {
        Path file = dir.resolve("q.db");
        // a try waits 250 ms for the lock, the delete at least a second: the shell holds it for three
        PipelineSettings settings = PipelineSettings.builder().databaseTimeout(Duration.ofMillis(250)).build();
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, settings)) {
            queue.append(events("sent", 3));
            List<QueuedEvent> sent = queue.claim(10, LEASE);
            try (LockingShell shell = LockingShell.hold(file, Duration.ofSeconds(3))) {
                QueueException e = assertThrows(QueueException.class, () -> queue.delete(sent),
                        "the lock outlasts what the delete tries");
                assertTrue(e.transientFailure(), "a lock is transient: " + e.getMessage());
                assertTrue(e.getMessage().contains("locked") && e.getMessage().contains(file.toString())
                        && e.getMessage().contains("tried again"), "the message says the database was locked, "
                        + "names it and says the delete tried again: " + e.getMessage());
                assertEquals(3, queue.deliveredNotDeleted(), "the three delivered events will be sent twice");
                shell.awaitReleased();
            }
        }
        try (SqliteEventQueue again = SqliteEventQueue.open(file, settings)) {
            assertEquals(events("sent", 3), TestDatabases.texts(again.claim(10, LEASE)),
                    "as counted, they are sent again after a restart");
        }
    }

    /** Asserts that another connection cannot take the write lock now: the shell holds it. */
    private static void assertLocked(Path file) throws SQLException {
        try (Connection other = TestDatabases.connect(file, 0); Statement statement = other.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> statement.execute("BEGIN IMMEDIATE"),
                    "the shell holds the write lock when the delete starts");
            assertTrue(SqliteErrors.isBusy(e), "busy: " + e.getMessage());
        }
    }
}
