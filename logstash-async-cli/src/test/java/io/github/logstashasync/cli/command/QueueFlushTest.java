package io.github.logstashasync.cli.command;

import static io.github.logstashasync.cli.command.TestReceivers.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code queue flush}: drains a Python-written queue to a receiver, with progress, stoppable and resumable. */
class QueueFlushTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    private Path pythonQueue(int events) throws Exception {
        Path db = dir.resolve("queue-" + events + ".db");
        List<String> texts = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            texts.add(PythonDatabase.event("INFO", "queued by python", i));
        }
        PythonDatabase.create(db, texts);
        return db;
    }

    private JsonNode stats(Path db) throws IOException {
        CliRunner.Result result = cli.run("queue", "stats", db.toString(), "--json");
        assertEquals(0, result.exitCode(), result.both());
        return JSON.readTree(result.out());
    }

    private static Set<Integer> sequences(List<String> lines) throws IOException {
        Set<Integer> seen = new HashSet<>();
        for (String line : List.copyOf(lines)) {
            seen.add(JSON.readTree(line).get("extra").get("seq").asInt());
        }
        return seen;
    }

    @Test
    void drains100000EventsWithAProgressBar() throws Exception {
        int events = 100_000;
        Path db = pythonQueue(events);
        try (TestReceivers.Lines receiver = new TestReceivers.Lines()) {
            CliRunner.Result result = cli.run("queue", "flush", db.toString(), "--host", "127.0.0.1", "--port",
                    "" + receiver.port(), "--progress", "bar", "--json");
            assertEquals(0, result.exitCode(), result.both());
            JsonNode summary = JSON.readTree(result.out());
            assertEquals(events, summary.get("delivered").asInt(), result.out());
            assertEquals(0, summary.get("remaining").asInt());
            assertTrue(result.err().contains("\r[##############################] 100% 100,000/100,000 delivered"),
                    "a bar redrawn in place, complete at the end: " + result.err().substring(
                            Math.max(0, result.err().length() - 300)));
            await(Duration.ofSeconds(10), () -> receiver.lines.size() >= events, "100,000 lines at the receiver");
            assertEquals(events, sequences(receiver.lines).size(), "every event once");
            assertEquals(0, stats(db).get("queued").asInt());
            // the number for the README: how fast a drain of a Python-written queue over TCP goes on this machine
            System.out.println(String.format(Locale.ROOT, "DRAIN RATE: %,d events in %.2f s = %,d events/s",
                    events, summary.get("seconds").asDouble(), summary.get("eventsPerSecond").asLong()));
        }
    }

    @Test
    void ctrlCStopsAfterTheBatchInHandAndTheNextFlushResumes() throws Exception {
        int events = 30_000;
        Path db = pythonQueue(events);
        try (GatedReceiver receiver = new GatedReceiver()) {
            CompletableFuture<CliRunner.Result> flushing = cli.start("queue", "flush", db.toString(), "--host",
                    "127.0.0.1", "--port", "" + receiver.port(), "--progress", "lines", "--progress-interval", "100ms");
            // the receiver reads nothing yet: the drain blocks with a batch in flight once the socket buffers are full
            await(Duration.ofSeconds(20), () -> cli.stoppable() && inFlight(db) > 0, "a batch in flight");
            CompletableFuture<Void> ctrlC = CompletableFuture.runAsync(cli::stop);
            Thread.sleep(100);
            receiver.open();
            CliRunner.Result stopped = flushing.get(20, TimeUnit.SECONDS);
            ctrlC.get(10, TimeUnit.SECONDS);
            assertEquals(ExitCodes.INTERRUPTED, stopped.exitCode(), stopped.both());
            assertTrue(stopped.err().contains("events remain queued (nothing claimed is kept); run the same command again"
                    + " to resume"), stopped.err());
            assertTrue(stopped.out().startsWith("delivered "), "the final line of figures: " + stopped.out());
            assertTrue(stopped.err().contains("flush: "), "progress lines when not on a terminal: " + stopped.err());
            JsonNode after = stats(db);
            assertEquals(0, after.get("inFlight").asInt(), "nothing left claimed: " + after);
            long left = after.get("queued").asLong();
            assertTrue(left > 0 && left < events, "stopped part-way: " + after);

            CliRunner.Result resumed = cli.run("queue", "flush", db.toString(), "--host", "127.0.0.1", "--port",
                    "" + receiver.port(), "--progress", "none");
            assertEquals(0, resumed.exitCode(), resumed.both());
            assertTrue(resumed.out().contains(String.format(Locale.ROOT, "delivered %,d events", left)), resumed.out());
            await(Duration.ofSeconds(10), () -> receiver.lines.size() >= events, "every event at the receiver");
            assertEquals(events, sequences(receiver.lines).size(), "every event arrived, none lost");
        }
    }

    @Test
    void givesUpOnAReceiverThatIsDownAndKeepsTheEvents() throws Exception {
        Path db = pythonQueue(20);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliRunner.Result result = cli.run("queue", "flush", db.toString(), "--host", "127.0.0.1", "--port",
                "" + closedPort, "--max-retries", "1", "--retry-initial-delay", "10ms", "--progress", "none");
        assertEquals(ExitCodes.SEND_FAILED, result.exitCode(), result.both());
        assertTrue(result.err().startsWith("error: gave up after 2 failed sends in a row"), result.err());
        assertTrue(result.err().strip().endsWith("20 events remain queued"), result.err());
        JsonNode after = stats(db);
        assertEquals(20, after.get("queued").asInt(), "nothing lost: " + after);
        assertEquals(0, after.get("inFlight").asInt());
    }

    @Test
    void eventsTheReceiverCanNeverTakeMoveToFailed() throws Exception {
        Path db = pythonQueue(5);
        try (TestReceivers.Datagrams receiver = new TestReceivers.Datagrams()) {
            CliRunner.Result result = cli.run("queue", "flush", db.toString(), "--transport", "udp", "--host",
                    "127.0.0.1", "--port", "" + receiver.port(), "--max-datagram-size", "64", "--progress", "none",
                    "--json");
            assertEquals(ExitCodes.SEND_FAILED, result.exitCode(), result.both());
            assertEquals(5, JSON.readTree(result.out()).get("failed").asInt(), result.out());
            assertEquals(5, stats(db).get("failed").asInt());
            CliRunner.Result failed = cli.run("queue", "list", db.toString(), "--state", "failed", "--json");
            assertTrue(JSON.readTree(failed.out()).get("events").get(0).get("note").asString().contains("64"),
                    "the reason names the limit: " + failed.out());
        }
    }

    private long inFlight(Path db) {
        try {
            return stats(db).get("inFlight").asLong();
        } catch (IOException e) {
            return 0;
        }
    }

    /** A json_lines receiver that reads nothing until {@link #open()}. */
    static final class GatedReceiver implements AutoCloseable {
        // not copy-on-write: 100,000 appends to one would make the receiver the bottleneck
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final ServerSocket server;
        private final CountDownLatch gate = new CountDownLatch(1);

        GatedReceiver() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread reader = new Thread(() -> read(socket), "gated-reader");
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "gated-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void read(Socket socket) {
            try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8))) {
                gate.await(30, TimeUnit.SECONDS);
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException | InterruptedException e) {
                // connection over
            }
        }

        void open() {
            gate.countDown();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            gate.countDown();
            server.close();
        }
    }
}
