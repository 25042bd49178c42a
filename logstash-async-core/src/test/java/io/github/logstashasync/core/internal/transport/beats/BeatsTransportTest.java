package io.github.logstashasync.core.internal.transport.beats;

import static io.github.logstashasync.core.internal.transport.beats.ScriptedLumberjackServer.ack;
import static io.github.logstashasync.core.internal.transport.beats.ScriptedLumberjackServer.ackAll;
import static io.github.logstashasync.core.internal.transport.beats.ScriptedLumberjackServer.bytes;
import static io.github.logstashasync.core.internal.transport.beats.ScriptedLumberjackServer.hangUp;
import static io.github.logstashasync.core.internal.transport.beats.ScriptedLumberjackServer.pause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The beats transport against a scripted Lumberjack server that answers with chosen ACK sequences. */
class BeatsTransportTest {

    private ScriptedLumberjackServer server;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedLumberjackServer();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        server.close();
    }

    private Transport transport(int windowSize, String... options) {
        return transport(server.port(), windowSize, null, options);
    }

    private Transport transport(int port, int windowSize, Duration socketTimeout, String... options) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i + 1 < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        TransportSettings settings = new TransportSettings("127.0.0.1", port, null, socketTimeout, null, windowSize, null,
                map);
        Transport transport = new BeatsTransportProvider().create(settings, null);
        closeables.add(transport);
        return transport;
    }

    private void send(Transport transport, List<String> events) throws TransportException, InterruptedException {
        transport.send(events, (index, reason) -> rejected.add(index + ":" + reason));
    }

    private static List<String> docs(int first, int count) {
        return BeatsTransportLogstashTest.docs(first, count);
    }

    private static List<Long> sequences(List<ScriptedLumberjackServer.Received> received) {
        return received.stream().map(ScriptedLumberjackServer.Received::sequence).toList();
    }

    @Test
    void compressedWindowsCarryTheExactDocuments() throws Exception {
        send(transport(4), docs(0, 6));
        assertEquals(docs(0, 6), server.payloads(), "payloads are the documents as they are");
        assertEquals(List.of(1L, 2L, 3L, 4L, 1L, 2L), sequences(server.received()), "sequence 1..n per window");
        assertEquals(2, server.compressedFrames(), "one compressed frame per window by default");
    }

    @Test
    void levelZeroSendsPlainJsonFrames() throws Exception {
        send(transport(4, "compressionLevel", "0"), docs(0, 6));
        assertEquals(docs(0, 6), server.payloads(), "payloads are the documents as they are");
        assertEquals(0, server.compressedFrames(), "no compressed frame at level 0");
        assertEquals(2, server.windows(), "two windows");
    }

    @Test
    void keepAlivesRestartTheReadTimeout() throws Exception {
        // four pauses of 300 ms with a keep-alive after each: 1.2 s in all, with a read timeout of 700 ms
        server.reply(pause(300), ack(0), pause(300), ack(0), pause(300), ack(0), pause(300), ackAll());
        send(transport(3, "readTimeout", "700ms"), docs(0, 3));
        assertEquals(3, server.received().size(), "window delivered");
    }

    @Test
    void withoutKeepAlivesTheSameWaitTimesOut() {
        server.reply(pause(1_200), ackAll());
        Transport transport = transport(3, "readTimeout", "700ms");
        TransportException e = assertThrows(TransportException.class, () -> send(transport, docs(0, 3)));
        assertTrue(e.retryable(), "a read timeout is retryable");
        assertEquals(0, e.delivered(), "nothing acknowledged");
        assertTrue(e.getMessage().contains("no ACK frame within PT0.7S (readTimeout)"), "says why: " + e.getMessage());
    }

    @Test
    void partialAcksAdvanceUntilTheLastSequence() throws Exception {
        server.reply(ack(1), ack(0), ack(3), ack(5));
        send(transport(5), docs(0, 5));
        assertEquals(5, server.received().size(), "window delivered after partial ACKs");
    }

    @Test
    void aPartialAckThenAClosedConnectionDeliversTheAcknowledgedPart() throws Exception {
        server.reply(ackAll()).reply(ack(2), hangUp());
        Transport transport = transport(3);
        TransportException e = assertThrows(TransportException.class, () -> send(transport, docs(0, 7)));
        assertTrue(e.retryable(), "a closed connection is retryable");
        assertEquals(5, e.delivered(), "first window of 3 plus 2 acknowledged of the second");
        assertTrue(e.getMessage().contains("after 2 of them were acknowledged"), "says how far: " + e.getMessage());

        send(transport, docs(5, 2));
        assertEquals(2, server.connections(), "the next send reconnects");
        assertEquals(docs(5, 2), server.payloads().subList(6, 8), "the rest arrives on the new connection");
    }

    @Test
    void aReusedConnectionFoundClosedIsReplacedOnceAtOnce() throws Exception {
        server.reply(ackAll()).reply(hangUp()).reply(hangUp());
        Transport transport = transport(3);
        send(transport, docs(0, 3));

        // the kept connection is closed when the next batch starts: one immediate retry on a new connection,
        // which fails too, so the failure goes to the worker
        TransportException e = assertThrows(TransportException.class, () -> send(transport, docs(3, 3)));
        assertEquals(0, e.delivered(), "nothing acknowledged");
        assertEquals(2, server.connections(), "one retry on a new connection, not more");
        assertEquals(1, e.getCause().getSuppressed().length, "the first failure is kept as suppressed");

        send(transport, docs(6, 3));
        assertEquals(3, server.connections(), "the next batch connects again");
        assertEquals(docs(6, 3), server.payloads().subList(9, 12), "and is delivered");
    }

    @Test
    void staleAcksFromBeforeDoNotConfirmMore() throws Exception {
        server.reply(ack(2), ack(1), ack(2), ack(4));
        send(transport(4), docs(0, 4));
        assertEquals(1, server.connections(), "one connection");
    }

    @Test
    void anAckBeyondTheWindowIsAProtocolError() {
        server.reply(ack(9));
        Transport transport = transport(3);
        TransportException e = assertThrows(TransportException.class, () -> send(transport, docs(0, 3)));
        assertTrue(e.retryable(), "retryable: the receiver may be fixed");
        assertEquals(0, e.delivered(), "nothing confirmed by a nonsense ACK");
        assertTrue(e.getMessage().contains("ACK for sequence 9 in a window of 3"), "says why: " + e.getMessage());
    }

    @Test
    void somethingElseThanAnAckIsAProtocolError() {
        server.reply(bytes((byte) 'H', (byte) 'T', (byte) 'T', (byte) 'P', (byte) '/', (byte) '1'));
        Transport transport = transport(3);
        TransportException e = assertThrows(TransportException.class, () -> send(transport, docs(0, 3)));
        assertTrue(e.getMessage().contains("expected an ACK frame '2' 'A', got bytes 0x48 0x54"), "says why: " + e.getMessage());
    }

    @Test
    void connectionRefusedIsRetryable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Transport transport = transport(closedPort, 3, null);
        TransportException e = assertThrows(TransportException.class, () -> send(transport, docs(0, 3)));
        assertTrue(e.retryable(), "refused is retryable");
        assertEquals(0, e.delivered(), "nothing delivered");
        assertTrue(e.getMessage().contains("127.0.0.1:" + closedPort), "names the receiver: " + e.getMessage());
    }

    @Test
    void aFullBacklogTimesOutTheConnectAfterTheSocketTimeout() throws Exception {
        // a listening socket that never accepts: once its backlog is full, the kernel drops further SYNs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket filler = new Socket();
                    fillers.add(filler);
                    try {
                        filler.connect(full.getLocalSocketAddress(), 200);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                }
                Transport transport = transport(full.getLocalPort(), 3, Duration.ofMillis(300));
                TransportException e = assertThrows(TransportException.class, () -> send(transport, docs(0, 3)));
                assertTrue(e.retryable(), "a connect timeout is retryable");
                assertTrue(e.getMessage().contains("SocketTimeoutException: Connect timed out"), "says why: " + e.getMessage());
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void aReceiverThatStopsReadingCannotHoldTheWorker() throws Exception {
        // the kernel accepts the connection into the backlog, but nobody ever reads from it
        try (ServerSocket silent = new ServerSocket()) {
            // a small receive buffer (set before bind, so accepted connections get it) fills up quickly
            silent.setReceiveBufferSize(4096);
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            Transport transport = transport(silent.getLocalPort(), 1, Duration.ofMillis(500), "compressionLevel", "0");
            String huge = "{\"message\":\"" + "z".repeat(16 << 20) + "\"}";
            long started = System.nanoTime();
            TransportException e = assertThrows(TransportException.class, () -> send(transport, List.of(huge)));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(e.retryable(), "retryable");
            assertTrue(e.getMessage().contains("the receiver took no data for PT0.5S"), "says why: " + e.getMessage());
            assertTrue(tookMillis < 10_000, "the write gave up, after " + tookMillis + " ms");
        }
    }

    @Test
    void anInterruptedWorkerStopsBeforeSending() {
        Transport transport = transport(3);
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedException.class, () -> send(transport, docs(0, 3)));
        } finally {
            Thread.interrupted();
        }
        assertEquals(0, server.connections(), "nothing sent");
    }

    @Test
    void invalidOptionsNameTheOption() {
        assertEquals("compressionLevel", assertThrows(InvalidOptionException.class,
                () -> transport(3, "compressionLevel", "10")).option(), "level out of range");
        assertEquals("readTimeout", assertThrows(InvalidOptionException.class,
                () -> transport(3, "readTimeout", "forever")).option(), "unparsable duration");
        assertEquals("readTimeout", assertThrows(InvalidOptionException.class,
                () -> transport(3, "readTimeout", "0")).option(), "zero duration");
        assertEquals("compression", assertThrows(InvalidOptionException.class,
                () -> transport(3, "compression", "6")).option(), "unknown option");
    }

    @Test
    void tlsWithoutTheSslModuleFailsAtCreate() {
        TransportSettings settings = TransportSettings.of("127.0.0.1", server.port())
                .withTls(TlsSettings.builder().enabled(true).build());
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> new BeatsTransportProvider().create(settings, null));
        assertEquals("sslEnable", e.option(), "names sslEnable");
    }

    @Test
    void providerFacts() {
        BeatsTransportProvider provider = new BeatsTransportProvider();
        assertEquals("beats", provider.id(), "id");
        assertTrue(provider.supportsTls(), "supports TLS");
        assertEquals(BeatsOptions.NAMES, provider.optionNames(), "option names");
    }
}
