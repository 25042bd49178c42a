package io.github.logstashasync.core.internal.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.core.internal.transport.tcp.LineReceiver.Behaviour;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tcp transport over TLS, against a JDK TLS server with self-signed certificates. */
class TcpTlsTransportTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final Transport.Rejections NO_REJECTIONS = (index, reason) -> {
        throw new AssertionError("tcp must not reject event " + index + ": " + reason);
    };

    @TempDir
    static Path dir;
    private static Path localhost;
    private static Path otherHost;

    @BeforeAll
    static void certificates() throws Exception {
        List<Path> stores = TestCertificates.keyStores(dir, List.of("localhost", "other"),
                List.of("dns:localhost,ip:127.0.0.1", "dns:other.example"));
        localhost = stores.get(0);
        otherHost = stores.get(1);
    }

    private static LineReceiver receiver(Path keyStore, Behaviour behaviour) throws Exception {
        ServerSocket server = TestCertificates.serverSocket(keyStore);
        LineReceiver.configure(server, 0, behaviour);
        return LineReceiver.start(server, StandardCharsets.UTF_8, behaviour);
    }

    private static Transport transport(int port, Path trusted, Duration timeout) throws Exception {
        TransportSettings settings = TcpTransportTest.settings(port, null, timeout, Duration.ofSeconds(5))
                .withTls(TestCertificates.clientSettings(TestCertificates.trustStore(trusted)));
        return new TcpTransportProvider().create(settings, new TestCertificates.TrustStoreProvider());
    }

    @Test
    void batchesArriveOverOneVerifiedTlsConnection() throws Exception {
        try (LineReceiver receiver = receiver(localhost, Behaviour.READ_LINES);
                Transport transport = transport(receiver.port(), localhost, Duration.ofSeconds(5))) {
            List<String> first = List.of("{\"message\":\"Grüße 😀\"}", "{\"n\":2}");
            transport.send(first, NO_REJECTIONS);
            assertEquals(first, receiver.take(2), "the first batch, decrypted");
            transport.send(List.of("{\"n\":3}"), NO_REJECTIONS);
            assertEquals(List.of("{\"n\":3}"), receiver.take(1), "the second batch");
            assertEquals(1, receiver.accepts(), "one TLS connection for both batches");
            assertTimeoutPreemptively(HANG_GUARD, transport::close, "close_notify, then the receiver closes");
        }
    }

    @Test
    void reconnectsWhenTheReceiverClosedTheIdleTlsConnection() throws Exception {
        try (LineReceiver receiver = receiver(localhost, Behaviour.READ_LINES);
                Transport transport = transport(receiver.port(), localhost, Duration.ofSeconds(5))) {
            transport.send(List.of("{\"n\":1}"), NO_REJECTIONS);
            receiver.take(1);
            receiver.closeConnections();
            // idle for real: a close in order sooner after a write counts as a drop (see TcpReplayTest)
            Thread.sleep(TcpTransport.QUIET.toMillis());
            transport.send(List.of("{\"n\":2}"), NO_REJECTIONS);
            assertEquals(List.of("{\"n\":2}"), receiver.take(1), "the batch after the idle close is not lost");
            assertEquals(2, receiver.accepts(), "a new TLS connection");
        }
    }

    @Test
    void anUntrustedCertificateFailsTheHandshakeWithAClearRetryableError() throws Exception {
        try (LineReceiver receiver = receiver(otherHost, Behaviour.READ_LINES);
                Transport transport = transport(receiver.port(), localhost, Duration.ofSeconds(5))) {
            TransportException e = assertThrows(TransportException.class, () -> transport.send(List.of("{}"),
                    NO_REJECTIONS), "the receiver's certificate is not trusted");
            assertTrue(e.retryable(), "the configuration or the certificate may be fixed; events stay queued");
            assertTrue(e.getMessage().contains("TLS handshake with 127.0.0.1:" + receiver.port() + " failed")
                    && e.getMessage().contains("caCerts"), e.getMessage());
            assertEquals(0, receiver.take(0).size(), "nothing was sent");
        }
    }

    @Test
    void aCertificateForAnotherHostFailsTheHandshake() throws Exception {
        try (LineReceiver receiver = receiver(otherHost, Behaviour.READ_LINES);
                Transport transport = transport(receiver.port(), otherHost, Duration.ofSeconds(5))) {
            TransportException e = assertThrows(TransportException.class, () -> transport.send(List.of("{}"),
                    NO_REJECTIONS), "the certificate names other.example, not 127.0.0.1");
            assertTrue(e.retryable(), "events stay queued");
            assertTrue(e.getMessage().contains("127.0.0.1"), "the message says which name did not match: "
                    + e.getMessage());
        }
    }

    @Test
    void aReceiverThatNeverHandshakesFailsWithinTheTimeout() throws Exception {
        try (LineReceiver receiver = LineReceiver.start(StandardCharsets.UTF_8, Behaviour.NEVER_READ);
                Transport transport = transport(receiver.port(), localhost, Duration.ofMillis(300))) {
            TransportException e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(TransportException.class,
                    () -> transport.send(List.of("{}"), NO_REJECTIONS), "a plain server never answers the handshake"));
            assertTrue(e.retryable(), "retryable");
        }
    }

    @Test
    void aTlsReceiverThatStopsReadingFailsTheBatchWithinTheTimeout() throws Exception {
        try (LineReceiver receiver = receiver(localhost, Behaviour.NEVER_READ);
                Transport transport = transport(receiver.port(), localhost, Duration.ofMillis(300))) {
            List<String> huge = TcpTransportTest.bigBatch();
            TransportException e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(TransportException.class,
                    () -> transport.send(huge, NO_REJECTIONS), "12 MiB cannot fit into the buffers of a stalled peer"));
            assertTrue(e.getMessage().contains("no progress"), "the message names the stall: " + e.getMessage());
        }
    }
}
