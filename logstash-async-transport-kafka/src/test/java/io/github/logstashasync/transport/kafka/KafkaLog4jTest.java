package io.github.logstashasync.transport.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.transport.kafka.testkit.KafkaBroker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events logged through Log4j 2 onto its {@code <LogstashAsync transport="kafka">} appender, configured by a
 * {@code log4j2.xml}, read back from the broker by a real consumer and compared field by field.
 */
class KafkaLog4jTest {

    @TempDir
    static Path brokerHome;
    @TempDir
    Path dir;

    private static KafkaBroker broker;

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

    @Test
    void eventsLoggedThroughLog4jArriveInTheTopicFieldByField() throws Exception {
        URI config = KafkaLog4jTest.class.getResource("/log4j2-kafka.xml").toURI();
        LoggerContext context = new LoggerContext("kafka-log4j", null, config);
        System.setProperty("kafka.bootstrap", broker.bootstrapServers());
        System.setProperty("kafka.db", dir.resolve("log4j.db").toString());
        try {
            context.start();
        } finally {
            System.clearProperty("kafka.bootstrap");
            System.clearProperty("kafka.db");
        }
        assertTrue(context.getConfiguration().getAppender("KAFKA") != null, "the appender of log4j2-kafka.xml started");
        Logger orders = context.getLogger("shop.Orders");
        Logger stock = context.getLogger("shop.Stock");
        int count = 200;
        for (int i = 0; i < count; i++) {
            ThreadContext.put("request_id", "r-" + i);
            if (i % 4 == 0) {
                stock.warn(MarkerManager.getMarker("audit"), "stock {} low", i);
            } else {
                orders.info("order {} placed", i);
            }
        }
        ThreadContext.clearMap();
        // stop closes the pipeline: what is queued is sent within shutdownTimeout
        assertTrue(context.stop(30, TimeUnit.SECONDS), "the context stopped");

        List<ConsumerRecord<byte[], byte[]>> records = broker.read("log4j-events", count, Duration.ofSeconds(30));
        assertEquals(count, records.size(), "one record per event, no duplicate");
        Map<Integer, JsonNode> byRequest = new HashMap<>();
        Map<String, Integer> partitionOfLogger = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode doc = KafkaHandlerTest.parse(record.value());
            String logger = doc.get("extra").get("logger_name").asString();
            assertEquals(logger, new String(record.key(), StandardCharsets.UTF_8), "key=logger");
            Integer partition = partitionOfLogger.putIfAbsent(logger, record.partition());
            assertTrue(partition == null || partition == record.partition(), "one logger, one partition: " + logger);
            int request = Integer.parseInt(doc.get("extra").get("request_id").asString().substring(2));
            assertNull(byRequest.put(request, doc), "request " + request + " twice");
        }
        for (int i = 0; i < count; i++) {
            JsonNode doc = byRequest.get(i);
            boolean audit = i % 4 == 0;
            assertEquals(audit ? "stock " + i + " low" : "order " + i + " placed", doc.get("message").asString());
            assertEquals(audit ? "WARN" : "INFO", doc.get("level").asString(), "Log4j's level name");
            assertEquals(audit ? "shop.Stock" : "shop.Orders", doc.get("extra").get("logger_name").asString());
            assertEquals("log4j-kafka", doc.get("type").asString(), "messageType");
            assertEquals(audit ? "[\"log4j\",\"audit\"]" : "[\"log4j\"]", doc.get("tags").toString(),
                    "the static tags, then the marker");
        }
    }
}
