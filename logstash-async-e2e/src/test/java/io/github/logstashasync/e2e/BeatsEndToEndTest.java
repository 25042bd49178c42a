package io.github.logstashasync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import io.github.logstashasync.core.HandlerStatistics;
import io.github.logstashasync.core.LogstashFormatter;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code beats} transport through {@link AsynchronousLogstashHandler} and a SQLite queue to the Beats server of
 * Logstash's beats input: plain, TLS and mutual TLS, refused client certificates and host names, and a server
 * stopped in the middle of a window and started again, after which every event must have arrived.
 */
class BeatsEndToEndTest {

    @TempDir
    static Path shared;
    private static PkiFixture pki;

    @TempDir
    Path dir;
    private final List<BeatsReceiver> servers = new ArrayList<>();
    private AsynchronousLogstashHandler handler;
    private LoggedEvents events;
    private final RecordingErrorManager errors = new RecordingErrorManager();

    @BeforeAll
    static void createPki() throws Exception {
        pki = PkiFixture.create(Files.createDirectories(shared.resolve("pki")));
    }

    @AfterEach
    void stop() {
        if (handler != null) {
            handler.close();
            events.detach(handler);
        }
        servers.forEach(BeatsReceiver::close);
    }

    private BeatsReceiver server(int port, SslContext tls) throws Exception {
        BeatsReceiver server = new BeatsReceiver(port, tls);
        servers.add(server);
        return server;
    }

    private static SslContext serverTls() throws Exception {
        return SslContextBuilder.forServer(pki.serverCert().toFile(), pki.serverKey().toFile()).build();
    }

    private static SslContext mutualTls() throws Exception {
        return SslContextBuilder.forServer(pki.serverCert().toFile(), pki.serverKey().toFile())
                .trustManager(pki.caCert().toFile()).clientAuth(ClientAuth.REQUIRE).build();
    }

    private Path database() {
        return dir.resolve("queue.db");
    }

    private AsynchronousLogstashHandler.Builder beats(BeatsReceiver server) {
        return TestHandlers.builder("beats", server.port(), database(), LoggedEvents.defaultFormatter())
                .transportOption("readTimeout", "10s");
    }

    private void start(String via, AsynchronousLogstashHandler.Builder builder) {
        LogstashFormatter formatter = LoggedEvents.defaultFormatter();
        handler = TestHandlers.build(builder, errors);
        events = new LoggedEvents(via, handler, formatter);
    }

    private void sendAndCheck(BeatsReceiver server, int count) throws InterruptedException {
        events.log(0, count);
        assertTrue(handler.flush(TestHandlers.FLUSH_TIMEOUT), "every event should be sent; errors: " + errors.messages());
        // a window counts as sent only once acknowledged, so everything is there when the flush returns
        events.assertReceivedExactly(server.documents());
        HandlerStatistics statistics = handler.statistics();
        assertEquals(count, statistics.sent(), "sent: " + statistics);
        assertEquals(0, statistics.pending(), "pending: " + statistics);
    }

    @Test
    void plainBeats() throws Exception {
        BeatsReceiver server = server(0, null);
        start("beats-plain", beats(server));
        sendAndCheck(server, 300);
        List<Integer> sequences = server.received().stream().map(BeatsReceiver.Received::sequence).toList();
        // Each window numbers its events 1, 2, 3...: every number is 1 (a new window) or one more than the one
        // before. How the events split into windows depends on timing (the first event after idle wakes the
        // sender at once, so it may go alone), not the numbering.
        assertEquals(1, sequences.get(0), "the first window starts at 1: " + sequences.subList(0, 10));
        for (int i = 1; i < sequences.size(); i++) {
            int sequence = sequences.get(i);
            int previous = sequences.get(i - 1);
            assertTrue(sequence == 1 || sequence == previous + 1, "event " + i + " has sequence " + sequence
                    + " after " + previous + ": each window numbers its events from 1");
        }
        assertTrue(sequences.contains(2), "some window holds more than one event: " + sequences.subList(0, 10));
    }

    @Test
    void beatsOverTls() throws Exception {
        BeatsReceiver server = server(0, serverTls());
        start("beats-tls", beats(server).sslEnable(true).caCerts(pki.caCert()));
        sendAndCheck(server, 150);
    }

    @Test
    void beatsOverMutualTls() throws Exception {
        BeatsReceiver server = server(0, mutualTls());
        start("beats-mtls", beats(server).sslEnable(true).caCerts(pki.caCert()).certfile(pki.clientCert())
                .keyfile(pki.clientKey()));
        sendAndCheck(server, 150);
    }

