package io.github.logstashasync.core.internal.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The http transport over TLS, with a TLS provider passed in as the ssl module would be. */
class HttpsTransportTest {

    private RecordingHttpServer server;
    private Transport transport;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingHttpServer(TestTls.serverContext());
    }

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close();
        }
        server.close();
    }

    private Transport transport(String host, TlsSettings tls) {
        TransportSettings settings = TransportSettings.of(host, server.port()).withTls(tls)
                .withOptions(Map.of("path", "/secure", "username", "u", "password", "p"));
        transport = new HttpTransportProvider().create(settings, TestTls.provider());
        return transport;
    }

    @Test
    void postsOverHttpsToAVerifiedServer() throws Exception {
        List<String> events = List.of("{\"a\":1}", "{\"b\":2}");
        transport("localhost", TestTls.trusting(TestTls.serverStore())).send(events, (i, r) -> { });
        transport.close();
        transport("127.0.0.1", TestTls.trusting(TestTls.serverStore())).send(events, (i, r) -> { });

        assertEquals(2, server.requests().size(), "one request per send, by host name and by IP address");
        for (RecordingHttpServer.Request request : server.requests()) {
            assertEquals("[{\"a\":1},{\"b\":2}]", request.body(), "exact body over TLS");
            assertEquals("/secure", request.uri(), "path");
        }
        assertTrue(transport.toString().contains("https://127.0.0.1:" + server.port() + "/secure"), "https URL: " + transport);
    }

    @Test
    void anUntrustedServerIsARetryableFailure() {
        Transport untrusting = transport("localhost", TestTls.trusting(TestTls.strangerStore()));
        TransportException e = assertThrows(TransportException.class,
                () -> untrusting.send(List.of("{\"a\":1}"), (i, r) -> { }));
        assertTrue(e.retryable(), "retryable: the events stay queued until the trust is fixed");
        assertTrue(e.getMessage().contains("SSLHandshakeException"), "says it is the handshake: " + e.getMessage());
        assertEquals(0, server.requests().size(), "nothing reached the server");
    }
}
