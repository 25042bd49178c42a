package io.github.logstashasync.cli.command;

import static io.github.logstashasync.cli.command.TestReceivers.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that python-logstash-async 4.0.2's own {@code DatabaseCache} wrote, claimed from and requeued in (its
 * code, vendored unchanged in the core module's test resources, run by python3), given to our CLI, and back.
 */
class PythonWorkerCliTest {

    /** The driver of the vendored DatabaseCache (see logstash-async-core/src/test/resources/python). */
    private static final Path SCRIPT = Path.of("../logstash-async-core/src/test/resources/python/pla_cache.py")
            .toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    @Test
    void ourFlushSendsWhatPythonsWorkerQueuedClaimedAndRequeuedAndPythonGoesOn() throws Exception {
        Path db = dir.resolve("python.db");
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            first.add(PythonDatabase.event("INFO", "queued by python", i));
        }
        python(db, "add", first);
        // its worker claims a batch (50, pending_delete=1), sends it, fails on 10 of them and requeues those...
        List<String> claimed = python(db, "claim", List.of());
        assertEquals(50, claimed.size(), "Python's batch of QUEUED_EVENTS_BATCH_SIZE: " + claimed);
        List<String> requeue = new ArrayList<>();
        for (int id = 41; id <= 50; id++) {
            requeue.add(Integer.toString(id));
        }
        python(db, "requeue", requeue);
        // ...and dies before its delete_queued_events: ids 1-40 stay pending_delete=1, a claim of a process gone
        assertEquals("20", python(db, "count", List.of()).get(0), "Python counts 20 queued (10 requeued, 10 new)");

        CliRunner.Result stats = cli.run("queue", "stats", db.toString(), "--json");
        assertEquals(0, stats.exitCode(), stats.both());
        JsonNode counts = JSON.readTree(stats.out());
        assertEquals(60, counts.get("queued").asInt() + counts.get("inFlight").asInt(),
                "our stats count every row Python left: " + stats.out());

        try (TestReceivers.Lines receiver = new TestReceivers.Lines()) {
            CliRunner.Result flush = cli.run("queue", "flush", db.toString(), "--host", "127.0.0.1", "--port",
                    Integer.toString(receiver.port()), "--json");
            assertEquals(0, flush.exitCode(), flush.both());
            assertEquals(60, JSON.readTree(flush.out()).get("delivered").asInt(), "Python's dead claims are sent "
                    + "too: " + flush.out());
            await(Duration.ofSeconds(10), () -> receiver.lines.size() >= 60, "60 lines at the receiver");
            Set<Integer> seqs = new HashSet<>();
            for (String line : List.copyOf(receiver.lines)) {
                seqs.add(JSON.readTree(line).get("extra").get("seq").asInt());
            }
            assertEquals(60, seqs.size(), "every event once");
        }
        assertEquals("0", python(db, "count", List.of()).get(0), "Python sees the queue drained");
        assertEquals(List.of(), python(db, "claim", List.of()), "and claims nothing");

        // Python goes on with the database we migrated (our columns and tables added)
        python(db, "add", List.of(PythonDatabase.event("WARNING", "after our flush", 100)));
        List<String> again = python(db, "claim", List.of());
        assertEquals(1, again.size(), "Python's worker claims its new event: " + again);
        python(db, "delete", List.of());
        CliRunner.Result after = cli.run("queue", "stats", db.toString(), "--json");
        assertEquals(0, after.exitCode(), after.both());
        JsonNode empty = JSON.readTree(after.out());
        assertEquals(0, empty.get("queued").asInt() + empty.get("inFlight").asInt(), "what Python sent and deleted "
                + "is gone for us too: " + after.out());
    }

    private static List<String> python(Path db, String command, List<String> args) throws Exception {
        assertTrue(Files.isRegularFile(SCRIPT), "the driver of python-logstash-async's DatabaseCache is at " + SCRIPT);
        List<String> line = new ArrayList<>(List.of(python3().toString(), SCRIPT.toString(), db.toString(), command));
        line.addAll(args);
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "python3 ends");
        assertEquals(0, process.exitValue(), "python-logstash-async's " + command + " succeeds: " + out);
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    private static Path python3() {
        for (String path : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!path.isEmpty() && Files.isExecutable(Path.of(path, "python3"))) {
                return Path.of(path, "python3");
            }
        }
        String message = "this test needs python3 on the PATH (scripts/install-deps.sh installs it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError(message);
    }
}