    @Test
    void mutualTlsWithoutAClientCertificateKeepsTheEventsQueued() throws Exception {
        BeatsReceiver server = server(0, mutualTls());
        start("beats-mtls-nocert", beats(server).sslEnable(true).caCerts(pki.caCert()));
        assertRefused(server, "");
    }

    @Test
    void mutualTlsWithAnUntrustedClientCertificateKeepsTheEventsQueued() throws Exception {
        BeatsReceiver server = server(0, mutualTls());
        start("beats-mtls-untrusted", beats(server).sslEnable(true).caCerts(pki.caCert())
                .certfile(pki.untrustedClientCert()).keyfile(pki.untrustedClientKey()));
        assertRefused(server, "");
    }

    @Test
    void aServerCertificateForAnotherNameIsRefused() throws Exception {
        SslContext otherName = SslContextBuilder.forServer(pki.otherNameCert().toFile(), pki.otherNameKey().toFile())
                .build();
        BeatsReceiver server = server(0, otherName);
        start("beats-other-name", beats(server).sslEnable(true).caCerts(pki.caCert()));
        assertRefused(server, "IP address 127.0.0.1");
    }

    /** Logs 5 events the server must refuse; checks the error, that they stay queued, and that none arrived. */
    private void assertRefused(BeatsReceiver server, String detail) throws Exception {
        events.log(0, 5);
        assertFalse(handler.flush(Duration.ofSeconds(1)), "the flush cannot succeed");
        String error = errors.await("127.0.0.1:" + server.port(), Duration.ofSeconds(5));
        System.err.println(events.via() + ": the handler reported: " + error);
        System.err.println(events.via() + ": the server saw: " + server.exceptions().stream().distinct().toList());
        assertTrue(error.contains(detail), "the error should say '" + detail + "': " + error);
        HandlerStatistics statistics = handler.statistics();
        assertEquals(0, statistics.sent(), "nothing counts as sent: " + statistics);
        assertEquals(0, statistics.failed(), "nothing failed for good: " + statistics);
        assertEquals(5, statistics.pending(), "every event stays pending: " + statistics);
        assertEquals(5, QueueDatabase.queued(database()), "every event is still in the queue database");
        assertTrue(server.received().isEmpty(), "the server decoded none of the events: " + server.received());
    }

    @Test
    void aServerStoppedInTheMiddleOfAWindowLosesNothing() throws Exception {
        int total = 3000;
        int stopAt = 1000;
        BeatsReceiver first = server(0, null);
        int port = first.port();
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the 1000th event holds its window unacknowledged, as a busy pipeline does, until the server is stopped
        first.onMessage(message -> {
            if (first.received().size() == stopAt) {
                reached.countDown();
                awaitQuietly(release);
            }
        });
        start("beats-restart", beats(first).batchSize(500).beatsBatchSize(100).flushCount(100));
        events.log(0, total);
        assertTrue(reached.await(20, TimeUnit.SECONDS), "the server should get " + stopAt + " events");

        Thread stopper = new Thread(first::stop, "stop-beats-server");
        stopper.start();
        Receivers.await(Duration.ofSeconds(10), () -> !Receivers.accepts(port), () -> "the server should stop listening");
        release.countDown();
        stopper.join(15_000);
        assertFalse(stopper.isAlive(), "the server should have stopped");
        int beforeRestart = first.received().size();
        long sentBeforeRestart = handler.statistics().sent();
        assertTrue(sentBeforeRestart < total, "the stop came in the middle: " + handler.statistics());

        BeatsReceiver second = restart(port);
        assertTrue(handler.flush(TestHandlers.FLUSH_TIMEOUT), "every event should be sent after the restart; errors: "
                + errors.messages());

        List<JsonNode> all = new ArrayList<>(first.documents());
        all.addAll(second.documents());
        int duplicates = events.assertReceived(all);
        HandlerStatistics statistics = handler.statistics();
        System.err.println("beats restart: the first server got " + beforeRestart + " events, the second "
                + second.received().size() + "; " + duplicates + " duplicates; " + statistics);
        assertEquals(total, statistics.sent(), "every event counts as sent once: " + statistics);
        assertEquals(0, statistics.pending(), "nothing pending: " + statistics);
        assertEquals(0, statistics.failed(), "nothing failed: " + statistics);
        assertTrue(statistics.retries() >= 1, "the stop made at least one send fail and retry: " + statistics);
        assertEquals(0, QueueDatabase.queued(database()), "the queue database is empty");
        assertTrue(duplicates <= 100, "at most the one unacknowledged window (100 events) arrives twice: " + duplicates);
    }

    /** Starts a server on {@code port} again; the old one's port may take a moment to become free. */
    private BeatsReceiver restart(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                return server(port, null);
            } catch (Exception e) {
                boolean bind = e instanceof BindException || e.getCause() instanceof BindException;
                if (!bind || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
