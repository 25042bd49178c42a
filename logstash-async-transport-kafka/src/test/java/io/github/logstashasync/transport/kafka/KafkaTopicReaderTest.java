package io.github.logstashasync.transport.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.api.spi.TransportReader;
import io.github.logstashasync.transport.kafka.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider's reader of a topic, which the command line's {@code listen kafka} uses. */
class KafkaTopicReaderTest {

    @TempDir
    static Path brokerHome;

    private static KafkaBroker broker;
    private final KafkaTransportProvider provider = new KafkaTransportProvider();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(brokerHome, Map.of());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static TransportSettings settings(String bootstrap, String topic, Map<String, String> more) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("bootstrapServers", bootstrap, "topic", topic));
        options.putAll(more);
        return new TransportSettings("localhost", 5959, StandardCharsets.UTF_8, Duration.ofSeconds(5),
                Duration.ofSeconds(5), 25, TlsSettings.builder().build(), options);
    }

    private void send(String topic, List<String> documents) throws Exception {
        try (Transport transport = provider.create(settings(broker.bootstrapServers(), topic, Map.of()), null)) {
            transport.send(documents, (index, reason) -> {
                throw new AssertionError("rejected " + index + ": " + reason);
            });
        }
    }

    private static List<String> readUntil(TransportReader reader, int count, Duration timeout) throws Exception {
        List<String> documents = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (documents.size() < count && System.nanoTime() < deadline) {
            documents.addAll(reader.poll(Duration.ofMillis(200)));
        }
        return documents;
    }

    @Test
    void fromTheEndOnlyWhatArrivesAfterOpeningFromTheBeginningEverything() throws Exception {
        send("reader-topic", List.of("{\"n\":1}", "{\"n\":2}"));
        assertTrue(provider.supportsReading(), "kafka can be read back");
        try (TransportReader latest = provider.openReader(settings(broker.bootstrapServers(), "reader-topic",
                Map.of("acks", "1", "kafka.linger.ms", "5", "kafka.client.id", "reader-test")), false)) {
            assertEquals(List.of(), latest.poll(Duration.ofMillis(500)), "what was there before is skipped");
            send("reader-topic", List.of("{\"n\":3}"));
            assertEquals(List.of("{\"n\":3}"), readUntil(latest, 1, Duration.ofSeconds(20)), "what arrives is read");
        }
        try (TransportReader all = provider.openReader(settings(broker.bootstrapServers(), "reader-topic", Map.of()),
                true)) {
            List<String> documents = readUntil(all, 3, Duration.ofSeconds(20));
            assertEquals(3, documents.size(), "everything the topic holds: " + documents);
            assertTrue(documents.containsAll(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}")), documents.toString());
        }
    }

    @Test
    void aTopicThatDoesNotExistYetIsReadOnceItAppearsAndIsNotCreatedByReading() throws Exception {
        try (TransportReader reader = provider.openReader(settings(broker.bootstrapServers(), "later-topic", Map.of()),
                false)) {
            assertEquals(List.of(), reader.poll(Duration.ofMillis(300)));
            try (var admin = broker.admin()) {
                assertTrue(!admin.listTopics().names().get().contains("later-topic"), "reading created no topic");
            }
            send("later-topic", List.of("{\"late\":true}"));
            assertEquals(List.of("{\"late\":true}"), readUntil(reader, 1, Duration.ofSeconds(30)));
        }
    }

    @Test
    void optionsAreCheckedAndAnUnreachableClusterFailsWithinTheSocketTimeout() throws Exception {
        InvalidOptionException unknown = assertThrows(InvalidOptionException.class, () -> provider.openReader(
                settings(broker.bootstrapServers(), "t", Map.of("kafka.no.such.property", "1")), false));
        assertEquals("kafka.no.such.property", unknown.option());
        assertEquals("topic", assertThrows(InvalidOptionException.class, () -> provider.openReader(
                settings(broker.bootstrapServers(), "bad topic", Map.of()), false)).option());
        assertEquals("kafka.fetch.max.bytes", assertThrows(InvalidOptionException.class, () -> provider.openReader(
                settings(broker.bootstrapServers(), "t", Map.of("kafka.fetch.max.bytes", "lots")), false)).option());

        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        TransportSettings nowhere = new TransportSettings("localhost", 5959, StandardCharsets.UTF_8,
                Duration.ofSeconds(2), Duration.ofSeconds(1), 25, TlsSettings.builder().build(),
                Map.of("bootstrapServers", "127.0.0.1:" + closedPort, "topic", "t"));
        long start = System.nanoTime();
        TransportException down = assertThrows(TransportException.class, () -> provider.openReader(nowhere, false));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 6_000, "fails within the 2 s socket timeout, not Kafka's minute: " + millis + " ms");
        assertTrue(down.getMessage().contains("127.0.0.1:" + closedPort), down.getMessage());
        assertEquals("kafka://127.0.0.1:9092/logs", provider.destination(settings("127.0.0.1:9092", "logs", Map.of())));
    }
}
