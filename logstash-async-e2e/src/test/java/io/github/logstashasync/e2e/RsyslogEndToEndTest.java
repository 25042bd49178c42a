package io.github.logstashasync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import io.github.logstashasync.core.HandlerStatistics;
import io.github.logstashasync.core.LogstashFormatter;
import io.github.logstashasync.e2e.RsyslogReceiver.Input;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tcp} and {@code udp} transports, plain, with TLS and with mutual TLS, through
 * {@link AsynchronousLogstashHandler} and a SQLite queue to rsyslog, which parses every line as JSON and writes
 * it to a file: the documents in the files must be the documents logged.
 */
class RsyslogEndToEndTest {

    @TempDir
    static Path shared;
    private static PkiFixture pki;
    private static RsyslogReceiver rsyslog;

    @TempDir
    Path dir;
    private AsynchronousLogstashHandler handler;
    private LoggedEvents events;
    private final RecordingErrorManager errors = new RecordingErrorManager();

    @BeforeAll
    static void startRsyslog() throws Exception {
        pki = PkiFixture.create(java.nio.file.Files.createDirectories(shared.resolve("pki")));
        rsyslog = RsyslogReceiver.start(java.nio.file.Files.createDirectories(shared.resolve("rsyslog")), pki);
    }

    @AfterAll
    static void stopRsyslog() {
        if (rsyslog != null) {
            rsyslog.close();
        }
    }

    @AfterEach
    void closeHandler() {
        if (handler != null) {
            handler.close();
            events.detach(handler);
        }
    }

    private Path database() {
        return dir.resolve("queue.db");
    }

    private void start(String via, AsynchronousLogstashHandler.Builder builder, LogstashFormatter formatter) {
        handler = TestHandlers.build(builder, errors);
        events = new LoggedEvents(via, handler, formatter);
    }

    /** The documents of this test's events that arrived on {@code input}. */
    private List<JsonNode> mine(Input input) {
        return rsyslog.documents(input).stream()
                .filter(d -> d.path("extra").path("logger_name").asString().equals("e2e." + events.via()))
                .toList();
    }

    private void awaitAll(Input input) throws InterruptedException {
        Receivers.await(Duration.ofSeconds(10), () -> mine(input).size() >= events.count(),
                () -> "rsyslog wrote " + mine(input).size() + " of " + events.count() + " documents for " + input
                        + "; rsyslog said:\n" + rsyslog.output());
    }

    @Test
    void tcpJsonLinesWithRawUtf8() throws Exception {
        // ensureAscii=false: the non-ASCII text travels as raw UTF-8 bytes, not as \\u escapes
        LogstashFormatter formatter = LogstashFormatter.builder().ensureAscii(false).build();
        start("rsyslog-tcp", TestHandlers.builder("tcp", rsyslog.port(Input.TCP), database(), formatter), formatter);
        events.log(0, 120);
        assertTrue(handler.flush(TestHandlers.FLUSH_TIMEOUT), "every event should be sent; errors: " + errors.messages());
        awaitAll(Input.TCP);
        events.assertReceivedExactly(mine(Input.TCP));
        assertTrue(rsyslog.rawLines(Input.TCP).stream().anyMatch(l -> l.contains("日本語")),
                "the file holds the raw UTF-8 text");
        assertTrue(rsyslog.notJson(Input.TCP).isEmpty(), "rsyslog parsed every line as JSON: " + rsyslog.notJson(Input.TCP));
        assertStatistics(120, 0, 0);
    }

    @Test
    void udpOneDocumentPerDatagram() throws Exception {
        LogstashFormatter formatter = LoggedEvents.defaultFormatter();
        start("rsyslog-udp", TestHandlers.builder("udp", rsyslog.port(Input.UDP), database(), formatter), formatter);
        events.log(0, 60);
        assertTrue(handler.flush(TestHandlers.FLUSH_TIMEOUT), "every event should be sent; errors: " + errors.messages());
        awaitAll(Input.UDP);
        events.assertReceivedExactly(mine(Input.UDP));
        assertTrue(rsyslog.notJson(Input.UDP).isEmpty(), "rsyslog parsed every datagram as JSON");
        assertStatistics(60, 0, 0);
    }

    @Test
    void tcpOverTls() throws Exception {
        LogstashFormatter formatter = LoggedEvents.defaultFormatter();
        start("rsyslog-tls", TestHandlers.builder("tcp", rsyslog.port(Input.TLS), database(), formatter)
                .sslEnable(true).caCerts(pki.caCert()), formatter);
        events.log(0, 80);
        assertTrue(handler.flush(TestHandlers.FLUSH_TIMEOUT), "every event should be sent; errors: " + errors.messages());
        awaitAll(Input.TLS);
        events.assertReceivedExactly(mine(Input.TLS));
        assertStatistics(80, 0, 0);
    }

