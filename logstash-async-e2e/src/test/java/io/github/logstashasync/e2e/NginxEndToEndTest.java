package io.github.logstashasync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import io.github.logstashasync.core.HandlerStatistics;
import io.github.logstashasync.core.LogstashFormatter;
import io.github.logstashasync.e2e.NginxReceiver.Request;
import io.github.logstashasync.e2e.NginxReceiver.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code http} transport through {@link AsynchronousLogstashHandler} and a SQLite queue to nginx: JSON-array
 * batches with basic authentication over HTTP, and over HTTPS with a client certificate. nginx logs every request
 * body; the documents in the bodies must be the documents logged.
 */
class NginxEndToEndTest {

    @TempDir
    static Path shared;
    private static PkiFixture pki;
    private static NginxReceiver nginx;

    @TempDir
    Path dir;
    private AsynchronousLogstashHandler handler;
    private LoggedEvents events;
    private final RecordingErrorManager errors = new RecordingErrorManager();

    @BeforeAll
    static void startNginx() throws Exception {
        pki = PkiFixture.create(Files.createDirectories(shared.resolve("pki")));
        nginx = NginxReceiver.start(Files.createDirectories(shared.resolve("nginx")), pki);
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
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

    private AsynchronousLogstashHandler.Builder http(Server server) {
        return TestHandlers.builder("http", nginx.port(server), database(), LoggedEvents.defaultFormatter())
                .transportOption("path", NginxReceiver.PATH);
    }

    private void start(String via, AsynchronousLogstashHandler.Builder builder) {
        LogstashFormatter formatter = LoggedEvents.defaultFormatter();
        handler = TestHandlers.build(builder, errors);
        events = new LoggedEvents(via, handler, formatter);
    }

    /** The documents of this test's events in the bodies that {@code server} answered with 200. */
    private List<JsonNode> mine(Server server) {
        return nginx.documents(server).stream()
                .filter(d -> d.path("extra").path("logger_name").asString().equals("e2e." + events.via()))
                .toList();
    }

    /** The requests of {@code server} whose body holds any of this test's events. */
    private List<Request> requestsWithMyEvents(Server server) {
        return nginx.requests(server).stream().filter(r -> r.body().contains(events.marker())).toList();
    }

    private void awaitAll(Server server) throws InterruptedException {
        Receivers.await(Duration.ofSeconds(10), () -> mine(server).size() >= events.count(),
                () -> "nginx logged " + mine(server).size() + " of " + events.count() + " documents; nginx said:\n"
                        + nginx.output());
    }

    @Test
    void jsonBatchesWithBasicAuthentication() throws Exception {
        start("nginx-basic-auth", http(Server.HTTP_BASIC_AUTH).transportOption("username", NginxReceiver.USER)
                .transportOption("password", NginxReceiver.PASSWORD).batchSize(40));
        events.log(0, 150);
        assertTrue(handler.flush(TestHandlers.FLUSH_TIMEOUT), "every event should be sent; errors: " + errors.messages());
        awaitAll(Server.HTTP_BASIC_AUTH);
        events.assertReceivedExactly(mine(Server.HTTP_BASIC_AUTH));
        List<Request> requests = requestsWithMyEvents(Server.HTTP_BASIC_AUTH);
        assertTrue(requests.size() >= 4, "150 events in batches of at most 40 need at least 4 requests: " + requests.size());
        assertTrue(requests.stream().allMatch(r -> r.status() == 200), "nginx answered 200 to each");
        assertStatistics(150, 0, 0);
    }

    @Test
    void httpsWithAClientCertificate() throws Exception {
        start("nginx-client-cert", http(Server.HTTPS_CLIENT_CERT).sslEnable(true).caCerts(pki.caCert())
                .certfile(pki.clientCert()).keyfile(pki.clientKey()));
        events.log(0, 100);
        assertTrue(handler.flush(TestHandlers.FLUSH_TIMEOUT), "every event should be sent; errors: " + errors.messages());
        awaitAll(Server.HTTPS_CLIENT_CERT);
        events.assertReceivedExactly(mine(Server.HTTPS_CLIENT_CERT));
        assertStatistics(100, 0, 0);
    }

    @Test
    void aWrongPasswordMovesTheEventsToFailed() throws Exception {
        start("nginx-wrong-password", http(Server.HTTP_BASIC_AUTH).transportOption("username", NginxReceiver.USER)
                .transportOption("password", "not-the-password"));
        events.log(0, 5);
        // 401 is not retryable: the events leave the queue as failed, with the reason, and the flush completes
        assertTrue(handler.flush(TestHandlers.FLUSH_TIMEOUT), "the flush ends once the events failed for good");
        String error = errors.await("401", Duration.ofSeconds(5));
        System.err.println(events.via() + ": the handler reported: " + error);
        assertFalse(error.contains("not-the-password"), "the password is never printed: " + error);
        assertStatistics(0, 5, 0);
        List<String> reasons = QueueDatabase.failedReasons(database());
        assertEquals(5, reasons.size(), "every event is in failed_event: " + reasons);
        assertTrue(reasons.stream().allMatch(r -> r.contains("401")), "each reason quotes the status: " + reasons);
        assertEquals(0, QueueDatabase.queued(database()), "nothing is left to send");
        assertTrue(mine(Server.HTTP_BASIC_AUTH).isEmpty(), "nginx accepted none of the events");
        assertTrue(requestsWithMyEvents(Server.HTTP_BASIC_AUTH).isEmpty(), "nginx logged no body with the events");
    }

    @Test
    void httpsWithoutAClientCertificate() throws Exception {
        start("nginx-no-client-cert", http(Server.HTTPS_CLIENT_CERT).sslEnable(true).caCerts(pki.caCert()));
        assertRejectedWithoutAValidClientCertificate();
    }

    @Test
    void httpsWithAnUntrustedClientCertificate() throws Exception {
        start("nginx-untrusted-client-cert", http(Server.HTTPS_CLIENT_CERT).sslEnable(true).caCerts(pki.caCert())
                .certfile(pki.untrustedClientCert()).keyfile(pki.untrustedClientKey()));
        assertRejectedWithoutAValidClientCertificate();
    }

    /**
     * nginx completes the TLS handshake without a valid client certificate and answers HTTP 400 ("No required SSL
     * certificate was sent" or "The SSL certificate error"), which the http transport treats as a permanent
     * rejection: the events move to failed with nginx's answer as the reason, where the CLI can requeue them.
     * The body went only over TLS, and nginx passed none of it on.
     */
    private void assertRejectedWithoutAValidClientCertificate() throws Exception {
        events.log(0, 5);
        assertTrue(handler.flush(TestHandlers.FLUSH_TIMEOUT), "the flush ends once the events failed for good");
        String error = errors.await("400", Duration.ofSeconds(5));
        System.err.println(events.via() + ": the handler reported: " + error);
        assertTrue(error.contains("SSL certificate"), "the error quotes nginx's reason: " + error);
        assertStatistics(0, 5, 0);
        List<String> reasons = QueueDatabase.failedReasons(database());
        assertEquals(5, reasons.size(), "every event is in failed_event: " + reasons);
        assertTrue(mine(Server.HTTPS_CLIENT_CERT).isEmpty(), "nginx accepted none of the events");
        assertTrue(requestsWithMyEvents(Server.HTTPS_CLIENT_CERT).isEmpty(), "nginx logged no body with the events");
    }

    @Test
    void aServerCertificateForAnotherNameIsRefused() throws Exception {
        start("nginx-other-name", http(Server.HTTPS_OTHER_NAME).sslEnable(true).caCerts(pki.caCert()));
        events.log(0, 5);
        assertFalse(handler.flush(Duration.ofSeconds(1)), "the flush cannot succeed");
        String error = errors.await("127.0.0.1", Duration.ofSeconds(5));
        System.err.println(events.via() + ": the handler reported: " + error);
        assertTrue(error.contains("IP address 127.0.0.1"), "the error says the certificate does not name the host: "
                + error);
        HandlerStatistics statistics = handler.statistics();
        assertEquals(0, statistics.sent(), "nothing counts as sent: " + statistics);
        assertEquals(0, statistics.failed(), "nothing failed for good: " + statistics);
        assertEquals(5, statistics.pending(), "every event stays pending: " + statistics);
        assertEquals(5, QueueDatabase.queued(database()), "every event is still in the queue database");
        assertTrue(nginx.requests(Server.HTTPS_OTHER_NAME).isEmpty(), "no request reached nginx");
    }

    private void assertStatistics(long sent, long failed, long pending) {
        HandlerStatistics statistics = handler.statistics();
        assertEquals(sent, statistics.sent(), "sent: " + statistics);
        assertEquals(failed, statistics.failed(), "failed: " + statistics);
        assertEquals(pending, statistics.pending(), "pending: " + statistics);
    }
}
