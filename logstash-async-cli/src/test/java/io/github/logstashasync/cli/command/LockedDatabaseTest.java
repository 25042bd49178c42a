package io.github.logstashasync.cli.command;

import static io.github.logstashasync.cli.command.TestReceivers.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue database that another process holds locked: never fatal to {@code send}, which keeps the events in
 * memory until it can open it; the messages say so once, in words, with the hint every command gives for a lock.
 */
class LockedDatabaseTest {

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    @Test
    void sendWaitsOutALockHeldWhenItStartsAndDeliversEverything() throws Exception {
        Path db = dir.resolve("shared.db");
        PythonDatabase.create(db, List.of(PythonDatabase.event("INFO", "queued by python", 1)));
        try (TestReceivers.Lines receiver = new TestReceivers.Lines();
                Connection other = PythonDatabase.connect(db); Statement statement = other.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            CompletableFuture<CliRunner.Result> sending = cli.start("send", "--host", "127.0.0.1", "--port",
                    "" + receiver.port(), "--database", db.toString(), "--database-timeout", "200ms", "--timeout", "20s");
            // the send starts while the lock is held, and waits longer than its databaseTimeout: it says so
            await(Duration.ofSeconds(20), () -> cli.errSoFar().contains("another process holds its lock"),
                    "the send reporting the lock while it lasts");
            statement.execute("COMMIT");
            CliRunner.Result result = sending.get(30, TimeUnit.SECONDS);
            assertEquals(0, result.exitCode(), "a lock is never fatal: " + result.both());
            await(Duration.ofSeconds(5), () -> receiver.lines.size() == 5, "the python event and the four new ones");
            assertTrue(result.err().contains("another process holds its lock") && result.err().contains(
                    HandlerErrors.RETRY_HINT),
                    "says why it waited, with the hint: " + result.err());
            assertFalse(result.err().contains("SQLITE_"), "in words, not the driver's: " + result.err());
            assertFalse(result.err().contains("the queue database " + db + " is not open yet (cannot"),
                    "the cause said once: " + result.err());
        }
    }

    @Test
    void sendKeepsToItsTimeoutWhileTheLockLastsLonger() throws Exception {
        Path db = dir.resolve("held-throughout.db");
        PythonDatabase.create(db, List.of(PythonDatabase.event("INFO", "queued by python", 1)));
        try (TestReceivers.Lines receiver = new TestReceivers.Lines();
                Connection other = PythonDatabase.connect(db); Statement statement = other.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            long start = System.nanoTime();
            CliRunner.Result result = cli.start("send", "--host", "127.0.0.1", "--port", "" + receiver.port(),
                    "--database", db.toString(), "--timeout", "2s").get(20, TimeUnit.SECONDS);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            statement.execute("ROLLBACK");
            assertEquals(ExitCodes.SEND_FAILED, result.exitCode(), "not delivered: " + result.both());
            assertTrue(took < 3_500, "--timeout 2s bounds the whole command, the lock held throughout (databaseTimeout"
                    + " 5 s); took " + took + " ms: " + result.both());
            assertTrue(result.err().contains("not delivered within 2 s"), "says so: " + result.err());
            assertTrue(result.err().lines().filter(line -> line.contains("is locked by another process"))
                    .allMatch(line -> line.startsWith("warning: ") && line.contains(HandlerErrors.RETRY_HINT)),
                    "the lock found while building is a warning like the others, with the hint: " + result.err());
            assertTrue(result.err().contains("is locked by another process"), "it is reported: " + result.err());
        }
    }

    @Test
    void aQueueCommandGivesUpAfterItsTimeoutWithTheSameHint() throws Exception {
        Path db = dir.resolve("held.db");
        PythonDatabase.create(db, List.of(PythonDatabase.event("INFO", "queued by python", 1)));
        try (Connection other = PythonDatabase.connect(db); Statement statement = other.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            CliRunner.Result result = cli.run("queue", "requeue", db.toString(), "--all", "--database-timeout", "200ms");
            statement.execute("ROLLBACK");
            assertEquals(ExitCodes.IO, result.exitCode(), result.both());
            assertTrue(result.err().contains("is locked by another connection, for longer than databaseTimeout"
                    + QueueBase.LOCK_HINT), result.err());
            assertFalse(result.err().contains("SQLITE_"), result.err());
        }
    }
}