    @Test
    void tcpOverMutualTls() throws Exception {
        LogstashFormatter formatter = LoggedEvents.defaultFormatter();
        start("rsyslog-mtls", TestHandlers.builder("tcp", rsyslog.port(Input.MTLS), database(), formatter)
                .sslEnable(true).caCerts(pki.caCert()).certfile(pki.clientCert()).keyfile(pki.clientKey()), formatter);
        events.log(0, 80);
        assertTrue(handler.flush(TestHandlers.FLUSH_TIMEOUT), "every event should be sent; errors: " + errors.messages());
        awaitAll(Input.MTLS);
        events.assertReceivedExactly(mine(Input.MTLS));
        assertStatistics(80, 0, 0);
    }

    // TLS 1.3 (the default): the client's side of the handshake is complete before the server checks the client
    // certificate; the connector waits for the server's verdict, so the refusal is a handshake failure before any
    // batch is written (a json_lines receiver acknowledges nothing).
    @Test
    void mutualTlsWithoutAClientCertificateKeepsTheEventsQueued() throws Exception {
        LogstashFormatter formatter = LoggedEvents.defaultFormatter();
        start("rsyslog-mtls-nocert", TestHandlers.builder("tcp", rsyslog.port(Input.MTLS), database(), formatter)
                .sslEnable(true).caCerts(pki.caCert()), formatter);
        assertRefused(Input.MTLS);
    }

    // TLS 1.2: the server refuses the certificate inside the handshake.
    @Test
    void mutualTlsWithoutAClientCertificateOverTls12KeepsTheEventsQueued() throws Exception {
        LogstashFormatter formatter = LoggedEvents.defaultFormatter();
        start("rsyslog-mtls-nocert-tls12", TestHandlers.builder("tcp", rsyslog.port(Input.MTLS), database(),
                formatter).sslEnable(true).caCerts(pki.caCert()).option("sslProtocols", "TLSv1.2"), formatter);
        assertRefused(Input.MTLS);
    }

    @Test
    void mutualTlsWithAnUntrustedClientCertificateOverTls13KeepsTheEventsQueued() throws Exception {
        LogstashFormatter formatter = LoggedEvents.defaultFormatter();
        start("rsyslog-mtls-untrusted-tls13", TestHandlers.builder("tcp", rsyslog.port(Input.MTLS), database(),
                formatter).sslEnable(true).caCerts(pki.caCert()).certfile(pki.untrustedClientCert())
                .keyfile(pki.untrustedClientKey()).option("sslProtocols", "TLSv1.3"), formatter);
        assertRefused(Input.MTLS);
    }

    @Test
    void mutualTlsWithAnUntrustedClientCertificateKeepsTheEventsQueued() throws Exception {
        LogstashFormatter formatter = LoggedEvents.defaultFormatter();
        start("rsyslog-mtls-untrusted", TestHandlers.builder("tcp", rsyslog.port(Input.MTLS), database(), formatter)
                .sslEnable(true).caCerts(pki.caCert()).certfile(pki.untrustedClientCert())
                .keyfile(pki.untrustedClientKey()).option("sslProtocols", "TLSv1.2"), formatter);
        assertRefused(Input.MTLS);
    }

    @Test
    void aServerCertificateForAnotherNameIsRefused() throws Exception {
        LogstashFormatter formatter = LoggedEvents.defaultFormatter();
        start("rsyslog-other-name", TestHandlers.builder("tcp", rsyslog.port(Input.OTHER_NAME), database(), formatter)
                .host("localhost").sslEnable(true).caCerts(pki.caCert()), formatter);
        String error = assertRefused(Input.OTHER_NAME);
        assertTrue(error.contains("localhost"), "the error names the host that the certificate does not: " + error);
    }

    /**
     * Logs 5 events that the receiver must refuse, and checks that the handler says why, keeps them queued in the
     * database, and that the receiver got none of them.
     *
     * @return the handler's error message
     */
    private String assertRefused(Input input) throws Exception {
        events.log(0, 5);
        assertFalse(handler.flush(Duration.ofSeconds(1)), "the flush cannot succeed");
        String error = errors.await("TLS handshake", Duration.ofSeconds(5));
        System.err.println(events.via() + ": the handler reported: " + error);
        assertTrue(error.contains("127.0.0.1:" + rsyslog.port(input)) || error.contains("localhost:" + rsyslog.port(input)),
                "the error names the receiver: " + error);
        HandlerStatistics statistics = handler.statistics();
        assertEquals(0, statistics.sent(), "nothing counts as sent: " + statistics);
        assertEquals(0, statistics.failed(), "nothing failed for good: the events wait for a fixed configuration");
        assertEquals(5, statistics.pending(), "every event stays pending: " + statistics);
        assertEquals(5, QueueDatabase.queued(database()), "every event is still in the queue database");
        assertTrue(mine(input).isEmpty(), "rsyslog got none of the events: " + mine(input));
        assertTrue(rsyslog.notJson(input).stream().noneMatch(l -> l.contains(events.marker())),
                "nothing of the events reached rsyslog in any form");
        return error;
    }

    private void assertStatistics(long sent, long failed, long pending) {
        HandlerStatistics statistics = handler.statistics();
        assertEquals(sent, statistics.sent(), "sent: " + statistics);
        assertEquals(failed, statistics.failed(), "failed: " + statistics);
        assertEquals(pending, statistics.pending(), "pending: " + statistics);
    }
}
