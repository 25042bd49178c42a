package io.github.logstashasync.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue commands on a database that python-logstash-async wrote (its schema and rows). */
class QueueCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path db;
    private final CliRunner cli = new CliRunner();

    @BeforeEach
    void pythonDatabase() throws Exception {
        db = dir.resolve("python.db");
        List<String> texts = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            texts.add(PythonDatabase.event(i % 5 == 0 ? "ERROR" : "INFO", "python event " + i, i));
        }
        PythonDatabase.create(db, texts);
        // two old ones (a day and a half), one claimed by a Python worker that never finished
        PythonDatabase.execute(db, "UPDATE event SET entry_date = datetime('now', '-36 hours') WHERE event_id <= 2");
        PythonDatabase.execute(db, "UPDATE event SET pending_delete = 1 WHERE event_id = 3");
    }

    private JsonNode json(CliRunner.Result result) throws Exception {
        assertEquals(0, result.exitCode(), result.both());
        return JSON.readTree(result.out());
    }

    @Test
    void statsCountsByStateAndAgeAndChangesNothing() throws Exception {
        byte[] before = Files.readAllBytes(db);
        JsonNode stats = json(cli.run("queue", "stats", db.toString(), "--json"));
        assertEquals(9, stats.get("queued").asInt(), stats.toString());
        assertEquals(1, stats.get("inFlight").asInt());
        assertEquals(0, stats.get("failed").asInt());
        assertTrue(stats.get("oldestAgeSeconds").asLong() >= 36 * 3600 - 5, "the oldest is 36 h old: " + stats);
        assertEquals(2, stats.get("queuedByAge").get("older").asInt(), stats.toString());
        assertEquals(7, stats.get("queuedByAge").get("lastMinute").asInt(), stats.toString());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(db)), "stats is read-only: the file is unchanged");

        CliRunner.Result text = cli.run("queue", "stats", db.toString());
        assertEquals(0, text.exitCode());
        assertTrue(text.out().contains("queued") && text.out().contains("in flight") && text.out().contains("1 d 12 h ago"),
                text.out());
    }

    @Test
    void listFiltersAndPages() throws Exception {
        JsonNode all = json(cli.run("queue", "list", db.toString(), "--json"));
        assertEquals(10, all.get("total").asInt());
        assertEquals("python event 1", all.get("events").get(0).get("event").get("message").asString());

        JsonNode errors = json(cli.run("queue", "list", db.toString(), "--level", "error", "--json"));
        assertEquals(2, errors.get("total").asInt(), "events 5 and 10 are errors: " + errors);

        JsonNode page = json(cli.run("queue", "list", db.toString(), "--state", "queued", "--offset", "2", "--limit", "3",
                "--json"));
        assertEquals(9, page.get("total").asInt());
        assertEquals(3, page.get("events").size());
        assertEquals(4, page.get("events").get(0).get("id").asInt(), "ids 1, 2 skipped; 3 is in flight");

        JsonNode inFlight = json(cli.run("queue", "list", db.toString(), "--state", "in-flight", "--json"));
        assertEquals(3, inFlight.get("events").get(0).get("id").asInt());

        JsonNode recent = json(cli.run("queue", "list", db.toString(), "--since", "1h", "--json"));
        assertEquals(8, recent.get("total").asInt(), "all but the two old ones");
        JsonNode old = json(cli.run("queue", "list", db.toString(), "--until", "1d", "--text", "event 2", "--json"));
        assertEquals(1, old.get("total").asInt(), old.toString());

        CliRunner.Result table = cli.run("queue", "list", db.toString(), "--limit", "4");
        assertEquals(0, table.exitCode());
        assertTrue(table.out().contains("ID") && table.out().contains("python event 4"), table.out());
        assertTrue(table.out().contains("events 1-4 of 10; next page: --offset 4"), table.out());
    }

    @Test
    void exportWritesEveryMatchingEventAsJsonLines() throws Exception {
        CliRunner.Result all = cli.run("queue", "export", db.toString());
        assertEquals(0, all.exitCode(), all.both());
        List<String> lines = all.out().lines().toList();
        assertEquals(10, lines.size(), "one line per event: " + all.out());
        assertEquals("python event 1", JSON.readTree(lines.get(0)).get("message").asString(), "oldest first");
        assertTrue(all.err().contains("exported 10 events"), all.err());

        Path file = dir.resolve("errors.jsonl");
        CliRunner.Result errors = cli.run("queue", "export", db.toString(), "--level", "error", "--output", file.toString());
        assertEquals(0, errors.exitCode(), errors.both());
        assertEquals("", errors.out(), "nothing on standard output");
        List<String> exported = Files.readAllLines(file);
        assertEquals(2, exported.size(), "events 5 and 10 are errors");
        assertEquals(lines.get(4), exported.get(0), "the same document as in the full export");
        assertTrue(errors.err().contains("exported 2 events to " + file), errors.err());

        CliRunner.Result noDir = cli.run("queue", "export", db.toString(), "--output",
                dir.resolve("missing/x.jsonl").toString());
        assertEquals(ExitCodes.IO, noDir.exitCode(), "an output that cannot be written is an I/O error");
        assertTrue(noDir.err().contains("cannot write"), noDir.err());
    }

    @Test
    void showPrintsOneEventAndSaysWhenThereIsNone() throws Exception {
        JsonNode event = json(cli.run("queue", "show", db.toString(), "5", "--json"));
        assertEquals("queued", event.get("state").asString());
        assertEquals("ERROR", event.get("event").get("level").asString());

        CliRunner.Result text = cli.run("queue", "show", db.toString(), "5");
        assertTrue(text.out().contains("\"message\" : \"python event 5\""), "indented JSON: " + text.out());

        CliRunner.Result missing = cli.run("queue", "show", db.toString(), "999");
        assertEquals(ExitCodes.NOT_FOUND, missing.exitCode());
        assertEquals("error: no event 999 in " + db.toAbsolutePath(), missing.err().strip());
    }

    @Test
    void purgeAsksUnlessYes() throws Exception {
        CliRunner.Result declined = new CliRunner().input("n\n").run("queue", "purge", db.toString(), "--state", "queued");
        assertEquals(ExitCodes.ABORTED, declined.exitCode(), declined.both());
        assertTrue(declined.err().contains("Delete 9 queued events"), "it asks: " + declined.err());
        assertEquals(9, json(cli.run("queue", "stats", db.toString(), "--json")).get("queued").asInt(), "nothing deleted");

        CliRunner.Result noAnswer = cli.run("queue", "purge", db.toString(), "--state", "queued");
        assertEquals(ExitCodes.ABORTED, noAnswer.exitCode(), "no input is no");

        CliRunner.Result confirmed = new CliRunner().input("y\n").run("queue", "purge", db.toString(), "--state",
                "in-flight");
        assertEquals(0, confirmed.exitCode(), confirmed.both());
        assertEquals(0, json(cli.run("queue", "stats", db.toString(), "--json")).get("inFlight").asInt());

        JsonNode yes = json(cli.run("queue", "purge", db.toString(), "--state", "all", "--yes", "--json"));
        assertEquals(9, yes.get("deleted").get("queued").asInt(), yes.toString());
        assertEquals(0, json(cli.run("queue", "stats", db.toString(), "--json")).get("queued").asInt());
    }

    @Test
    void statsShowsTheDropsAndTheEventsSentTwiceThatTheShippersCounted() throws Exception {
        assertEquals(2, json(cli.run("queue", "expire", db.toString(), "--ttl", "1d", "--json")).get("expired").asInt());
        // what a shipper writes to the counters (its drops, its failed deletes), as SqliteEventQueue does
        PythonDatabase.execute(db, "INSERT INTO queue_counter (name, value) VALUES ('dropped', 12), ('sent_twice', 3)");
        JsonNode stats = json(cli.run("queue", "stats", db.toString(), "--json"));
        assertEquals(12, stats.get("dropped").asInt(), stats.toString());
        assertEquals(3, stats.get("sentTwice").asInt(), stats.toString());
        assertEquals(2, stats.get("expired").asInt(), stats.toString());
        CliRunner.Result text = cli.run("queue", "stats", db.toString());
        assertTrue(text.out().matches("(?s).*dropped\\s+12\\s.*") && text.out().matches("(?s).*sent twice\\s+3\\s.*"),
                text.out());
    }

    @Test
    void requeueExpireAndVacuum() throws Exception {
        assertEquals(2, json(cli.run("queue", "expire", db.toString(), "--ttl", "1d", "--json")).get("expired").asInt());
        JsonNode stats = json(cli.run("queue", "stats", db.toString(), "--json"));
        assertEquals(7, stats.get("queued").asInt());
        assertEquals(2, stats.get("expired").asInt(), "expired events are counted: " + stats);

        // fail two events the way a sender does, then requeue one by id and the rest with --all
        PythonDatabase.execute(db, "INSERT INTO failed_event (event_id, event_text, entry_date, failed_date, reason, "
                + "attempts) SELECT event_id, event_text, entry_date, entry_date, 'rejected by test', 1 FROM event "
                + "WHERE event_id IN (4, 6)");
        PythonDatabase.execute(db, "DELETE FROM event WHERE event_id IN (4, 6)");
        assertEquals(2, json(cli.run("queue", "stats", db.toString(), "--json")).get("failed").asInt());
        JsonNode failed = json(cli.run("queue", "show", db.toString(), "4", "--json"));
        assertEquals("failed", failed.get("state").asString());
        assertEquals("rejected by test", failed.get("note").asString());

        assertEquals(1, json(cli.run("queue", "requeue", db.toString(), "4", "--json")).get("requeued").asInt());
        assertEquals(1, json(cli.run("queue", "requeue", db.toString(), "--all", "--json")).get("requeued").asInt());
        assertEquals(0, json(cli.run("queue", "stats", db.toString(), "--json")).get("failed").asInt());
        assertEquals(ExitCodes.USAGE, cli.run("queue", "requeue", db.toString()).exitCode(), "ids or --all required");

        JsonNode vacuum = json(cli.run("queue", "vacuum", db.toString(), "--json"));
        assertTrue(vacuum.get("bytesAfter").asLong() > 0, vacuum.toString());
    }

    @Test
    void missingOrBrokenDatabasesAreIoErrors() throws Exception {
        CliRunner.Result missing = cli.run("queue", "stats", dir.resolve("none.db").toString());
        assertEquals(ExitCodes.IO, missing.exitCode());
        assertTrue(missing.err().startsWith("error: no queue database at"), missing.err());
        assertTrue(!Files.exists(dir.resolve("none.db")), "nothing is created");

        Path notDb = dir.resolve("text.db");
        Files.writeString(notDb, "this is not a database, just text that is long enough to have a header.......");
        CliRunner.Result broken = cli.run("queue", "list", notDb.toString());
        assertEquals(ExitCodes.IO, broken.exitCode(), broken.both());
        assertEquals(1, broken.err().strip().lines().count(), "one line: " + broken.err());
        assertNotEquals("", broken.err().strip());
    }
}
