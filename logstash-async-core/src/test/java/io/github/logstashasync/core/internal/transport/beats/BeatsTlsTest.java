package io.github.logstashasync.core.internal.transport.beats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.core.internal.transport.http.TestTls;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The beats transport over TLS to Logstash's Beats server, with a TLS provider passed in. */
class BeatsTlsTest {

    private LogstashBeatsServer server;
    private Transport transport;

    @BeforeEach
    void start() throws Exception {
        server = new LogstashBeatsServer(60, SslContextBuilder.forServer(TestTls.serverKeyManagers()).build());
    }

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close();
        }
        server.close();
    }

    private Transport transport(String host, TlsSettings tls) {
        TransportSettings settings = new TransportSettings(host, server.port(), null, null, null, 2, tls, Map.of());
        transport = new BeatsTransportProvider().create(settings, TestTls.provider());
        return transport;
    }

    @Test
    void windowsOverTlsReachLogstash() throws Exception {
        List<String> events = List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        transport("localhost", TestTls.trusting(TestTls.serverStore())).send(events, (i, r) -> { });
        assertEquals(List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)), server.data(), "every event over TLS");
        assertEquals(List.of(1, 2, 1), server.sequences(), "windows of 2");
    }

    @Test
    void anUntrustedServerIsARetryableFailure() {
        Transport untrusting = transport("127.0.0.1", TestTls.trusting(TestTls.strangerStore()));
        TransportException e = assertThrows(TransportException.class,
                () -> untrusting.send(List.of("{\"n\":1}"), (i, r) -> { }));
        assertTrue(e.retryable(), "retryable: the events stay queued until the trust is fixed");
        assertEquals(0, e.delivered(), "nothing delivered");
        assertTrue(e.getMessage().contains("SSLHandshakeException"), "says it is the handshake: " + e.getMessage());
        assertTrue(server.received().isEmpty(), "nothing reached Logstash");
    }
}
