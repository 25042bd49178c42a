package io.github.logstashasync.transport.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import io.github.logstashasync.transport.kafka.internal.KafkaOptions;
import io.github.logstashasync.transport.kafka.internal.RecordKeys;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The options on their own, without a broker: defaults, what reaches the producer, and every error's option. */
class KafkaOptionsTest {

    private static final Map<String, String> REQUIRED = Map.of("bootstrapServers", "127.0.0.1:9092", "topic", "logs");

    private static KafkaOptions parse(Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(REQUIRED);
        options.putAll(extra);
        return KafkaOptions.parse(TransportSettings.of("localhost", 5959).withOptions(options));
    }

    private static InvalidOptionException invalid(Map<String, String> extra) {
        return assertThrows(InvalidOptionException.class, () -> parse(extra), "should be refused: " + extra);
    }

    @Test
    void defaultsAreAcksAllIdempotentLz4() {
        KafkaOptions options = parse(Map.of());
        Map<String, String> p = options.properties();
        assertEquals("127.0.0.1:9092", p.get("bootstrap.servers"));
        assertEquals("all", p.get("acks"), "acks=all by default");
        assertEquals("true", p.get("enable.idempotence"), "idempotence on by default");
        assertEquals("lz4", p.get("compression.type"));
        assertEquals("5", p.get("linger.ms"), "records fill batches of batchBytes until send() flushes them");
        assertEquals("262144", p.get("batch.size"), "batchBytes 256 KiB by default: few requests per send");
        assertEquals("30000", p.get("delivery.timeout.ms"), "deliveryTimeout 30s by default");
        assertEquals("5000", p.get("max.block.ms"), "send() waits for metadata no longer than socketTimeout");
        assertEquals("logs", options.topic());
        assertTrue(options.keys().none(), "no key by default");
    }

    @Test
    void ownOptionsAndPassedPropertiesReachTheProducer() {
        KafkaOptions options = parse(Map.of("acks", "1", "compression", "ZSTD", "batchBytes", "64k",
                "deliveryTimeout", "10s", "kafka.client.id", "shop", "kafka.sasl.jaas.config", "secret-jaas",
                "kafka.max.request.size", "2097152", "bootstrapServers", " a:1 , b:2 "));
        Map<String, String> p = options.properties();
        assertEquals("1", p.get("acks"));
        assertEquals("false", p.get("enable.idempotence"), "acks=1 without idempotence set turns idempotence off");
        assertEquals("zstd", p.get("compression.type"));
        assertEquals("65536", p.get("batch.size"));
        assertEquals("10000", p.get("delivery.timeout.ms"));
        assertEquals("4997", p.get("request.timeout.ms"), "the request timeout is half the delivery timeout less the "
                + "5 ms linger: a lost answer is retried by the producer within it");
        assertEquals("shop", p.get("client.id"));
        assertEquals("2097152", p.get("max.request.size"));
        assertEquals("a:1,b:2", p.get("bootstrap.servers"));
        assertFalse(options.toString().contains("secret-jaas"), "the JAAS configuration is never shown: " + options);
        assertTrue(TransportSettings.isSecret("kafka.sasl.jaas.config") && TransportSettings.isSecret("kafka.ssl.keystore.key")
                && TransportSettings.isSecret("kafka.ssl.key.password"), "the CLI masks these values too");
    }

    @Test
    void everyInvalidOptionIsNamed() {
        assertEquals("bootstrapServers", assertThrows(InvalidOptionException.class, () -> KafkaOptions.parse(
                TransportSettings.of("localhost", 5959).withOptions(Map.of("topic", "logs")))).option());
        assertEquals("topic", assertThrows(InvalidOptionException.class, () -> KafkaOptions.parse(
                TransportSettings.of("localhost", 5959).withOptions(Map.of("bootstrapServers", "k:9092")))).option());
        assertEquals("bootstrapServers", invalid(Map.of("bootstrapServers", "kafka1")).option());
        assertEquals("bootstrapServers", invalid(Map.of("bootstrapServers", "kafka1:99999")).option());
        assertEquals("topic", invalid(Map.of("topic", "no spaces")).option());
        assertEquals("key", invalid(Map.of("key", "thread")).option());
        assertEquals("key", invalid(Map.of("key", "field:")).option());
        assertEquals("acks", invalid(Map.of("acks", "2")).option());
        assertEquals("compression", invalid(Map.of("compression", "brotli")).option());
        assertEquals("idempotence", invalid(Map.of("acks", "0", "idempotence", "true")).option(),
                "idempotence asked for explicitly with acks=0");
        assertEquals("deliveryTimeout", invalid(Map.of("deliveryTimeout", "0s")).option());
        assertEquals("batchBytes", invalid(Map.of("batchBytes", "lots")).option());
        InvalidOptionException unknown = invalid(Map.of("topik", "logs"));
        assertEquals("topik", unknown.option());
        assertTrue(unknown.getMessage().contains("bootstrapServers") && unknown.getMessage().contains("kafka.<producer "),
                "lists the options briefly: " + unknown.getMessage());
    }

