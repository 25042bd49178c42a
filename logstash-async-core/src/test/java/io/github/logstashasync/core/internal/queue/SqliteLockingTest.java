package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.FAST;
import static io.github.logstashasync.core.internal.queue.TestDatabases.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lock held by another connection or process is a transient failure, retried, never fatal. */
class SqliteLockingTest {

    @TempDir
    Path dir;

    @Test
    void aWriteLockOfAnotherConnectionIsTransientAndPassesWhenReleased() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 2));
            try (Connection other = TestDatabases.connect(file, 0); Statement statement = other.createStatement()) {
                statement.execute("BEGIN EXCLUSIVE");
                long start = System.nanoTime();
                QueueException e = assertThrows(QueueException.class, () -> queue.append(events("b", 1)),
                        "the append cannot take the lock");
                long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(e.transientFailure(), "a held lock is transient: " + e.getMessage());
                assertTrue(e.getMessage().contains("locked") && e.getMessage().contains(file.toString()),
                        "the message says locked and names the file: " + e.getMessage());
                assertTrue(waitedMillis >= 250, "the append waited the database timeout of 300 ms first, waited "
                        + waitedMillis);
                assertTrue(assertThrows(QueueException.class, () -> queue.claim(1, Duration.ofMinutes(1)),
                        "a claim cannot take the lock either").transientFailure(), "a claim failure is transient");
                assertEquals(2, queue.stats().queued(), "reads are not blocked by a writer in WAL mode");
                statement.execute("COMMIT");
            }
            assertEquals(1, queue.append(events("b", 1)), "once the lock is released the append succeeds");
            assertEquals(3, queue.claim(10, Duration.ofMinutes(1)).size(), "nothing was lost or half-written");
        }
    }

    @Test
    void openingWhileAnotherConnectionHoldsTheLockIsTransient() throws Exception {
        Path file = dir.resolve("q.db");
        SqliteEventQueue.open(file, FAST).close();
        try (Connection other = TestDatabases.connect(file, 0); Statement statement = other.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            QueueException e = assertThrows(QueueException.class, () -> SqliteEventQueue.open(file, FAST),
                    "opening needs the write lock for the schema check");
            assertTrue(e.transientFailure(), "a locked database at open is transient: " + e.getMessage());
            statement.execute("ROLLBACK");
        }
        SqliteEventQueue.open(file, FAST).close();
    }

    @Test
    void aLockHeldByAnotherProcessIsRetriedNotFatal() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 1));
            Process shell = new ProcessBuilder(LockingShell.sqlite3().toString(), file.toString())
                    .redirectErrorStream(true).start();
            try (Writer input = new OutputStreamWriter(shell.getOutputStream(), StandardCharsets.UTF_8);
                 BufferedReader output = new BufferedReader(
                         new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8))) {
                input.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n");
                input.flush();
                String line = CompletableFuture.supplyAsync(() -> readLine(output)).get(10, TimeUnit.SECONDS);
                assertEquals("locked", line, "the shell holds the write lock");

                QueueException e = assertThrows(QueueException.class, () -> queue.append(events("b", 1)),
                        "the other process holds the write lock");
                assertTrue(e.transientFailure(), "a lock of another process is transient: " + e.getMessage());

                input.write("COMMIT;\n.quit\n");
                input.flush();
                assertTrue(shell.waitFor(10, TimeUnit.SECONDS), "the shell ends after COMMIT");
            } finally {
                shell.destroy();
            }
            // What the worker does: retry the same batch after a transient failure.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int stored = 0;
            while (stored == 0 && System.nanoTime() < deadline) {
                try {
                    stored = queue.append(events("b", 1));
                } catch (QueueException retry) {
                    assertTrue(retry.transientFailure(), "only transient failures while retrying");
                }
            }
            assertEquals(1, stored, "the retried append succeeds once the other process let go");
            assertEquals(2, queue.pendingCount(), "both events are queued");
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
