package io.github.logstashasync.transport.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import tools.jackson.databind.JsonNode;
import io.github.logstashasync.core.HandlerStatistics;
import io.github.logstashasync.logback.LogstashAppender;
import io.github.logstashasync.transport.kafka.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/**
 * Events logged through SLF4J onto Logback's {@code LogstashAppender} with {@code <transport>kafka</transport>},
 * configured by a {@code logback.xml}, read back from the broker by a real consumer and compared field by field.
 */
class KafkaLogbackTest {

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
        ((LoggerContext) LoggerFactory.getILoggerFactory()).reset();
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void eventsLoggedThroughLogbackArriveInTheTopicFieldByField() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        context.getStatusManager().clear();
        context.putProperty("KAFKA_BOOTSTRAP", broker.bootstrapServers());
        context.putProperty("KAFKA_DB", dir.resolve("logback.db").toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(KafkaLogbackTest.class.getResource("/logback-kafka.xml"));
        List<String> problems = new ArrayList<>();
        context.getStatusManager().getCopyOfStatusList().stream().filter(s -> s.getEffectiveLevel() >= Status.WARN)
                .forEach(s -> problems.add(s.getMessage()));
        assertEquals(List.of(), problems, "a clean configuration");
        LogstashAppender appender = (LogstashAppender) context.getLogger("shop").getAppender("KAFKA");
        assertTrue(appender != null && appender.isStarted(), "the appender of logback-kafka.xml started");

        Logger orders = LoggerFactory.getLogger("shop.Orders");
        int count = 200;
        for (int i = 0; i < count; i++) {
            MDC.put("tenant", "t" + (i % 4));
            if (i % 5 == 0) {
                orders.atWarn().addMarker(MarkerFactory.getMarker("audit")).addKeyValue("seq", i)
                        .addKeyValue("amount", i * 0.5).log("order {} checked", i);
            } else {
                orders.atInfo().addKeyValue("seq", i).addKeyValue("amount", i * 0.5).log("order {} placed", i);
            }
        }
        MDC.clear();
        orders.error("order failed", new IllegalStateException("out of stock"));
        assertTrue(appender.flush(Duration.ofSeconds(60)), "every event confirmed by Kafka within 60 s: "
                + appender.pipeline().statistics());
        HandlerStatistics statistics = appender.pipeline().statistics();
        context.reset();
        assertEquals(count + 1, statistics.sent(), "all sent: " + statistics);
        assertEquals(0, statistics.failed() + statistics.dropped(), "nothing failed or dropped: " + statistics);

        List<ConsumerRecord<byte[], byte[]>> records = broker.read("logback-events", count + 1, Duration.ofSeconds(30));
        assertEquals(count + 1, records.size(), "one record per event, no duplicate");
        Map<Integer, JsonNode> bySeq = new HashMap<>();
        Map<String, Integer> partitionOfTenant = new HashMap<>();
        JsonNode failed = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode doc = KafkaHandlerTest.parse(record.value());
            JsonNode extra = doc.get("extra");
            if (!extra.has("seq")) {
                failed = doc;
                assertNull(record.key(), "no tenant in the MDC: no key");
                continue;
            }
            String tenant = extra.get("tenant").asString();
            assertEquals(tenant, new String(record.key(), StandardCharsets.UTF_8), "key=field:extra.tenant");
            Integer partition = partitionOfTenant.putIfAbsent(tenant, record.partition());
            assertTrue(partition == null || partition == record.partition(), "one tenant, one partition: " + tenant);
            assertNull(bySeq.put(extra.get("seq").asInt(), doc), "seq " + extra.get("seq") + " twice");
        }
        for (int i = 0; i < count; i++) {
            JsonNode doc = bySeq.get(i);
            JsonNode extra = doc.get("extra");
            boolean audit = i % 5 == 0;
            assertEquals("order " + i + (audit ? " checked" : " placed"), doc.get("message").asString());
            assertEquals(audit ? "WARN" : "INFO", doc.get("level").asString(), "Logback's level name");
            assertEquals("shop.Orders", extra.get("logger_name").asString());
            assertEquals("t" + (i % 4), extra.get("tenant").asString(), "the MDC entry");
            assertTrue(extra.get("seq").isInt(), "a key-value stays a number: " + extra.get("seq"));
            assertEquals(i * 0.5, extra.get("amount").asDouble(), "a typed key-value");
            assertEquals("logback-kafka", doc.get("type").asString(), "messageType");
            assertEquals(audit ? List.of("logback", "audit") : List.of("logback"), texts(doc.get("tags")),
                    "the static tags, then the markers");
        }
        assertTrue(failed != null, "the ERROR event arrived");
        assertEquals("ERROR", failed.get("level").asString());
        assertEquals("java.lang.IllegalStateException", failed.get("extra").get("error_type").asString());
        assertTrue(failed.get("extra").get("stack_trace").asString().contains("out of stock"), "stack trace: " + failed);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asString()));
        return texts;
    }
}