    @Test
    void passedPropertiesAreCheckedByKafkasDefinition() {
        InvalidOptionException typo = invalid(Map.of("kafka.sasl.mechanisms", "PLAIN"));
        assertEquals("kafka.sasl.mechanisms", typo.option());
        assertTrue(typo.getMessage().contains("did you mean kafka.sasl.mechanism"), "a suggestion: " + typo.getMessage());
        InvalidOptionException value = invalid(Map.of("kafka.max.request.size", "big"));
        assertEquals("kafka.max.request.size", value.option());
        assertTrue(value.getMessage().contains("big"), "Kafka's own message with the value: " + value.getMessage());
        assertEquals("kafka.security.protocol", invalid(Map.of("kafka.security.protocol", "CARRIER_PIGEON")).option());
        assertEquals("kafka.acks", invalid(Map.of("kafka.acks", "1")).option(), "one way to set acks");
        assertTrue(invalid(Map.of("kafka.acks", "1")).getMessage().contains("'acks'"), "points to the option");
        assertEquals("kafka.value.serializer", invalid(Map.of("kafka.value.serializer", "x.Y")).option());
        assertEquals("kafka.transactional.id", invalid(Map.of("kafka.transactional.id", "t")).option());
        assertEquals("kafka.max.in.flight.requests.per.connection",
                invalid(Map.of("kafka.max.in.flight.requests.per.connection", "10")).option(), "too many for idempotence");
        assertEquals("deliveryTimeout", invalid(Map.of("deliveryTimeout", "1s", "kafka.request.timeout.ms", "5000"))
                .option(), "Kafka's rule: delivery timeout >= linger + request timeout");
        assertEquals("kafka.linger.ms", invalid(Map.of("kafka.linger.ms", "soon")).option());
    }

    @Test
    void aSaslLoginThatKafkaCannotReadFailsWhenTheHandlerIsBuiltNotAtTheFirstSend() {
        String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"app\" "
                + "password=\"s3cr3t\";";
        Map<String, String> sasl = Map.of("kafka.security.protocol", "SASL_PLAINTEXT", "kafka.sasl.mechanism", "PLAIN");
        assertEquals("SASL_PLAINTEXT", parse(with(sasl, "kafka.sasl.jaas.config", plain)).properties()
                .get("security.protocol"), "a login Kafka can read");
        InvalidOptionException missing = invalid(sasl);
        assertEquals("kafka.sasl.jaas.config", missing.option(), "SASL without a login: " + missing.getMessage());
        InvalidOptionException broken = invalid(with(sasl, "kafka.sasl.jaas.config", "PlainLoginModule username=app"));
        assertEquals("kafka.sasl.jaas.config", broken.option(), "not JAAS syntax: " + broken.getMessage());
        InvalidOptionException secret = invalid(with(sasl, "kafka.sasl.jaas.config", plain.replace(" required", "")));
        assertFalse(secret.getMessage().contains("s3cr3t"), "never the password: " + secret.getMessage());
        assertEquals("PLAINTEXT", parse(Map.of("kafka.sasl.jaas.config", "not read without SASL")).properties()
                .getOrDefault("security.protocol", "PLAINTEXT"), "checked only when SASL is on");
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> all = new java.util.HashMap<>(base);
        all.put(name, value);
        return all;
    }

    @Test
    void optionNamesListTheProducerPropertiesForLoggingProperties() {
        KafkaTransportProvider provider = new KafkaTransportProvider();
        assertEquals("kafka", provider.id());
        assertTrue(provider.optionNames().containsAll(java.util.List.of("bootstrapServers", "topic", "key", "acks",
                "idempotence", "compression", "batchBytes", "deliveryTimeout", "kafka.sasl.jaas.config",
                "kafka.security.protocol", "kafka.client.id", "kafka.max.request.size")), "" + provider.optionNames());
        assertFalse(provider.optionNames().contains("kafka.acks"), "owned by option acks");
        assertFalse(provider.optionNames().contains("kafka.key.serializer"), "not configurable");
        assertTrue(provider.checksOptionNames(), "create() checks the names");
        assertFalse(provider.supportsTls(), "TLS is Kafka's own (kafka.security.protocol=SSL)");
        TransportSettings tls = TransportSettings.of("localhost", 5959).withOptions(REQUIRED)
                .withTls(TlsSettings.builder().enabled(true).build());
        assertEquals("sslEnable", assertThrows(InvalidOptionException.class, () -> provider.create(tls, null)).option());
    }

    @Test
    void theHandlerBuilderNamesTheOptionToo() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> AsynchronousLogstashHandler.builder()
                .transport("kafka").transportOption("bootstrapServers", "127.0.0.1:9092").transportOption("topic", "t")
                .transportOption("kafka.bootstrap.server", "x:1").build());
        assertEquals("kafka.bootstrap.server", e.option());
        assertTrue(e.getMessage().contains("did you mean kafka.bootstrap.servers"), e.getMessage());
        InvalidOptionException missing = assertThrows(InvalidOptionException.class, () -> AsynchronousLogstashHandler
                .builder().transport("kafka").transportOption("topic", "t").build());
        assertEquals("bootstrapServers", missing.option());
    }

    @Test
    void keysComeFromTheDocument() throws Exception {
        String logstash = "{\"host\":\"web-1\",\"extra\":{\"logger_name\":\"shop.Cart\",\"tenant\":{\"id\":42}},"
                + "\"message\":\"m\",\"tags\":[\"a\",{\"x\":1}]}";
        String ecs = "{\"log\":{\"logger\":\"shop.Ecs\"},\"host\":{\"name\":\"web-2\"}}";
        assertEquals("shop.Cart", key("logger", logstash));
        assertEquals("shop.Ecs", key("logger", ecs));
        assertEquals("web-1", key("host", logstash));
        assertEquals("web-2", key("host", ecs));
        assertEquals("42", key("field:extra.tenant.id", logstash));
        assertNull(key("field:extra.tenant", logstash), "an object is no key");
        assertNull(key("field:missing", logstash), "no such field: no key");
        assertNull(key("logger", "not json"), "a foreign document: no key");
        assertNull(key("none", logstash));
        assertEquals("field:extra.tenant.id", parse(Map.of("key", "field:extra.tenant.id")).keys().toString());
    }

    private static String key(String option, String document) throws Exception {
        RecordKeys keys = parse(Map.of("key", option)).keys();
        byte[] key = keys.key(document);
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }
}
