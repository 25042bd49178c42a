package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.events;
import static io.github.logstashasync.core.internal.queue.TestDatabases.queryLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.PipelineSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deleteLater}: the delete of delivered events rides on the queue's next write transaction, or happens at
 * {@code flushDeletes} or close; a write that carried them and failed gives them back, and nothing is lost or sent
 * twice that was not counted.
 */
class SqliteDeferredDeleteTest {

    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final String ROWS = "SELECT count(*) FROM event";

    @TempDir
    Path dir;

    @Test
    void theNextAppendCarriesTheDeferredDeleteInItsCommit() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, TestDatabases.FAST)) {
            List<QueuedEvent> sent = queue.appendClaimed(events("sent", 5));
            queue.deleteLater(sent);
            assertEquals(5, queryLong(file, ROWS), "deferred: the rows are still there, claimed by this queue");
            assertEquals(List.of(), queue.claim(10, LEASE), "and nobody claims them meanwhile");
            queue.append(events("next", 2));
            assertEquals(2, queryLong(file, ROWS), "the append deleted them in its own transaction");
            assertEquals(2, queue.pendingCount(), "the count follows");
            assertEquals(0, queryLong(file, "SELECT count(*) FROM event_claim"), "their claim range is gone too");
            assertEquals(0, queue.deliveredNotDeleted());
        }
    }

    @Test
    void flushDeletesAndCloseDeleteWhatWaits() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, TestDatabases.FAST)) {
            queue.deleteLater(queue.appendClaimed(events("a", 3)));
            queue.deleteLater(queue.appendClaimed(events("b", 3))); // the append deleted the first three
            assertEquals(3, queryLong(file, ROWS));
            queue.flushDeletes();
            assertEquals(0, queryLong(file, ROWS), "flushDeletes deleted the rest");
            queue.flushDeletes(); // nothing waits: nothing to do

            queue.deleteLater(queue.appendClaimed(events("c", 4)));
            List<QueuedEvent> unsent = queue.appendClaimed(events("d", 2)); // held, never delivered
            assertEquals(2, unsent.size());
        }
        try (SqliteEventQueue again = SqliteEventQueue.open(file, TestDatabases.FAST)) {
            assertEquals(events("d", 2), TestDatabases.texts(again.claim(10, LEASE)),
                    "the close deleted the delivered ones before it returned the undelivered claims to the queue");
        }
    }

    @Test
    void aWriteThatCannotTakeTheLockLeavesTheDeferredDeletesToTheNextOne() throws Exception {
        Path file = dir.resolve("q.db");
        PipelineSettings settings = PipelineSettings.builder().databaseTimeout(Duration.ofMillis(200)).build();
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, settings)) {
            queue.deleteLater(queue.appendClaimed(events("sent", 3)));
            try (LockingShell shell = LockingShell.hold(file, Duration.ofSeconds(1))) {
                QueueException e = assertThrows(QueueException.class, () -> queue.append(events("new", 2)),
                        "another process holds the lock past databaseTimeout");
                assertTrue(e.transientFailure(), e.getMessage());
                shell.awaitReleased();
            }
            assertEquals(3, queryLong(file, ROWS), "the failed append deleted nothing: the deletes wait");
            assertEquals(2, queue.append(events("new", 2)), "the append goes through once the lock is free");
            assertEquals(2, queryLong(file, ROWS), "and carries them");
            assertEquals(0, queue.deliveredNotDeleted(), "nothing will be sent twice");
        }
    }

    @Test
    void aFlushThatCannotGetTheLockCountsItsEventsAsToBeSentTwice() throws Exception {
        Path file = dir.resolve("q.db");
        PipelineSettings settings = PipelineSettings.builder().databaseTimeout(Duration.ofMillis(250)).build();
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, settings)) {
            queue.deleteLater(queue.appendClaimed(events("sent", 2)));
            queue.deleteLater(List.of()); // ignored
            try (LockingShell shell = LockingShell.hold(file, Duration.ofSeconds(3))) {
                QueueException e = assertThrows(QueueException.class, queue::flushDeletes,
                        "the lock outlasts what the delete tries");
                assertTrue(e.getMessage().contains("tried again"), e.getMessage());
                assertEquals(2, queue.deliveredNotDeleted(), "both delivered events will be sent twice");
                shell.awaitReleased();
            }
            queue.flushDeletes(); // given up: they are no longer waiting here
            assertEquals(2, queryLong(file, ROWS), "they stay claimed, to be sent again");
        }
        try (SqliteEventQueue again = SqliteEventQueue.open(file, settings)) {
            assertEquals(events("sent", 2), TestDatabases.texts(again.claim(10, LEASE)),
                    "as counted, they are sent again after a restart");
        }
    }
}
