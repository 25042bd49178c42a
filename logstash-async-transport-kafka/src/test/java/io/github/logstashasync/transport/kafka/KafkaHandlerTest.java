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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events logged through JUL with a SQLite queue, sent by the {@code kafka} transport to a real broker and read back
 * by a real consumer; records too large for the producer or the broker, or for a topic the user may not write, go
 * to failed with Kafka's reason. The broker has a second listener, SASL_PLAINTEXT behind Kafka's authorizer, for
 * the authorization test; the others use its PLAINTEXT listener, whose anonymous principal may do anything.
 */
class KafkaHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path brokerHome;
    @TempDir
    Path dir;

    private static final String USER = "alice";
    private static final String PASSWORD = "alice-secret";

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.startWithSasl(brokerHome, Map.of(USER, PASSWORD));
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

    @Test
    void aSendTakesAThousandEventsWhateverTheBatchSize() throws Exception {
        // the sender waits for every event: one group, which the transport takes at once instead of in 20 batches of
        // 50, each waiting for the cluster's confirmation
        AsynchronousLogstashHandler handler = handler("big-sends", "big.db").batchSize(50).flushCount(1_000_000)
                .flushInterval(Duration.ofMinutes(1)).build();
        Logger logger = logger("shop.Big", handler);
        for (int i = 0; i < 2_000; i++) {
            logger.info("big send " + i);
        }
        assertTrue(handler.flush(Duration.ofSeconds(30)), "confirmed: " + handler.statistics());
        long batches = handler.pipeline().metrics().getBatchesSent();
        HandlerStatistics statistics = handler.statistics();
        handler.close();
        assertEquals(2_000, statistics.sent(), "all sent: " + statistics);
        assertTrue(batches <= 4, "2,000 events in sends of 1,000 (2, or a few more if the persister was still "
                + "appending when the first went), not in 40 of batchSize 50: " + batches + " sends");
        assertEquals(2_000, broker.read("big-sends", 2_000, Duration.ofSeconds(20)).size(), "every record arrived");
    }

    @Test
    void aTopicTheUserMayNotWriteGoesToFailedWithKafkasReasonAndTheHandlerKeepsWorking() throws Exception {
        broker.createTopic("acl-allowed", 1, Map.of());
        broker.createTopic("acl-denied", 1, Map.of());
        allowWrite("acl-allowed");
        AsynchronousLogstashHandler allowed = saslHandler("acl-allowed", "allowed.db").build();
        AsynchronousLogstashHandler denied = saslHandler("acl-denied", "denied.db").build();
        Errors errors = errors(denied);
        Logger allowedLogger = logger("shop.Allowed", allowed);
        Logger deniedLogger = logger("shop.Denied", denied);
        for (int i = 0; i < 20; i++) {
            allowedLogger.info("allowed " + i);
            deniedLogger.info("denied " + i);
        }
        assertTrue(allowed.flush(Duration.ofSeconds(30)), "the allowed topic's events confirmed: "
                + allowed.statistics());
        long settling = System.nanoTime();
        // one refusal of the topic fails the batch: not one metadata request per record, which Kafka backs off up
        // to a second each (this test took 19 s that way)
        assertTrue(denied.flush(Duration.ofSeconds(10)), "the denied topic's events settled within 10 s: "
                + denied.statistics());
        System.out.printf("KAFKA TOPIC NOT AUTHORIZED: 20 events failed in %d ms%n",
                (System.nanoTime() - settling) / 1_000_000);
        HandlerStatistics refused = denied.statistics();
        assertEquals(20, allowed.statistics().sent(), "SASL through kafka.* options: " + allowed.statistics());
        assertEquals(0, refused.sent(), "nothing written to a topic the user may not write: " + refused);
        assertEquals(20, refused.failed(), "every event to it failed, none lost or dropped: " + refused);
        assertEquals(0, refused.dropped() + refused.pending(), "none dropped or pending: " + refused);
        List<String> reasons = QueueDb.failedReasons(dir.resolve("denied.db"));
        System.out.println("KAFKA TOPIC NOT AUTHORIZED: failed_event.reason = " + reasons.get(0));
        assertEquals(20, reasons.size(), "the 20 events are in failed_event: " + reasons);
        assertTrue(reasons.stream().allMatch(r -> r.contains("TopicAuthorizationException") && r.contains("acl-denied")),
                "each with Kafka's reason: " + reasons);
        assertTrue(errors.any("TopicAuthorizationException"), "reported: " + errors.messages);

        // the handler keeps working: once the user may write the topic, the next events arrive
        allowWrite("acl-denied");
        for (int i = 0; i < 5; i++) {
            deniedLogger.info("granted " + i);
        }
        assertTrue(denied.flush(Duration.ofSeconds(30)), "confirmed after the grant: " + denied.statistics());
        HandlerStatistics granted = denied.statistics();
        allowed.close();
        denied.close();
        assertEquals(5, granted.sent(), "the events after the grant sent: " + granted);
        assertEquals(20, granted.failed(), "no more failed: " + granted);
        assertEquals(List.of("granted 0", "granted 1", "granted 2", "granted 3", "granted 4"),
                messages(broker.read("acl-denied", 5, Duration.ofSeconds(20))), "only the events after the grant");
        assertEquals(20, broker.read("acl-allowed", 20, Duration.ofSeconds(20)).size(), "the allowed topic has all 20");
    }

    @Test
    void aWrongPasswordFailsNoEventTheyWaitInTheQueue() throws Exception {
        broker.createTopic("acl-password", 1, Map.of());
        allowWrite("acl-password");
        AsynchronousLogstashHandler handler = saslHandler("acl-password", "password.db", "wrong-password")
                .socketTimeout(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofMillis(500)).build();
        Errors errors = errors(handler);
        Logger logger = logger("shop.Password", handler);
        for (int i = 0; i < 10; i++) {
            logger.info("refused login " + i);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (handler.statistics().retries() < 2 && System.nanoTime() < deadline) {
            handler.pipeline().flush(Duration.ofMillis(200)); // waits on the pipeline, returns false while refused
        }
        HandlerStatistics refused = handler.statistics();
        long closing = System.nanoTime();
        handler.close();
        System.out.printf("KAFKA WRONG PASSWORD: %s, close %d ms; %s%n", refused, (System.nanoTime() - closing) / 1_000_000,
                errors.messages.isEmpty() ? "" : errors.messages.get(0));
        assertTrue(refused.retries() >= 2, "a refused login is retried with back-off: " + refused);
        assertEquals(0, refused.sent() + refused.failed(), "nothing sent, nothing failed: the events wait for a "
                + "corrected password: " + refused);
        assertEquals(10, QueueDb.queued(dir.resolve("password.db")), "the 10 events stay in the database");
        assertTrue(errors.any("SaslAuthenticationException") && !errors.any("wrong-password"),
                "Kafka's reason is reported, never the password: " + errors.messages);
    }

    /** A handler that connects as {@code alice} over SASL_PLAINTEXT/PLAIN, set through kafka.* options. */
    private AsynchronousLogstashHandler.Builder saslHandler(String topic, String database) {
        return saslHandler(topic, database, PASSWORD);
    }

    private AsynchronousLogstashHandler.Builder saslHandler(String topic, String database, String password) {
        return handler(topic, database).transportOption("bootstrapServers", broker.saslBootstrapServers())
                .transportOption("kafka.security.protocol", "SASL_PLAINTEXT")
                .transportOption("kafka.sasl.mechanism", "PLAIN")
                .transportOption("kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                        + "required username=\"" + USER + "\" password=\"" + password + "\";");
    }

    /** Lets {@code alice} write {@code topic}, and waits until the broker applies it (she can describe it). */
    private static void allowWrite(String topic) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                    new AccessControlEntry("User:" + USER, "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.saslBootstrapServers());
        config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        config.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        config.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"" + USER + "\" password=\"" + PASSWORD + "\";");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Admin asUser = Admin.create(config)) {
            while (true) {
                try {
                    // WRITE implies DESCRIBE: this succeeds once the broker's authorizer has the new ACL
                    asUser.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the ACL on " + topic + " was not applied within 30 s", e);
                    }
                    Thread.sleep(50);
                }
            }
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
