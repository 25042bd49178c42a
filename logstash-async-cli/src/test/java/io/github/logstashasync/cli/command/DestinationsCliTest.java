package io.github.logstashasync.cli.command;

import static io.github.logstashasync.cli.command.TestReceivers.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --destination}, repeatable, on {@code send} and {@code queue flush}, and the per-destination lines they print. */
class DestinationsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void sendTakesTheDestinationFlagTwiceAndPrintsEachOne() throws Exception {
        try (TestReceivers.Lines first = new TestReceivers.Lines(); TestReceivers.Lines second = new TestReceivers.Lines()) {
            String a = "127.0.0.1:" + first.port();
            String b = "127.0.0.1:" + second.port();
            CliRunner.Result result = cli.run("send", "--destination", a, "--destination", b, "--connection-strategy",
                    "round-robin", "--batch-size", "1", "--count", "10", "--message", "spread");
            assertEquals(0, result.exitCode(), result.both());
            List<String> lines = result.out().strip().lines().toList();
            assertEquals("sent 10 of 10 events to tcp to " + a + ", " + b + ", failed 0", lines.get(0));
            assertTrue(lines.get(1).startsWith("  " + a + " connected, sent 5 in 5 batches, 0 failures"), result.out());
            assertTrue(lines.get(2).startsWith("  " + b + " connected, sent 5 in 5 batches, 0 failures"), result.out());
            await(Duration.ofSeconds(5), () -> first.lines.size() + second.lines.size() == 10, "10 lines");
            assertEquals(5, first.lines.size());
        }
    }

    @Test
    void badDestinationsAreUsageErrorsNamingTheFlag() {
        CliRunner.Result noPort = cli.run("send", "--destination", "127.0.0.1");
        assertEquals(ExitCodes.USAGE, noPort.exitCode(), noPort.both());
        assertTrue(noPort.err().contains("--destination") && noPort.err().contains("has no port"), noPort.err());
        CliRunner.Result both = cli.run("send", "--host", "127.0.0.1", "--destination", "127.0.0.1:5044");
        assertEquals(ExitCodes.USAGE, both.exitCode(), both.both());
        assertTrue(both.err().contains("cannot be combined with host or port"), both.err());
        CliRunner.Result strategy = cli.run("send", "--destination", "127.0.0.1:5044", "--connection-strategy", "x");
        assertEquals(ExitCodes.USAGE, strategy.exitCode(), strategy.both());
        assertTrue(strategy.err().contains("--connection-strategy"), strategy.err());
    }

    @Test
    void queueFlushGoesOnToTheNextDestinationWhenTheFirstIsDown() throws Exception {
        Path db = dir.resolve("queue.db");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add(PythonDatabase.event("INFO", "queued by python", i));
        }
        PythonDatabase.create(db, texts);
        try (TestReceivers.Lines receiver = new TestReceivers.Lines()) {
            String down = "127.0.0.1:" + closedPort();
            String up = "127.0.0.1:" + receiver.port();
            CliRunner.Result result = cli.run("queue", "flush", db.toString(), "--destination", down, "--destination", up,
                    "--progress", "none", "--json");
            assertEquals(0, result.exitCode(), result.both());
            JsonNode report = JSON.readTree(result.out());
            assertEquals(200, report.get("delivered").asInt(), report.toString());
            JsonNode destinations = report.get("destinations");
            assertEquals(down, destinations.get(0).get("destination").asString());
            assertEquals(1, destinations.get(0).get("failures").asInt(), "the first is tried once, then backs off");
            assertEquals(0, destinations.get(0).get("sent").asInt());
            assertEquals(200, destinations.get(1).get("sent").asInt());
            assertTrue(destinations.get(1).get("connected").asBoolean());
            await(Duration.ofSeconds(5), () -> receiver.lines.size() == 200, "200 lines");
        }
    }
}
