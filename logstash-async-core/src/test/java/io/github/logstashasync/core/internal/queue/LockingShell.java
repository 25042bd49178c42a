package io.github.logstashasync.core.internal.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
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
import org.junit.jupiter.api.Assumptions;

/**
 * Another process holding a database's write lock: the SQLite shell runs {@code BEGIN EXCLUSIVE} and commits after a
 * given time ({@link #hold}), so that the lock ends on its own even if the test is stuck, or rolls back when the test
 * says so ({@link #holdUntilReleased}).
 */
public final class LockingShell implements AutoCloseable {

    private final Process shell;
    private final BufferedReader output;
    private final Writer input;

    private LockingShell(Process shell, Writer input) {
        this.shell = shell;
        this.input = input;
        this.output = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * The SQLite shell found on the PATH. Without it the test fails under {@code CI=true} and is skipped (reported as
     * such) elsewhere; {@code scripts/install-deps.sh} installs it (Debian package {@code sqlite3}).
     */
    public static Path sqlite3() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "sqlite3"))) {
                return Path.of(dir, "sqlite3");
            }
        }
        String message = "this test needs the SQLite shell sqlite3 on the PATH (Debian package sqlite3, installed by"
                + " scripts/install-deps.sh)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError(message);
    }

    /** Starts the shell on {@code file} and returns once it holds the exclusive lock, which it keeps for {@code hold}. */
    public static LockingShell hold(Path file, Duration hold) throws Exception {
        LockingShell shell = start(file);
        shell.input.write(".shell sleep " + hold.toMillis() / 1000.0 + "\nCOMMIT;\nSELECT 'released';\n.quit\n");
        shell.input.close();
        return shell;
    }

    /**
     * Starts the shell on {@code file}, runs {@code statements} in its transaction, and returns once it holds the
     * exclusive lock, kept until {@link #release}.
     */
    public static LockingShell holdUntilReleased(Path file, String... statements) throws Exception {
        return start(file, statements);
    }

    private static LockingShell start(Path file, String... statements) throws Exception {
        Process process = new ProcessBuilder(sqlite3().toString(), file.toString()).redirectErrorStream(true).start();
        LockingShell shell = new LockingShell(process,
                new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        shell.input.write("BEGIN EXCLUSIVE;\n" + String.join("\n", statements) + "\nSELECT 'locked';\n");
        shell.input.flush();
        assertEquals("locked", shell.nextLine(), "the shell holds the exclusive lock");
        return shell;
    }

    /** Rolls back (a shell started by {@link #holdUntilReleased}) and waits for the shell to end. */
    public void release() throws Exception {
        input.write("ROLLBACK;\nSELECT 'released';\n.quit\n");
        input.close();
        awaitReleased();
    }

    /** Waits for the shell to commit and end. */
    public void awaitReleased() throws Exception {
        assertEquals("released", nextLine(), "the shell ended its transaction");
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
        try {
            input.close();
        } catch (IOException ignored) {
            // the shell is gone already: its pipe is closed
        }
        output.close();
    }
}
