package io.github.logstashasync.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords the same way in every command: LOGSTASH_ASYNC_PASSWORD where the password is used ({@code send},
 * {@code queue flush}, {@code listen}), the question on the terminal and never on standard output, an error where
 * there is no terminal (standard input is never read for it), and never an empty password.
 */
class PasswordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENV = "LOGSTASH_ASYNC_PASSWORD";

    @TempDir
    Path dir;

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> sendHttp(int port, String... more) {
        List<String> args = new ArrayList<>(List.of("send", "--transport", "http", "--host", "127.0.0.1",
                "--port", "" + port, "--username", "app", "--timeout", "10s"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void sendAndQueueFlushTakeThePasswordFromTheEnvironment() throws Exception {
        CliRunner cli = new CliRunner().env(Map.of(ENV, "from-the-env-1"));
        try (TestReceivers.Http receiver = new TestReceivers.Http()) {
            CliRunner.Result sent = cli.run(sendHttp(receiver.port()).toArray(String[]::new));
            assertEquals(0, sent.exitCode(), sent.both());
            assertEquals(basic("app", "from-the-env-1"), receiver.authorizations.get(0), "send used the variable");

            Path db = dir.resolve("python.db");
            PythonDatabase.create(db, List.of(PythonDatabase.event("INFO", "to flush", 1)));
            receiver.authorizations.clear();
            CliRunner.Result flushed = cli.run("queue", "flush", db.toString(), "--transport", "http", "--host",
                    "127.0.0.1", "--port", "" + receiver.port(), "--username", "app", "--progress", "none");
            assertEquals(0, flushed.exitCode(), flushed.both());
            assertEquals(List.of(basic("app", "from-the-env-1")), List.copyOf(receiver.authorizations),
                    "queue flush used the variable");
            assertTrue(cli.questions.isEmpty(), "nobody was asked: " + cli.questions);
            assertFalse((sent.both() + flushed.both()).contains("from-the-env-1"), "never printed");
        }
    }

    @Test
    void theQuestionGoesToTheTerminalAndTheJsonOutputStaysJson() throws Exception {
        CliRunner cli = new CliRunner().answer("typed-at-the-terminal");
        try (TestReceivers.Http receiver = new TestReceivers.Http()) {
            CliRunner.Result sent = cli.run(sendHttp(receiver.port(), "--password", "--json").toArray(String[]::new));
            assertEquals(0, sent.exitCode(), sent.both());
            JsonNode summary = JSON.readTree(sent.out());
            assertEquals(4, summary.get("sent").asInt(), "standard output is the JSON document alone: " + sent.out());
            assertEquals(List.of("Password for --password: "), cli.questions, "asked once, on the terminal");
            assertEquals(basic("app", "typed-at-the-terminal"), receiver.authorizations.get(0));
            assertFalse(sent.both().contains("Password") || sent.both().contains("typed-at-the-terminal"),
                    "neither question nor answer on stdout or stderr: " + sent.both());
        }
    }

    @Test
    void withoutATerminalTheFlagWithoutValueIsAnErrorAndStandardInputIsNotRead() throws Exception {
        try (TestReceivers.Http receiver = new TestReceivers.Http()) {
            CliRunner cli = new CliRunner().input("piped-not-a-password\n");
            CliRunner.Result sent = cli.run(sendHttp(receiver.port(), "--password").toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, sent.exitCode(), sent.both());
            assertTrue(sent.err().contains("error: --password has no value and there is no terminal to ask for it on;"
                    + " give --password=PASSWORD or set LOGSTASH_ASYNC_PASSWORD"), sent.err());
            assertEquals(List.of(), List.copyOf(receiver.bodies), "nothing was sent");

            CliRunner.Result fallback = new CliRunner().env(Map.of(ENV, "env-when-no-tty"))
                    .run(sendHttp(receiver.port(), "--password").toArray(String[]::new));
            assertEquals(0, fallback.exitCode(), "without a terminal the variable answers: " + fallback.both());
            assertEquals(basic("app", "env-when-no-tty"), receiver.authorizations.get(0));
        }
    }

    @Test
    void anEmptyPasswordIsNeverUsed() throws Exception {
        try (TestReceivers.Http receiver = new TestReceivers.Http()) {
            int port = receiver.port();
            Map<String, CliRunner.Result> runs = Map.of(
                    "an empty answer", new CliRunner().answer("").run(sendHttp(port, "--password").toArray(String[]::new)),
                    "an empty value", new CliRunner().run(sendHttp(port, "--password=").toArray(String[]::new)),
                    "an empty variable", new CliRunner().env(Map.of(ENV, "")).run(sendHttp(port).toArray(String[]::new)),
                    "no password at all", new CliRunner().run(sendHttp(port).toArray(String[]::new)));
            runs.forEach((what, result) -> {
                assertEquals(ExitCodes.USAGE, result.exitCode(), what + ": " + result.both());
                assertTrue(result.err().contains("password"), what + " says so: " + result.err());
            });
            assertEquals(List.of(), List.copyOf(receiver.bodies), "nothing was sent with an empty password");
        }
    }

    @Test
    void listenWithAUserNeedsARealPasswordAndTakesTheVariable() throws Exception {
        CliRunner.Result noTerminal = new CliRunner().input("\n").run("listen", "http", "--port", "0", "--username",
                "app", "--password", "--timeout", "1s");
        assertEquals(ExitCodes.USAGE, noTerminal.exitCode(), "no empty password from stdin: " + noTerminal.both());
        assertTrue(noTerminal.err().contains("there is no terminal to ask for it on"), noTerminal.err());
        CliRunner.Result none = new CliRunner().run("listen", "http", "--port", "0", "--username", "app", "--timeout", "1s");
        assertEquals(ExitCodes.USAGE, none.exitCode(), none.both());
        assertTrue(none.err().contains("--username needs a password"), none.err());

        CliRunner cli = new CliRunner().env(Map.of(ENV, "listen-secret"));
        CompletableFuture<CliRunner.Result> listening = cli.start("listen", "http", "--port", "0", "--username", "app",
                "--count", "1", "--timeout", "20s", "--raw");
        InetSocketAddress address = cli.awaitListening(Duration.ofSeconds(10));
        assertEquals(401, post(address, basic("app", "")), "an empty password is refused");
        assertEquals(401, post(address, basic("app", "wrong")), "a wrong one too");
        assertEquals(200, post(address, basic("app", "listen-secret")), "the variable's is the password");
        CliRunner.Result result = listening.get(20, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), result.both());
        assertEquals("{\"message\":\"authorized\"}", result.out().strip());
    }

    @Test
    void anExportedVariableDoesNotDisturbCommandsThatUseNoPassword() throws Exception {
        CliRunner cli = new CliRunner().env(Map.of(ENV, "for-some-other-command"));
        try (TestReceivers.Lines receiver = new TestReceivers.Lines()) {
            CliRunner.Result sent = cli.run("send", "--host", "127.0.0.1", "--port", "" + receiver.port());
            assertEquals(0, sent.exitCode(), "tcp takes no password: " + sent.both());
        }
        CompletableFuture<CliRunner.Result> listening = cli.start("listen", "tcp", "--port", "0", "--timeout", "1s");
        cli.awaitListening(Duration.ofSeconds(10));
        CliRunner.Result listened = listening.get(20, TimeUnit.SECONDS);
        assertEquals(0, listened.exitCode(), "listen tcp ignores the variable: " + listened.both());
    }

    private static int post(InetSocketAddress address, String authorization) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + address.getPort() + "/")
                .toURL().openConnection();
        try {
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Authorization", authorization);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setDoOutput(true);
            try (OutputStream body = connection.getOutputStream()) {
                body.write("[{\"message\":\"authorized\"}]".getBytes(StandardCharsets.UTF_8));
            }
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }
}
