package io.github.logstashasync.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --password} without a value, in a real pseudo-terminal ({@code script} from util-linux): the question
 * and the answer go through the terminal, without echo, also when standard output is a file; without a
 * controlling terminal ({@code setsid}) the tool refuses instead of reading standard input.
 */
class TerminalPasswordTest {

    private static final Path LAUNCHER = Path.of(System.getProperty("dist.directory", "target"),
            "logstash-async", "bin", "logstash-async");
    private static final String SECRET = "typed-at-a-tty-42";

    @TempDir
    Path work;

    private HttpServer receiver;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void httpReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private String send(String redirect) {
        return "'" + LAUNCHER + "' send --transport http --host 127.0.0.1 --port " + receiver.getAddress().getPort()
                + " --username app --password --json" + redirect;
    }

    private String expectedAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(("app:" + SECRET).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theQuestionIsOnTheTerminalAndTheAnswerIsNotEchoedWhileStandardOutputIsAFile() throws Exception {
        Path out = work.resolve("summary.json");
        Terminal terminal = inTerminal(send(" > '" + out + "'"));
        assertEquals(0, terminal.exitCode(), terminal.screen());
        assertTrue(terminal.screen().contains("Password for --password: "), "asked on the terminal: " + terminal.screen());
        assertFalse(terminal.screen().contains(SECRET), "the answer is not echoed: " + terminal.screen());
        String json = Files.readString(out);
        assertTrue(json.startsWith("{") && json.contains("\"sent\" : 4"), "standard output is the JSON alone: " + json);
        assertEquals(expectedAuthorization(), authorizations.get(0));
    }

    @Test
    void theQuestionIsOnTheConsoleWhenStandardOutputIsTheTerminal() throws Exception {
        Terminal terminal = inTerminal(send(""));
        assertEquals(0, terminal.exitCode(), terminal.screen());
        assertTrue(terminal.screen().contains("Password for --password: "), terminal.screen());
        assertFalse(terminal.screen().contains(SECRET), "the answer is not echoed: " + terminal.screen());
        assertTrue(terminal.screen().contains("\"sent\" : 4"), terminal.screen());
        assertEquals(expectedAuthorization(), authorizations.get(0));
    }

    @Test
    void withoutAControllingTerminalItRefusesAndReadsNoStandardInput() throws Exception {
        List<String> command = new ArrayList<>(List.of(tool("setsid"), "--wait", "sh", "-c", send("")));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((SECRET + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "ended");
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue(), err);
        assertTrue(err.contains("--password has no value and there is no terminal to ask for it on"), err);
        assertEquals(List.of(), authorizations, "nothing was sent with what standard input held");
    }

    /** What the terminal showed, and the command's exit code. */
    private record Terminal(int exitCode, String screen) {
    }

    /** Runs {@code shellCommand} in a new pseudo-terminal and types the password once the question is on it. */
    private Terminal inTerminal(String shellCommand) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(tool("script"), "--quiet", "--return", "--flush", "--command",
                shellCommand, "/dev/null").directory(work.toFile()).redirectErrorStream(true);
        Map<String, String> env = new HashMap<>(builder.environment());
        env.remove("JAVA_OPTS");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), screen), "terminal-reader");
        reader.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!text(screen).contains("Password for --password: ")) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                process.destroyForcibly();
                throw new AssertionError("no question on the terminal: " + text(screen));
            }
            Thread.sleep(20);
        }
        OutputStream keyboard = process.getOutputStream();
        keyboard.write((SECRET + "\r").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not end: " + text(screen));
        }
        reader.join(5000);
        keyboard.close();
        return new Terminal(process.exitValue(), text(screen));
    }

    private static String text(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream to) {
        byte[] buffer = new byte[4096];
        try (in) {
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                synchronized (to) {
                    to.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the terminal closed
        }
    }

    /** A util-linux tool (Debian's essential packages have them); the test fails, not skips, without it. */
    private static String tool(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(name + " (util-linux) is needed for this test; apt-get install util-linux bsdutils");
    }
}
