package io.github.logstashasync.cli.command;

import static io.github.logstashasync.cli.command.TestReceivers.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    @Test
    void sendsTheSeedExamplesOverTcp() throws Exception {
        try (TestReceivers.Lines receiver = new TestReceivers.Lines()) {
            CliRunner.Result result = cli.run("send", "--host", "127.0.0.1", "--port", "" + receiver.port());
            assertEquals(0, result.exitCode(), result.both());
            assertEquals("sent 4 of 4 events to tcp://127.0.0.1:" + receiver.port() + ", failed 0", result.out().strip());
            await(Duration.ofSeconds(5), () -> receiver.lines.size() == 4, "4 lines");
            List<String> messages = new ArrayList<>();
            for (String line : List.copyOf(receiver.lines)) {
                messages.add(JSON.readTree(line).get("message").asString());
            }
            assertEquals(List.of("java-logstash-async: test logstash error message.",
                    "java-logstash-async: test logstash info message.",
                    "java-logstash-async: test logstash warning message.",
                    "java-logstash: test extra fields"), messages, "the seed's examples in order");
            JsonNode extra = JSON.readTree(receiver.lines.get(3)).get("extra");
            assertEquals(123, extra.get("test_integer").asInt());
            assertEquals("[1,2,\"3\"]", extra.get("test_list").toString());
        }
    }

    @Test
    void typedExtrasCountMessageAndLevelOverUdp() throws Exception {
        try (TestReceivers.Datagrams receiver = new TestReceivers.Datagrams()) {
            CliRunner.Result result = cli.run("send", "--transport", "udp", "--host", "127.0.0.1", "--port",
                    "" + receiver.port(), "--count", "3", "--message", "hello {0} 'x'", "--level", "ERROR",
                    "--extra", "n=42", "--extra", "f=1.5", "--extra", "ok=true", "--extra", "obj={\"a\":[1,2]}",
                    "--extra", "s=plain", "--extra", "q=\"42\"", "--rate", "100");
            assertEquals(0, result.exitCode(), result.both());
            await(Duration.ofSeconds(5), () -> receiver.datagrams.size() == 3, "3 datagrams");
            JsonNode event = JSON.readTree(receiver.datagrams.get(0));
            assertEquals("hello {0} 'x'", event.get("message").asString(), "the message as given, braces and quotes kept");
            assertEquals("ERROR", event.get("level").asString());
            JsonNode extra = event.get("extra");
            assertTrue(extra.get("n").isIntegralNumber(), "42 is a number: " + extra);
            assertEquals(42, extra.get("n").asInt());
            assertTrue(extra.get("f").isDouble(), "1.5 is a number: " + extra);
            assertTrue(extra.get("ok").isBoolean(), "true is a boolean: " + extra);
            assertEquals("[1,2]", extra.get("obj").get("a").toString(), "JSON stays JSON: " + extra);
            assertEquals("plain", extra.get("s").asString());
            assertTrue(extra.get("q").isString(), "a quoted number is a string: " + extra);
        }
    }

    @Test
    void sendsOverHttpWithBasicAuthAndNeverEchoesThePassword() throws Exception {
        try (TestReceivers.Http receiver = new TestReceivers.Http()) {
            CliRunner.Result result = cli.run("send", "--transport", "http", "--host", "127.0.0.1", "--port",
                    "" + receiver.port(), "--path", "/logs", "--username", "user", "--password", "hunter2-secret",
                    "--json");
            assertEquals(0, result.exitCode(), result.both());
            JsonNode summary = JSON.readTree(result.out());
            assertEquals(4, summary.get("sent").asInt(), "JSON summary: " + result.out());
            assertEquals(0, summary.get("failed").asInt());
            int events = 0;
            for (String body : receiver.bodies) {
                events += JSON.readTree(body).size();
            }
            assertEquals(4, events, "4 events in JSON arrays: " + receiver.bodies);
            assertTrue(receiver.authorizations.get(0).startsWith("Basic "), "basic auth sent");
            assertFalse(result.both().contains("hunter2-secret"), "the password must never be printed");
        }
    }

    @Test
    void passwordFromTheEnvironmentAndFailuresNeverShowIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliRunner withEnv = new CliRunner().env(Map.of("LOGSTASH_ASYNC_PASSWORD", "env-secret-77"));
        CliRunner.Result failed = withEnv.run("send", "--transport", "http", "--host", "127.0.0.1", "--port",
                "" + closedPort, "--username", "env-secret-77", "--timeout", "600ms", "--retry-initial-delay", "50ms");
        assertEquals(ExitCodes.SEND_FAILED, failed.exitCode(), failed.both());
        assertFalse(failed.both().contains("env-secret-77"), "a secret from the environment is masked: " + failed.both());

        CliRunner.Result usage = cli.run("send", "--password", "flag-secret-88", "--no-such-flag");
        assertEquals(ExitCodes.USAGE, usage.exitCode());
        assertFalse(usage.both().contains("flag-secret-88"), "not even in a usage error: " + usage.both());

        CliRunner.Result inline = cli.run("send", "--password=inline-secret-99", "--port", "x");
        assertEquals(ExitCodes.USAGE, inline.exitCode());
        assertFalse(inline.both().contains("inline-secret-99"), inline.both());
    }

    @Test
    void failureToSendExitsWith1AndSaysWhatWasSent() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path db = dir.resolve("kept.db");
        CliRunner.Result result = cli.run("send", "--host", "127.0.0.1", "--port", "" + closedPort, "--database",
                db.toString(), "--timeout", "500ms", "--retry-initial-delay", "50ms", "--json");
        assertEquals(ExitCodes.SEND_FAILED, result.exitCode(), result.both());
        JsonNode summary = JSON.readTree(result.out());
        assertEquals(0, summary.get("sent").asInt());
        assertEquals(4, summary.get("remaining").asInt(), "the events stay in the database: " + result.out());
        assertEquals(0, summary.get("lost").asInt(), "none lost: " + result.out());
        assertEquals(0, summary.get("queuedBefore").asInt(), result.out());
        assertTrue(result.err().contains("error: 4 events not delivered within 500 ms"), result.err());
        assertTrue(result.err().lines().allMatch(line -> line.startsWith("error: ") || line.startsWith("warning: ")),
                "one line per message: " + result.err());

        // the events kept in the database go out with the next send through it, counted apart from the new one
        try (TestReceivers.Lines receiver = new TestReceivers.Lines()) {
            CliRunner.Result next = cli.run("send", "--host", "127.0.0.1", "--port", "" + receiver.port(),
                    "--database", db.toString(), "--count", "1", "--message", "one more");
            assertEquals(0, next.exitCode(), next.both());
            assertEquals("sent 5 events to tcp://127.0.0.1:" + receiver.port() + " (1 requested, 4 queued before in "
                    + db + "), failed 0", next.out().strip(), "not 'sent 5 of 1 events'");
            await(Duration.ofSeconds(5), () -> receiver.lines.size() == 5, "4 kept events and the new one");
        }
    }

    @Test
    void aMemoryQueueReportsWhatItLostAndTheTimeoutBoundsTheWholeCommand() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long start = System.nanoTime();
        CliRunner.Result result = cli.run("send", "--host", "127.0.0.1", "--port", "" + closedPort, "--timeout", "2s",
                "--json");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ExitCodes.SEND_FAILED, result.exitCode(), result.both());
        JsonNode summary = JSON.readTree(result.out());
        assertEquals(0, summary.get("remaining").asInt(), "a memory queue keeps nothing: " + result.out());
        assertEquals(4, summary.get("lost").asInt(), "the four events are lost: " + result.out());
        assertTrue(millis < 2_400, "--timeout 2s bounds the whole command, closing included: " + millis + " ms");

        CliRunner.Result slow = cli.run("send", "--host", "127.0.0.1", "--port", "" + closedPort, "--count", "100",
                "--rate", "10", "--timeout", "1s", "--json");
        assertEquals(ExitCodes.SEND_FAILED, slow.exitCode(), slow.both());
        JsonNode cut = JSON.readTree(slow.out());
        assertTrue(cut.get("logged").asInt() < 20, "logging stopped at the deadline: " + slow.out());
        assertTrue(slow.err().contains("not delivered within 1 s"), slow.err());
    }

    @Test
    void invalidOptionsAreUsageErrorsNamingTheFlag() {
        CliRunner.Result tlsOnUdp = cli.run("send", "--transport", "udp", "--ssl-enable");
        assertEquals(ExitCodes.USAGE, tlsOnUdp.exitCode(), tlsOnUdp.both());
        assertTrue(tlsOnUdp.err().contains("--ssl-enable"), tlsOnUdp.err());

        CliRunner.Result pathOnTcp = cli.run("send", "--path", "/x");
        assertEquals(ExitCodes.USAGE, pathOnTcp.exitCode(), pathOnTcp.both());
        assertTrue(pathOnTcp.err().contains("--path"), pathOnTcp.err());

        CliRunner.Result badExtra = cli.run("send", "--extra", "x={broken");
        assertEquals(ExitCodes.USAGE, badExtra.exitCode(), badExtra.both());
        assertTrue(badExtra.err().contains("--extra x"), badExtra.err());

        CliRunner.Result missingCa = cli.run("send", "--ssl-enable", "--ca-certs", dir.resolve("none.pem").toString());
        assertEquals(ExitCodes.USAGE, missingCa.exitCode(), missingCa.both());
        assertTrue(missingCa.err().contains("--ca-certs"), missingCa.err());
    }
}
