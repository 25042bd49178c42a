package io.github.logstashasync.core.internal.transport.beats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The beats transport against the Beats server core of Logstash's beats input. */
class BeatsTransportLogstashTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private LogstashBeatsServer server(int inactivityTimeoutSeconds) throws Exception {
        LogstashBeatsServer server = new LogstashBeatsServer(inactivityTimeoutSeconds);
        closeables.add(server);
        return server;
    }

    private Transport transport(int port, int windowSize, Map<String, String> options) {
        TransportSettings settings = new TransportSettings("127.0.0.1", port, null, null, null, windowSize, null, options);
        Transport transport = new BeatsTransportProvider().create(settings, null);
        closeables.add(transport);
        return transport;
    }

    private void send(Transport transport, List<String> events) throws TransportException, InterruptedException {
        transport.send(events, (index, reason) -> rejected.add(index + ":" + reason));
    }

    static List<String> docs(int first, int count) {
        List<String> docs = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            docs.add("{\"@timestamp\":\"2026-11-23T10:00:00.000Z\",\"message\":\"event " + i + " \u00e9\u2603\\n\","
                    + "\"n\":" + i + ",\"extra\":{\"tags\":[\"a\",\"b\"],\"ok\":true,\"ratio\":0.5}}");
        }
        return docs;
    }

    private static List<Map<String, Object>> parsed(List<String> docs) throws IOException {
        List<Map<String, Object>> result = new ArrayList<>();
        for (String doc : docs) {
            result.add(JSON.readValue(doc, new TypeReference<Map<String, Object>>() { }));
        }
        return result;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(20);
        }
    }

    @ParameterizedTest(name = "compressionLevel {0}")
    @ValueSource(ints = {0, 1, 6, 9})
    void logstashReceivesEveryEventExactlyInWindows(int level) throws Exception {
        LogstashBeatsServer server = server(60);
        Transport transport = transport(server.port(), 3, Map.of("compressionLevel", Integer.toString(level)));
        List<String> first = docs(0, 7);
        List<String> second = docs(7, 2);
        send(transport, first);
        send(transport, second);

        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        assertEquals(parsed(all), server.data(), "Logstash decoded every document exactly, in order");
        assertEquals(List.of(1, 2, 3, 1, 2, 3, 1, 1, 2), server.sequences(), "sequence numbers 1..n per window of 3");
        assertEquals(1, server.openedConnections(), "one persistent connection for both batches");
        assertTrue(rejected.isEmpty(), "nothing rejected");
    }

    @Test
    void defaultWindowIsTheSeedsBeatsBatchSize() throws Exception {
        LogstashBeatsServer server = server(60);
        Transport transport = transport(server.port(), PipelineSettings.DEFAULT_BEATS_BATCH_SIZE, Map.of());
        send(transport, docs(0, 30));
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            expected.add(i);
        }
        for (int i = 1; i <= 5; i++) {
            expected.add(i);
        }
        assertEquals(expected, server.sequences(), "windows of 25, then 5");
    }

    @Test
    void serverStoppedInTheMiddleOfABatchReportsTheAcknowledgedEvents() throws Exception {
        LogstashBeatsServer server = server(60);
        CountDownLatch release = new CountDownLatch(1);
        server.onMessage(message -> {
            if (server.received().size() == 3) {
                // the first event of the second window: stop the server while it is being processed
                Thread stopper = new Thread(() -> {
                    try {
                        server.stop();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "stopper");
                stopper.start();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Transport transport = transport(server.port(), 2, Map.of("readTimeout", "10s"));
        try {
            TransportException e = assertThrows(TransportException.class, () -> send(transport, docs(0, 6)));
            assertTrue(e.retryable(), "a stopped receiver is a retryable failure");
            assertEquals(2, e.delivered(), "only the first window was acknowledged: " + e.getMessage());
        } finally {
            release.countDown();
        }
        TransportException refused = assertThrows(TransportException.class, () -> send(transport, docs(2, 4)));
        assertTrue(refused.retryable(), "the next send reconnects and is refused: retryable");
        assertEquals(0, refused.delivered(), "nothing delivered while the server is down");
    }

    @Test
    void readTimeoutWhenLogstashDoesNotAcknowledge() throws Exception {
        LogstashBeatsServer server = server(60);
        CountDownLatch release = new CountDownLatch(1);
        server.onMessage(message -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Transport transport = transport(server.port(), 5, Map.of("readTimeout", "400ms"));
        try {
            long started = System.nanoTime();
            TransportException e = assertThrows(TransportException.class, () -> send(transport, docs(0, 3)));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(e.retryable(), "a read timeout is retryable");
            assertEquals(0, e.delivered(), "nothing acknowledged");
            assertTrue(e.getMessage().contains("readTimeout"), "names the option: " + e.getMessage());
            assertTrue(tookMillis >= 350 && tookMillis < 4_000, "gave up after about 400 ms, took " + tookMillis + " ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void logstashKeepAlivesExtendTheWaitBeyondTheReadTimeout() throws Exception {
        // Logstash sends ACK 0 when it has written nothing for 5 s while a window is in work. A window whose
        // processing takes 7 s must survive a read timeout of 5.8 s thanks to that keep-alive.
        LogstashBeatsServer server = server(60);
        server.onMessage(message -> {
            if (message.sequence() == 2) {
                try {
                    Thread.sleep(7_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Transport transport = transport(server.port(), 2, Map.of("readTimeout", "5800ms"));
        long started = System.nanoTime();
        send(transport, docs(0, 2));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMillis > 5_800, "the window took longer than the read timeout, " + tookMillis + " ms");
        assertEquals(List.of(1, 2), server.sequences(), "both events received once");
    }

    @Test
    void aConnectionClosedByLogstashWhileIdleIsReplacedWithoutFailure() throws Exception {
        LogstashBeatsServer server = server(1);
        Transport transport = transport(server.port(), 5, Map.of());
        send(transport, docs(0, 2));
        awaitTrue(() -> server.closedConnections() == 1, "Logstash closes the idle connection after 1 s");

        send(transport, docs(2, 3));
        assertEquals(parsed(docs(0, 5)), server.data(), "every event received once");
        assertEquals(2, server.openedConnections(), "a new connection replaced the closed one");
    }
}
