package io.github.logstashasync.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that opens an existing queue database refuses another application's SQLite file with exit 3 and
 * leaves it as it was; {@code send --database} makes a new database only where there is no file.
 */
class ForeignDatabaseTest {

    @TempDir
    Path dir;

    private Path foreign;
    private final CliRunner cli = new CliRunner();

    @BeforeEach
    void anotherApplicationsDatabase() throws Exception {
        foreign = dir.resolve("app.db");
        try (Connection connection = PythonDatabase.connect(foreign); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL)");
            statement.execute("INSERT INTO invoice (total) VALUES (12.5), (99.0)");
        }
        Files.setPosixFilePermissions(foreign, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void everyCommandThatOpensADatabaseRefusesItUntouched() throws Exception {
        String db = foreign.toString();
        try (TestReceivers.Lines receiver = new TestReceivers.Lines()) {
            String port = "" + receiver.port();
            List<List<String>> commands = List.of(
                    List.of("queue", "stats", db),
                    List.of("queue", "list", db),
                    List.of("queue", "show", db, "1"),
                    List.of("queue", "export", db),
                    List.of("queue", "flush", db, "--host", "127.0.0.1", "--port", port, "--progress", "none"),
                    List.of("queue", "requeue", db, "--all"),
                    List.of("queue", "purge", db, "--state", "all", "--yes"),
                    List.of("queue", "expire", db, "--ttl", "1h"),
                    List.of("queue", "vacuum", db),
                    List.of("send", "--database", db, "--host", "127.0.0.1", "--port", port, "--timeout", "2s"));
            byte[] before = Files.readAllBytes(foreign);
            for (List<String> command : commands) {
                CliRunner.Result result = cli.run(command.toArray(String[]::new));
                String name = String.join(" ", command.subList(0, 2));
                assertEquals(ExitCodes.IO, result.exitCode(), name + ": " + result.both());
                assertTrue(result.err().contains(db + " is no logstash-async queue database: it has no table event but"
                        + " the table invoice"), name + " says why: " + result.err());
                assertEquals("", result.out(), name + " prints no result");
                assertArrayEquals(before, Files.readAllBytes(foreign), name + " left the file as it was");
                assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(foreign)),
                        name + " left its permissions");
                assertFalse(Files.exists(Path.of(db + "-wal")), name + " switched it to no WAL");
            }
            assertEquals(List.of(), List.copyOf(receiver.lines), "nothing was sent");
        }
    }

    @Test
    void sendMakesANewDatabaseOnlyWhereThereIsNoFile() throws Exception {
        Path fresh = dir.resolve("new.db");
        CliRunner.Result sent = cli.run("send", "--database", fresh.toString(), "--port", "" + closedPort(),
                "--timeout", "1s");
        assertEquals(ExitCodes.SEND_FAILED, sent.exitCode(), "the receiver is down: " + sent.both());
        CliRunner.Result stats = cli.run("queue", "stats", fresh.toString(), "--json");
        assertEquals(0, stats.exitCode(), "send created a queue database: " + stats.both());
        assertTrue(stats.out().contains("\"queued\" : 4"), stats.out());

        Path text = Files.writeString(dir.resolve("notes.txt"), "shopping list: milk, bread\n");
        CliRunner.Result notADatabase = cli.run("send", "--database", text.toString(), "--port", "" + closedPort(),
                "--timeout", "1s");
        assertEquals(ExitCodes.IO, notADatabase.exitCode(), notADatabase.both());
        assertTrue(notADatabase.err().contains("not a SQLite database"), notADatabase.err());
        assertEquals("shopping list: milk, bread\n", Files.readString(text), "the text file is unchanged");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
