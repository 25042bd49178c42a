package io.github.logstashasync.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rough edges of the command line: user input that ended in "internal error", groups of commands that exited
 * 0 without doing anything, a requeue of nothing that succeeded, output in Java's words, a vacuum that reported
 * the size before as the size after.
 */
class CommandLineEdgesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    private Path pythonQueue(int events, int messageLength) throws Exception {
        Path db = dir.resolve("queue-" + events + ".db");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            texts.add(PythonDatabase.event("INFO", "x".repeat(messageLength), i));
        }
        PythonDatabase.create(db, texts);
        return db;
    }

    @Test
    void anExtraFieldWithoutNameOrValueIsAUsageErrorNamingTheFlag() throws Exception {
        try (TestReceivers.Lines receiver = new TestReceivers.Lines()) {
            String port = "" + receiver.port();
            CliRunner.Result noName = cli.run("send", "--host", "127.0.0.1", "--port", port, "--extra", "=x");
            assertEquals(ExitCodes.USAGE, noName.exitCode(), noName.both());
            assertTrue(noName.err().contains("error: --extra =x: the field has no name; use --extra NAME=VALUE"),
                    noName.err());
            CliRunner.Result noValue = cli.run("send", "--host", "127.0.0.1", "--port", port, "--extra", "novalue");
            assertEquals(ExitCodes.USAGE, noValue.exitCode(), "not an empty string: " + noValue.both());
            assertTrue(noValue.err().contains("'--extra'") && noValue.err().contains("novalue"), noValue.err());
            assertEquals(List.of(), List.copyOf(receiver.lines), "nothing was sent");
        }
    }

    @Test
    void anUnknownStateIsAUsageErrorNamingTheFlag() throws Exception {
        Path db = pythonQueue(1, 10);
        CliRunner.Result purge = cli.run("queue", "purge", db.toString(), "--state", "bogus", "--yes");
        assertEquals(ExitCodes.USAGE, purge.exitCode(), purge.both());
        assertTrue(purge.err().contains("'--state'") && purge.err().contains("'bogus' is no state; use queued,"
                + " in-flight, failed or all"), purge.err());
        assertFalse(purge.err().contains("internal error"), purge.err());
    }

    @Test
    void aGroupOfCommandsAloneShowsItsHelpAndIsAUsageError() {
        for (List<String> args : List.of(List.<String>of(), List.of("queue"))) {
            CliRunner.Result result = cli.run(args.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, result.exitCode(), args + ": " + result.both());
            assertEquals("", result.out(), args + ": nothing on standard output");
            assertTrue(result.err().startsWith("Usage: logstash-async" + (args.isEmpty() ? " " : " queue ")), result.err());
            assertTrue(result.err().contains("error: which command? give one of: "
                    + (args.isEmpty() ? "demo, send, listen, queue, monitor, status" : "stats, list, show, export, flush")),
                    result.err());
        }
        CliRunner.Result help = cli.run("queue", "--help");
        assertEquals(ExitCodes.OK, help.exitCode(), "asking for help is no error");
    }

    @Test
    void requeueOfAnIdThatIsNoFailedEventIsNotFound() throws Exception {
        Path db = pythonQueue(2, 10);
        CliRunner.Result result = cli.run("queue", "requeue", db.toString(), "9999");
        assertEquals(ExitCodes.NOT_FOUND, result.exitCode(), result.both());
        assertEquals("requeued 0 failed events\n", result.out());
        assertTrue(result.err().contains("1 of the ids given is no failed event in"), result.err());
        CliRunner.Result json = cli.run("queue", "requeue", db.toString(), "9999", "1", "--json");
        assertEquals(ExitCodes.NOT_FOUND, json.exitCode(), json.both());
        assertEquals(2, JSON.readTree(json.out()).get("notFound").asInt(), json.out());
        assertEquals(ExitCodes.OK, cli.run("queue", "requeue", db.toString(), "--all").exitCode(), "--all finds none: fine");
    }

    @Test
    void purgeSaysWhatItDeletedInWordsAndInTheRightNumber() throws Exception {
        Path one = pythonQueue(1, 10);
        CliRunner.Result single = cli.run("queue", "purge", one.toString(), "--state", "queued", "--yes");
        assertEquals(0, single.exitCode(), single.both());
        assertEquals("deleted 1 queued event from " + one.toAbsolutePath() + "\n", single.out());

        Path three = pythonQueue(3, 10);
        CliRunner.Result all = cli.run("queue", "purge", three.toString(), "--state", "all", "--yes");
        assertEquals(0, all.exitCode(), all.both());
        assertEquals("deleted 3 events from " + three.toAbsolutePath() + " (3 queued, 0 in-flight, 0 failed)\n",
                all.out());
    }

    @Test
    void jsonAtTheRootAndForExport() throws Exception {
        Path db = pythonQueue(3, 10);
        CliRunner.Result root = cli.run("--json", "queue", "stats", db.toString());
        assertEquals(0, root.exitCode(), root.both());
        assertEquals(3, JSON.readTree(root.out()).get("queued").asInt(), "--json before the command: " + root.out());
        CliRunner.Result group = cli.run("queue", "--json", "stats", db.toString());
        assertEquals(3, JSON.readTree(group.out()).get("queued").asInt(), "--json after queue: " + group.out());

        CliRunner.Result toStdout = cli.run("queue", "export", db.toString(), "--json");
        assertEquals(ExitCodes.USAGE, toStdout.exitCode(), "stdout carries the events: " + toStdout.both());
        assertTrue(toStdout.err().contains("--json needs --output FILE"), toStdout.err());
        Path file = dir.resolve("export.jsonl");
        CliRunner.Result toFile = cli.run("queue", "export", db.toString(), "-o", file.toString(), "--json");
        assertEquals(0, toFile.exitCode(), toFile.both());
        JsonNode summary = JSON.readTree(toFile.out());
        assertEquals(3, summary.get("exported").asInt(), toFile.out());
        assertEquals(file.toAbsolutePath().toString(), summary.get("output").asString());
        assertEquals(3, Files.readAllLines(file).size());
    }

    @Test
    void anExpiryOfEveryQueuedEventAsksAsPurgeDoes() throws Exception {
        Path db = pythonQueue(3, 10);
        PythonDatabase.execute(db, "UPDATE event SET entry_date = datetime('now', '-10 minutes')");
        CliRunner.Result unanswered = cli.run("queue", "expire", db.toString(), "--ttl", "0s");
        assertEquals(ExitCodes.ABORTED, unanswered.exitCode(), unanswered.both());
        assertTrue(unanswered.err().contains("Expire all 3 queued events of"), unanswered.err());
        assertEquals(3, JSON.readTree(cli.run("queue", "stats", db.toString(), "--json").out()).get("queued").asInt(),
                "nothing expired without an answer");
        CliRunner.Result young = cli.run("queue", "expire", db.toString(), "--ttl", "1h");
        assertEquals(0, young.exitCode(), "a TTL that takes none asks nothing: " + young.both());
        assertEquals("expired 0 events older than 1 h\n", young.out());
        CliRunner.Result yes = new CliRunner().input("y\n").run("queue", "expire", db.toString(), "--ttl", "0s");
        assertEquals(0, yes.exitCode(), yes.both());
        assertEquals("expired 3 events older than 0 s\n", yes.out());
    }

    @Test
    void theMessageComesFromAFileOrStandardInput() throws Exception {
        Path file = Files.writeString(dir.resolve("message.txt"), "a message\nover two lines\n");
        try (TestReceivers.Lines receiver = new TestReceivers.Lines()) {
            String port = "" + receiver.port();
            CliRunner.Result fromFile = cli.run("send", "--host", "127.0.0.1", "--port", port, "--message-file",
                    file.toString());
            assertEquals(0, fromFile.exitCode(), fromFile.both());
            CliRunner.Result fromStdin = new CliRunner().input("from standard input\n").run("send", "--host",
                    "127.0.0.1", "--port", port, "--message-file", "-");
            assertEquals(0, fromStdin.exitCode(), fromStdin.both());
            TestReceivers.await(java.time.Duration.ofSeconds(5), () -> receiver.lines.size() == 2, "two events");
            assertEquals("a message\nover two lines", JSON.readTree(receiver.lines.get(0)).get("message").asString());
            assertEquals("from standard input", JSON.readTree(receiver.lines.get(1)).get("message").asString());
        }
        CliRunner.Result both = cli.run("send", "--message", "x", "--message-file", file.toString());
        assertEquals(ExitCodes.USAGE, both.exitCode(), both.both());
        CliRunner.Result oneLetter = cli.run("send", "-o", "path=/x");
        assertEquals(ExitCodes.USAGE, oneLetter.exitCode(), "-o is --output, in queue export only: " + oneLetter.both());
    }

    @Test
    void anArgumentWithUndecodableBytesIsRefused() {
        CliRunner.Result result = cli.run("send", "--message", "caf\uFFFD au lait");
        assertEquals(ExitCodes.USAGE, result.exitCode(), result.both());
        assertTrue(result.err().contains("argument 3 ('caf\uFFFD au lait') has bytes that are not valid"), result.err());
    }

    @Test
    void vacuumReportsTheSizeTheDatabaseHasAfterwards() throws Exception {
        Path db = pythonQueue(3000, 1000);
        assertEquals(0, cli.run("queue", "purge", db.toString(), "--state", "all", "--yes").exitCode());
        CliRunner.Result result = cli.run("queue", "vacuum", db.toString(), "--json");
        assertEquals(0, result.exitCode(), result.both());
        JsonNode sizes = JSON.readTree(result.out());
        long before = sizes.get("bytesBefore").asLong();
        long after = sizes.get("bytesAfter").asLong();
        assertTrue(before > 3_000_000, "3,000 events of 1 kB took space: " + result.out());
        assertTrue(after < before / 10, "the emptied database shrank: " + result.out());
        long onDisk = Files.size(db) + (Files.exists(Path.of(db + "-wal")) ? Files.size(Path.of(db + "-wal")) : 0);
        assertEquals(onDisk, after, "the size after is what the files take now");
    }
}
