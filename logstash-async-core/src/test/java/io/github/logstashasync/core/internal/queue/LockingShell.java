package io.github.logstashasync.core.internal.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Another process holding a database's write lock: the SQLite shell runs {@code BEGIN EXCLUSIVE}, sleeps, and
 * commits, so that the lock ends on its own even if the test is stuck.
 */
public final class LockingShell implements AutoCloseable {

    /** The SQLite shell; the project's CI installs it (Debian package {@code sqlite3}). */
    public static final Path SQLITE3 = Path.of("/usr/bin/sqlite3");

    private final Process shell;
    private final BufferedReader output;

    private LockingShell(Process shell) {
        this.shell = shell;
        this.output = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the shell on {@code file} and returns once it holds the exclusive lock, which it keeps for {@code hold}. */
    public static LockingShell hold(Path file, Duration hold) throws Exception {
        assertTrue(Files.isExecutable(SQLITE3), "this test needs the SQLite shell at " + SQLITE3
                + " (Debian package sqlite3, installed by the project's CI script)");
        Process process = new ProcessBuilder(SQLITE3.toString(), file.toString()).redirectErrorStream(true).start();
        LockingShell shell = new LockingShell(process);
        try (Writer input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            input.write("BEGIN EXCLUSIVE;\nSELECT 'locked';\n.shell sleep " + hold.toMillis() / 1000.0 + "\n"
                    + "COMMIT;\nSELECT 'released';\n.quit\n");
        }
        assertEquals("locked", shell.nextLine(), "the shell holds the exclusive lock");
        return shell;
    }

    /** Waits for the shell to commit and end. */
    public void awaitReleased() throws Exception {
        assertEquals("released", nextLine(), "the shell committed");
        assertTrue(shell.waitFor(10, TimeUnit.SECONDS), "the shell ends after its COMMIT");
    }

    private String nextLine() throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return output.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        shell.destroy();
        output.close();
    }
}
