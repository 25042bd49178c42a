package io.github.logstashasync.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor}: its help, and a one-line error (before any window) for a database that is not there. */
class MonitorCommandTest {

    private final CliRunner cli = new CliRunner();

    @TempDir
    Path dir;

    @Test
    void helpDescribesTheCommand() {
        CliRunner.Result result = cli.run("monitor", "--help");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        assertTrue(result.out().contains("--read-write"), result.out());
    }

    @Test
    void aMissingDatabaseIsAnIoErrorWithoutAWindow() {
        Path missing = dir.resolve("nothing-here.db");
        CliRunner.Result result = cli.run("monitor", missing.toString());
        assertEquals(ExitCodes.IO, result.exitCode(), "exit code 3 expected: " + result.err());
        assertTrue(result.err().contains("nothing-here.db"), "the file should be named: " + result.err());
    }
}
