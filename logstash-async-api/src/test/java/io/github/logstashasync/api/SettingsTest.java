package io.github.logstashasync.api;

import static io.github.logstashasync.api.OptionParsersTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PipelineSettings, TransportSettings and TlsSettings: defaults, copies, and validation naming the option. */
class SettingsTest {

    @Test
    void pipelineDefaultsAreTheDocumentedConstants() {
        PipelineSettings d = PipelineSettings.defaults();
        assertEquals(PipelineSettings.DEFAULT_FLUSH_INTERVAL, d.flushInterval());
        assertEquals(PipelineSettings.DEFAULT_DATABASE_TIMEOUT, d.databaseTimeout());
        assertEquals(PipelineSettings.DEFAULT_OVERFLOW_POLICY, d.overflowPolicy());
        assertEquals(PipelineSettings.DEFAULT_BATCH_SIZE, d.batchSize());
        assertEquals(d, d.toBuilder().build(), "toBuilder copies every setting");
        PipelineSettings changed = d.toBuilder().flushCount(7).eventTtl(Duration.ofHours(1)).build();
        assertEquals(7, changed.flushCount());
        assertEquals(Duration.ofHours(1), changed.eventTtl());
        assertEquals(d.socketTimeout(), changed.socketTimeout(), "the rest stays");
    }

    @Test
    void invalidPipelineSettingsNameTheOption() {
        refused("flushInterval", "must be positive",
                () -> PipelineSettings.builder().flushInterval(Duration.ZERO).build());
        refused("socketTimeout", "a value is required", () -> PipelineSettings.builder().socketTimeout(null).build());
        refused("databaseTimeout", "must not be negative",
                () -> PipelineSettings.builder().databaseTimeout(Duration.ofSeconds(-1)).build());
        refused("flushCount", "0 is out of range; allowed: 1 to", () -> PipelineSettings.builder().flushCount(0).build());
        refused("databaseChunkSize", "allowed: 1 to 32766",
                () -> PipelineSettings.builder().databaseChunkSize(40_000).build());
        refused("retryMaxDelay", "is shorter than retryInitialDelay", () -> PipelineSettings.builder()
                .retryInitialDelay(Duration.ofSeconds(5)).retryMaxDelay(Duration.ofSeconds(1)).build());
        refused("databaseMaxSize", "0 (no cap) or at least 64KiB",
                () -> PipelineSettings.builder().databaseMaxSize(1000).build());
        refused("eventTtl", "must be positive", () -> PipelineSettings.builder().eventTtl(Duration.ZERO).build());
        refused("failedEventTtl", "must be positive",
                () -> PipelineSettings.builder().failedEventTtl(Duration.ofSeconds(-1)).build());
        assertTrue(PipelineSettings.builder().eventTtl(null).databaseMaxSize(0).build().eventTtl() == null,
                "null eventTtl and 0 databaseMaxSize mean off");
    }

    @Test
    void transportSettingsDefaultsValidationAndSecrets() {
        TransportSettings s = TransportSettings.of("logs.example", 5959);
        assertEquals(StandardCharsets.UTF_8, s.charset());
        assertEquals(PipelineSettings.DEFAULT_SOCKET_TIMEOUT, s.socketTimeout());
        assertEquals(TlsSettings.DISABLED, s.tls());
        refused("host", "a host name or address is required", () -> TransportSettings.of(" ", 5959));
        refused("port", "out of range", () -> TransportSettings.of("h", 70_000));
        refused("beatsBatchSize", "out of range",
                () -> new TransportSettings("h", 1, null, null, null, 0, null, null));

        TransportSettings withOptions = s.withOptions(Map.of("sasl.jaas.config", "user=u password=p", "topic", "t",
                "apiToken", "abc"));
        assertEquals("t", withOptions.option("topic", "x"));
        assertEquals("x", withOptions.option("missing", "x"));
        assertThrows(UnsupportedOperationException.class, () -> withOptions.options().put("a", "b"), "immutable");
        String shown = withOptions.toString();
        assertTrue(shown.contains("topic=t"), shown);
        assertFalse(shown.contains("password=p") || shown.contains("abc"), "secrets are masked: " + shown);
        for (String secret : List.of("password", "sasl.jaas.config", "clientSecret", "ssl.keystore.key", "apiToken")) {
            assertTrue(TransportSettings.isSecret(secret), secret + " is a secret");
        }
        assertFalse(TransportSettings.isSecret("bootstrapServers"));
    }

    @Test
    void tlsSettingsValidationNamesTheOption() {
        TlsSettings defaults = TlsSettings.builder().enabled(true).build();
        assertTrue(defaults.verify(), "verify by default");
        assertEquals(TlsSettings.DEFAULT_PROTOCOLS, defaults.protocols());
        assertEquals(TlsSettings.DEFAULT_STORE_TYPE, defaults.keyStoreType());
        assertFalse(defaults.hasClientCertificate());

        refused("certfile", "keyfile and certfile must be given together",
                () -> TlsSettings.builder().keyfile(Path.of("k.pem")).build());
        refused("keyfile", "keyfile and certfile must be given together",
                () -> TlsSettings.builder().certfile(Path.of("c.pem")).build());
        refused("keyStore", "give either keyfile/certfile or keyStore, not both", () -> TlsSettings.builder()
                .keyfile(Path.of("k.pem")).certfile(Path.of("c.pem")).keyStore(Path.of("k.p12")).build());
        refused("trustStore", "give either caCerts or trustStore, not both", () -> TlsSettings.builder()
                .caCerts(Path.of("ca.pem")).trustStore(Path.of("t.p12")).build());
        refused("sslProtocols", "'SSLv3' is not supported; use TLSv1.2, TLSv1.3",
                () -> TlsSettings.builder().protocols(List.of("TLSv1.2", "SSLv3")).build());

        TlsSettings client = TlsSettings.builder().enabled(true).keyStore(Path.of("k.p12")).keyStorePassword("hunter2")
                .trustStorePassword("s3cret").keyPassword("pw").build();
        assertTrue(client.hasClientCertificate());
        assertFalse(client.toString().contains("hunter2") || client.toString().contains("s3cret")
                || client.toString().contains("=pw"), "passwords are masked: " + client);
    }
}
