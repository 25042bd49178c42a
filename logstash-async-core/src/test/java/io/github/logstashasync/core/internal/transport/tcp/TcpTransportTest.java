package io.github.logstashasync.core.internal.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.core.internal.transport.tcp.LineReceiver.Behaviour;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TcpTransportTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final Transport.Rejections NO_REJECTIONS = (index, reason) -> {
        throw new AssertionError("tcp must not reject event " + index + ": " + reason);
    };

    static TransportSettings settings(int port, Charset charset, Duration timeout, Duration closeWait) {
        return new TransportSettings("127.0.0.1", port, charset, timeout, closeWait,
                PipelineSettings.DEFAULT_BEATS_BATCH_SIZE, null, null);
    }

    private static Transport transport(int port) {
        return new TcpTransportProvider().create(settings(port, null, Duration.ofSeconds(5), Duration.ofSeconds(5)), null);
    }

    @Test
    void batchesArriveAsExactLinesOverOneReusedConnection() throws Exception {
        try (LineReceiver receiver = LineReceiver.start(StandardCharsets.UTF_8, Behaviour.READ_LINES);
                Transport transport = transport(receiver.port())) {
            List<String> first = List.of("{\"message\":\"Grüße, 世界 😀\"}", "{\"message\":\"two\"}");
            List<String> second = List.of("{\"message\":\"three\"}");
            transport.send(first, NO_REJECTIONS);
            assertEquals(first, receiver.take(2), "the first batch, one line per event, UTF-8 intact");
            transport.send(second, NO_REJECTIONS);
            assertEquals(second, receiver.take(1), "the second batch");
            assertEquals(1, receiver.accepts(), "both batches over one connection");
        }
    }

    @Test
    void linesAreEncodedWithTheConfiguredCharset() throws Exception {
        Charset latin1 = StandardCharsets.ISO_8859_1;
        try (LineReceiver receiver = LineReceiver.start(latin1, Behaviour.READ_LINES);
                Transport transport = new TcpTransportProvider().create(
                        settings(receiver.port(), latin1, Duration.ofSeconds(5), Duration.ofSeconds(5)), null)) {
            List<String> events = List.of("{\"message\":\"Grüße café ½\"}");
            transport.send(events, NO_REJECTIONS);
            assertEquals(events, receiver.take(1), "one byte per character in ISO-8859-1, decoded back as sent");
        }
    }

    @Test
    void reconnectsWhenTheReceiverClosedTheIdleConnection() throws Exception {
        try (LineReceiver receiver = LineReceiver.start(StandardCharsets.UTF_8, Behaviour.READ_LINES);
                Transport transport = transport(receiver.port())) {
            transport.send(List.of("{\"n\":1}"), NO_REJECTIONS);
            assertEquals(List.of("{\"n\":1}"), receiver.take(1), "the first batch");
            receiver.closeConnections();
            // idle for real: a close in order sooner after a write counts as a drop (see TcpReplayTest)
            Thread.sleep(TcpTransport.QUIET.toMillis());
            transport.send(List.of("{\"n\":2}"), NO_REJECTIONS);
            assertEquals(List.of("{\"n\":2}"), receiver.take(1), "the batch after the idle close is not lost");
            assertEquals(2, receiver.accepts(), "a new connection after the receiver closed the first");
        }
    }

    @Test
    void reconnectsAfterTheReceiverRestartsOnTheSamePort() throws Exception {
        LineReceiver first = LineReceiver.start(StandardCharsets.UTF_8, Behaviour.READ_LINES);
        int port = first.port();
        try (Transport transport = transport(port)) {
            transport.send(List.of("{\"n\":1}"), NO_REJECTIONS);
            assertEquals(List.of("{\"n\":1}"), first.take(1), "before the restart");
            first.close();
            Thread.sleep(TcpTransport.QUIET.toMillis()); // an idle restart, not a drop (see TcpReplayTest)
            try (LineReceiver second = LineReceiver.start(LineReceiver.bind(port, Behaviour.READ_LINES),
                    StandardCharsets.UTF_8, Behaviour.READ_LINES)) {
                transport.send(List.of("{\"n\":2}"), NO_REJECTIONS);
                assertEquals(List.of("{\"n\":2}"), second.take(1), "the restarted receiver gets the next batch");
                assertEquals(1, second.accepts(), "one connection to the restarted receiver");
            }
        }
    }

    @Test
    void refusedConnectionFailsFastAsRetryable() throws Exception {
        int port = freePort();
        try (Transport transport = transport(port)) {
            TransportException e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(TransportException.class,
                    () -> transport.send(List.of("{}"), NO_REJECTIONS), "nothing listens on port " + port));
            assertTrue(e.retryable(), "a refused connection may succeed later");
            assertTrue(e.getMessage().contains("cannot connect to 127.0.0.1:" + port), e.getMessage());
        }
    }

    @Test
    void aReceiverThatStopsReadingFailsTheBatchAfterTheTimeoutInsteadOfHanging() throws Exception {
        try (LineReceiver receiver = LineReceiver.start(StandardCharsets.UTF_8, Behaviour.NEVER_READ);
                Transport transport = new TcpTransportProvider().create(
                        settings(receiver.port(), null, Duration.ofMillis(300), Duration.ZERO), null)) {
            List<String> huge = bigBatch();
            TransportException e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(TransportException.class,
                    () -> transport.send(huge, NO_REJECTIONS), "12 MiB cannot fit into the buffers of a stalled peer"));
            assertTrue(e.retryable(), "a stalled receiver may recover");
            assertTrue(e.getMessage().contains("no progress"), "the message names the stall: " + e.getMessage());
        }
    }

    @Test
    void aReceiverThatClosesMidBatchFailsTheBatchAsRetryable() throws Exception {
        try (LineReceiver receiver = LineReceiver.start(StandardCharsets.UTF_8, Behaviour.CLOSE_AFTER_FIRST_READ);
                Transport transport = transport(receiver.port())) {
            List<String> huge = bigBatch();
            TransportException e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(TransportException.class,
                    () -> transport.send(huge, NO_REJECTIONS), "the receiver reset the connection mid-batch"));
            assertTrue(e.retryable(), "sending the batch again may succeed");
        }
    }

    @Test
    void closeWaitsForTheReceiverToCloseButNoLongerThanTheCloseWait() throws Exception {
        Duration closeWait = Duration.ofMillis(300);
        try (LineReceiver receiver = LineReceiver.start(StandardCharsets.UTF_8, Behaviour.READ_LINES_KEEP_OPEN)) {
            Transport transport = new TcpTransportProvider().create(
                    settings(receiver.port(), null, Duration.ofSeconds(5), closeWait), null);
            transport.send(List.of("{\"n\":1}"), NO_REJECTIONS);
            long start = System.nanoTime();
            assertTimeoutPreemptively(HANG_GUARD, transport::close);
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMillis >= 250, "close waited for the receiver that keeps the connection open: "
                    + waitedMillis + " ms");
            assertEquals(List.of("{\"n\":1}"), receiver.take(1), "what was sent before close arrived");
        }
    }

    @Test
    void closeReturnsWhenTheReceiverHasReadEverything() throws Exception {
        try (LineReceiver receiver = LineReceiver.start(StandardCharsets.UTF_8, Behaviour.READ_LINES)) {
            Transport transport = new TcpTransportProvider().create(
                    settings(receiver.port(), null, Duration.ofSeconds(5), Duration.ofMinutes(5)), null);
            List<String> events = new ArrayList<>(Collections.nCopies(1_000, "{\"message\":\"some text\"}"));
            transport.send(events, NO_REJECTIONS);
            assertTimeoutPreemptively(HANG_GUARD, transport::close, "the receiver closes at the end of the stream");
            assertEquals(events, receiver.take(events.size()), "every line arrived before close returned");
        }
    }

    @Test
    void closeNeverThrowsAndSendAfterCloseFails() throws Exception {
        Transport unused = transport(freePort());
        unused.close();
        unused.close();
        TransportException e = assertThrows(TransportException.class, () -> unused.send(List.of("{}"), NO_REJECTIONS),
                "a closed transport sends nothing");
        assertTrue(e.retryable(), "the events stay queued");

        LineReceiver receiver = LineReceiver.start(StandardCharsets.UTF_8, Behaviour.READ_LINES);
        Transport transport = transport(receiver.port());
        transport.send(List.of("{}"), NO_REJECTIONS);
        receiver.take(1);
        receiver.close();
        assertTimeoutPreemptively(HANG_GUARD, transport::close, "close after the receiver went away");
    }

    @Test
    void invalidSettingsFailAtCreateNamingTheOption() {
        TcpTransportProvider provider = new TcpTransportProvider();
        TransportSettings base = settings(5000, null, Duration.ofSeconds(5), Duration.ofSeconds(5));

        InvalidOptionException tls = assertThrows(InvalidOptionException.class,
                () -> provider.create(base.withTls(TlsSettings.builder().enabled(true).build()), null));
        assertEquals("sslEnable", tls.option(), "TLS without a provider names sslEnable");
        assertEquals("Invalid option 'sslEnable': TLS needs the module io.github.logstashasync.transport.ssl"
                + " (artifact logstash-async-transport-ssl) on the module or class path", tls.getMessage());

        InvalidOptionException unknown = assertThrows(InvalidOptionException.class,
                () -> provider.create(base.withOptions(Map.of("maxDatagramSize", "100")), null));
        assertEquals("maxDatagramSize", unknown.option(), "an option tcp does not have is rejected by name");

        InvalidOptionException timeout = assertThrows(InvalidOptionException.class,
                () -> provider.create(settings(5000, null, Duration.ZERO, Duration.ZERO), null));
        assertEquals("socketTimeout", timeout.option(), "a zero socket timeout would mean waiting forever");
    }

    /** 192 events of 64 KiB: more than the kernel buffers of both ends can take. */
    static List<String> bigBatch() {
        String event = "{\"message\":\"" + "x".repeat(64 * 1024 - 16) + "\"}";
        return Collections.nCopies(192, event);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
