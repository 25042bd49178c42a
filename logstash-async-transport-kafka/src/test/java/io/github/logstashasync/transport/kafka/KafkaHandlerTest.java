package io.github.logstashasync.transport.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.logstashasync.api.Extras;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import io.github.logstashasync.core.HandlerStatistics;
import io.github.logstashasync.transport.kafka.testkit.KafkaBroker;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events logged through JUL with a SQLite queue, sent by the {@code kafka} transport to a real broker and read back
 * by a real consumer; records too large for the producer or the broker go to failed with Kafka's reason.
 */
class KafkaHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    private AsynchronousLogstashHandler.Builder handler(String topic, String database) {
        return AsynchronousLogstashHandler.builder().transport("kafka")
                .transportOption("bootstrapServers", broker.bootstrapServers()).transportOption("topic", topic)
                .databasePath(dir.resolve(database)).flushInterval(Duration.ofMillis(200))
                .retryInitialDelay(Duration.ofMillis(100)).retryMaxDelay(Duration.ofSeconds(1));
    }

    @Test
    void eventsLoggedThroughJulArriveInTheTopicFieldByField() throws Exception {
        AsynchronousLogstashHandler handler = handler("jul-events", "jul.db").transportOption("key", "logger")
                .transportOption("compression", "zstd").batchSize(100).build();
        Errors errors = errors(handler);
        Logger cart = logger("shop.Cart", handler);
        Logger payment = logger("shop.Payment", handler);
        int count = 300;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Logger logger = i % 3 == 0 ? payment : cart;
            logger.log(i % 10 == 0 ? Level.WARNING : Level.INFO, "event {0} Grüße 日本",
                    new Object[] {i, Extras.of("seq", i, "order", Map.of("id", "o-" + i))});
        }
        payment.log(Level.SEVERE, "payment failed", new IllegalStateException("card declined"));
        assertTrue(handler.flush(Duration.ofSeconds(60)), "every event confirmed by Kafka within 60 s: "
                + handler.statistics() + " " + errors.messages);
        long confirmed = System.nanoTime();
        HandlerStatistics statistics = handler.statistics();
        handler.close();
        System.out.printf("KAFKA JUL: %d events logged and confirmed in %d ms (SQLite queue, zstd, key=logger); %s%n",
                count + 1, (confirmed - start) / 1_000_000, statistics);
        assertEquals(count + 1, statistics.sent(), "all sent: " + statistics);
        assertEquals(0, statistics.failed() + statistics.dropped(), "nothing failed or dropped: " + statistics);

        List<ConsumerRecord<byte[], byte[]>> records = broker.read("jul-events", count + 1, Duration.ofSeconds(30));
        assertEquals(count + 1, records.size(), "one record per event, no duplicate: " + statistics + " "
                + errors.messages);
        Map<Integer, JsonNode> bySeq = new HashMap<>();
        Map<String, Integer> partitionOfLogger = new HashMap<>();
        Map<Integer, Integer> lastSeqOfPartition = new HashMap<>();
        JsonNode severe = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode doc = parse(record.value());
            String logger = doc.get("extra").get("logger_name").asString();
            assertEquals(logger, new String(record.key(), StandardCharsets.UTF_8), "key=logger: the logger's name");
            Integer partition = partitionOfLogger.putIfAbsent(logger, record.partition());
            assertTrue(partition == null || partition == record.partition(), "one logger, one partition: " + logger);
            if (!doc.get("extra").has("seq")) {
                severe = doc;
                continue;
            }
            int seq = doc.get("extra").get("seq").asInt();
            Integer previous = lastSeqOfPartition.put(record.partition(), seq);
            assertTrue(previous == null || previous < seq, "in the order logged within a partition: " + previous
                    + " then " + seq);
            assertNull(bySeq.put(seq, doc), "seq " + seq + " twice");
        }
        for (int i = 0; i < count; i++) {
            JsonNode doc = bySeq.get(i);
            String expectedLogger = i % 3 == 0 ? "shop.Payment" : "shop.Cart";
            assertEquals("event " + i + " Grüße 日本", doc.get("message").asString(), "message of " + i);
            assertEquals(i % 10 == 0 ? "WARNING" : "INFO", doc.get("level").asString(), "level of " + i);
            assertEquals(expectedLogger, doc.get("extra").get("logger_name").asString());
            assertEquals("o-" + i, doc.get("extra").get("order").get("id").asString(), "a nested extra");
            assertEquals("1", doc.get("@version").asString());
            assertEquals(ProcessHandle.current().pid(), doc.get("pid").asLong());
            assertTrue(doc.get("@timestamp").asString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                    "UTC timestamp with milliseconds: " + doc.get("@timestamp"));
            assertTrue(doc.hasNonNull("host") && doc.hasNonNull("type"), "host and type: " + doc);
        }
        assertTrue(severe != null, "the SEVERE event arrived");
        assertEquals("ERROR", severe.get("level").asString());
        assertTrue(severe.get("extra").get("stack_trace").asString().contains("card declined"), "stack trace: " + severe);
        assertTrue(errors.messages.isEmpty(), "no error reported: " + errors.messages);
    }

    @Test
    void aRecordOverMaxRequestSizeGoesToFailedWithKafkasReasonAndTheOthersArrive() throws Exception {
        AsynchronousLogstashHandler handler = handler("too-large", "large.db")
                .transportOption("kafka.max.request.size", "100000").build();
        Errors errors = errors(handler);
        Logger logger = logger("shop.Large", handler);
        logger.info("before");
        logger.info("x".repeat(200_000));
        logger.info("after");
        assertTrue(handler.flush(Duration.ofSeconds(30)), "settled within 30 s: " + handler.statistics());
        HandlerStatistics statistics = handler.statistics();
        handler.close();
        assertEquals(2, statistics.sent(), "the two small events sent: " + statistics);
        assertEquals(1, statistics.failed(), "the large one failed: " + statistics);
        assertTrue(errors.any("RecordTooLargeException") && errors.any("max.request.size"),
                "Kafka's reason is reported: " + errors.messages);
        List<String> reasons = QueueDb.failedReasons(dir.resolve("large.db"));
        System.out.println("KAFKA TOO LARGE (producer): failed_event.reason = " + reasons);
        assertEquals(1, reasons.size(), "one failed event in the database: " + reasons);
        assertTrue(reasons.get(0).contains("RecordTooLargeException") && reasons.get(0).contains("max.request.size"),
                "the database keeps Kafka's reason with the event: " + reasons);
        List<String> messages = messages(broker.read("too-large", 2, Duration.ofSeconds(20)));
        assertEquals(List.of("before", "after"), messages, "the others arrive, in order");
    }

    @Test
    void aRecordTheBrokerRefusesGoesToFailedAndTheOthersArrive() throws Exception {
        broker.createTopic("broker-limit", 1, Map.of("max.message.bytes", "20000"));
        // the producer would send it (its limit is 1 MiB), the topic refuses it; random text does not compress
        AsynchronousLogstashHandler handler = handler("broker-limit", "broker.db").transportOption("compression", "none")
                .build();
        Errors errors = errors(handler);
        Logger logger = logger("shop.Broker", handler);
        logger.info("first");
        logger.info(randomText(60_000));
        logger.info("last");
        assertTrue(handler.flush(Duration.ofSeconds(30)), "settled within 30 s: " + handler.statistics());
        HandlerStatistics statistics = handler.statistics();
        handler.close();
        assertEquals(2, statistics.sent(), "two sent: " + statistics + " " + errors.messages);
        assertEquals(1, statistics.failed(), "the one the broker refuses failed: " + statistics);
        assertTrue(errors.any("RecordTooLargeException"), "Kafka's reason: " + errors.messages);
        List<String> reasons = QueueDb.failedReasons(dir.resolve("broker.db"));
        System.out.println("KAFKA TOO LARGE (topic): failed_event.reason = " + reasons);
        assertEquals(1, reasons.size(), "one failed event in the database: " + reasons);
        assertTrue(reasons.get(0).contains("RecordTooLargeException"), "Kafka's reason with the event: " + reasons);
        assertEquals(List.of("first", "last"), messages(broker.read("broker-limit", 2, Duration.ofSeconds(20))));
    }

    @Test
    void loggingPropertiesSelectTheTransportAndPassProducerProperties() throws Exception {
        String handlerClass = AsynchronousLogstashHandler.class.getName();
        String properties = String.join("\n",
                "handlers =",
                handlerClass + ".transport = kafka",
                handlerClass + ".bootstrapServers = " + broker.bootstrapServers(),
                handlerClass + ".topic = from-properties",
                handlerClass + ".key = host",
                handlerClass + ".compression = none",
                handlerClass + ".kafka.client.id = properties-test",
                handlerClass + ".kafka.linger.ms = 5",
                handlerClass + ".databasePath = " + dir.resolve("properties.db").toString().replace("\\", "/"),
                handlerClass + ".flushInterval = 200ms",
                "");
        LogManager manager = LogManager.getLogManager();
        AsynchronousLogstashHandler handler;
        try {
            manager.readConfiguration(new ByteArrayInputStream(properties.getBytes(StandardCharsets.ISO_8859_1)));
            handler = new AsynchronousLogstashHandler(); // as LogManager creates it from the handlers line
        } finally {
            try (InputStream quiet = KafkaHandlerTest.class.getResourceAsStream("/no-logging.properties")) {
                manager.readConfiguration(quiet);
            }
        }
        Logger logger = logger("shop.Properties", handler);
        for (int i = 0; i < 20; i++) {
            logger.info("from logging.properties " + i);
        }
        assertTrue(handler.flush(Duration.ofSeconds(30)), "confirmed: " + handler.statistics());
        handler.close();
        List<ConsumerRecord<byte[], byte[]>> records = broker.read("from-properties", 20, Duration.ofSeconds(20));
        assertEquals(20, records.size(), "every event in the topic named in logging.properties");
        String host = parse(records.get(0).value()).get("host").asString();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertEquals(host, new String(record.key(), StandardCharsets.UTF_8), "key=host");
        }
    }

    private static String randomText(int length) {
        Random random = new Random(12);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('!' + random.nextInt(90)));
        }
        return text.toString();
    }

    private static List<String> messages(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> messages = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            messages.add(parse(record.value()).get("message").asString());
        }
        return messages;
    }

    static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + new String(value, StandardCharsets.UTF_8), e);
        }
    }

    /** A logger of its own, not propagating to the root logger, with only {@code handler}. */
    static Logger logger(String name, Handler handler) {
        Logger logger = Logger.getLogger(name);
        for (Handler h : logger.getHandlers()) {
            logger.removeHandler(h);
        }
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        return logger;
    }

    static Errors errors(Handler handler) {
        Errors errors = new Errors();
        handler.setErrorManager(errors);
        return errors;
    }

    /** Collects what a handler reports on its ErrorManager. */
    static final class Errors extends ErrorManager {
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public void error(String msg, Exception ex, int code) {
            messages.add(ex == null ? msg : msg + " / " + ex);
        }

        boolean any(String fragment) {
            return messages.stream().anyMatch(m -> m.contains(fragment));
        }
    }
}
