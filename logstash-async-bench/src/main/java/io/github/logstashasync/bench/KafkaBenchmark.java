package io.github.logstashasync.bench;

import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import io.github.logstashasync.transport.kafka.internal.KafkaOptions;
import io.github.logstashasync.transport.kafka.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End-to-end events per second into a local single-node Kafka broker (KRaft, started by the benchmark in a JVM of
 * its own from the broker's jars in benchmarks.jar): {@code ours} logs {@value #EVENTS} events through the JUL
 * handler with the transport {@code kafka}, every option at the library's default (memory or SQLite queue), and
 * the invocation ends when the producer has confirmed them all; {@code raw} sends the same number of the same
 * documents, serialised beforehand, with kafka-clients' own {@code KafkaProducer} (the same {@code acks},
 * idempotence and compression, Kafka's defaults otherwise) and waits for every callback: what a producer alone
 * does on this machine, our limit. After every iteration the topic's end offsets must hold every event logged
 * or sent (0 lost), and nothing may be dropped or failed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(KafkaBenchmark.EVENTS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class KafkaBenchmark {

    /** Events per invocation. */
    public static final int EVENTS = 200_000;
    /** Partitions of every topic (the fixture's default too). */
    static final int PARTITIONS = 3;

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** The broker's JVM: full JIT and a fixed heap, unlike the tests' quick-starting one. */
    private static final List<String> BROKER_JVM = List.of(
            System.getProperty("bench.kafkaHeap", "-Xmx768m"), "-Xms256m");

    /** One broker per fork, in a temporary folder, stopped and deleted at the end. */
    @State(Scope.Benchmark)
    public static class Broker {
        KafkaBroker broker;
        Admin admin;
        private Path home;

        /** Starts the broker. */
        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void start() throws Exception {
            // kafka-clients logs through SLF4J, which is Logback in benchmarks.jar, unconfigured: DEBUG to the console
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka"))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
            home = Files.createTempDirectory("logstash-async-bench-kafka-");
            long started = System.nanoTime();
            broker = KafkaBroker.start(home, Map.of(), BROKER_JVM);
            admin = broker.admin();
            System.out.printf("%n[bench] kafka: broker at %s, data in %s, JVM %s, ready in %.1f s%n",
                    broker.bootstrapServers(), home, BROKER_JVM, (System.nanoTime() - started) / 1e9);
        }

        /** Stops the broker and deletes its data. */
        @TearDown(org.openjdk.jmh.annotations.Level.Trial)
        public void stop() throws java.io.IOException {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
            if (broker != null) {
                broker.close();
            }
            if (home != null) {
                Cleanup.deleteTree(home);
            }
        }

        /** Creates {@code topic} with {@value #PARTITIONS} partitions. */
        void createTopic(String topic) throws Exception {
            broker.createTopic(topic, PARTITIONS, Map.of());
        }

        /** The sum of the end offsets of the topic's partitions: how many records it holds. */
        long records(String topic) throws Exception {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long sum = 0;
            for (ListOffsetsResult.ListOffsetsResultInfo info : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .values()) {
                sum += info.offset();
            }
            return sum;
        }
    }

    /** Checks after an iteration that the topic holds what was sent, and prints where the CPU time went. */
    abstract static class Side {
        final ThreadCpu threadCpu = new ThreadCpu();
        long sent;
        private long sentBefore;

        private Duration brokerCpuBefore = Duration.ZERO;

        void iterationStarted(Broker broker) {
            sentBefore = sent;
            brokerCpuBefore = broker.broker.cpuTime();
            threadCpu.start();
        }

        void iterationEnded(Broker broker, String name, String topic) throws Exception {
            String cpu = threadCpu.report(sent - sentBefore);
            double brokerCpu = sent == sentBefore ? 0
                    : broker.broker.cpuTime().minus(brokerCpuBefore).toNanos() / 1e3 / (sent - sentBefore);
            long records = broker.records(topic);
            System.out.printf("[bench] %s: %s; the broker's JVM %.2f us per event; topic %s holds %,d records for %,d "
                    + "events%s%n", name, cpu, brokerCpu, topic, records, sent,
                    records > sent ? " (" + (records - sent) + " sent twice)" : "");
            if (records < sent) {
                throw new IllegalStateException(name + ": " + (sent - records) + " events lost: the topic holds "
                        + records + " records, " + sent + " were confirmed");
            }
        }
    }

    /** Our JUL handler with the transport {@code kafka}, the library's defaults. */
    @State(Scope.Benchmark)
    public static class Ours extends Side {
        /** {@code memory}: the memory queue; {@code sqlite}: the SQLite queue in a temporary folder. */
        @Param({"memory", "sqlite"})
        public String queue;

        AsynchronousLogstashHandler handler;
        Logger logger;
        String topic;
        private Path directory;

        /** Creates the topic and the handler. */
        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void start(Broker broker) throws Exception {
            topic = "bench-ours-" + queue;
            broker.createTopic(topic);
            Path database = null;
            if (queue.equals("sqlite")) {
                directory = Files.createTempDirectory("logstash-async-bench-");
                database = directory.resolve("queue.db");
            }
            handler = OurSide.kafkaHandler(broker.broker.bootstrapServers(), topic, database);
            logger = OurSide.logger("bench.kafka", handler);
            Map<String, String> options = OurSide.kafkaOptions();
            System.out.println("[bench] ours/kafka-" + queue + ": " + OurSide.describe() + "; transport kafka, "
                    + (options.isEmpty() ? "every option at its default" : "options " + options)
                    + (database == null ? "; memory queue" : "; SQLite queue " + database));
        }

        /** Notes each thread's CPU time. */
        @Setup(org.openjdk.jmh.annotations.Level.Iteration)
        public void iterationStart(Broker broker) {
            iterationStarted(broker);
        }

        /** Checks the topic and reports the CPU time. */
        @TearDown(org.openjdk.jmh.annotations.Level.Iteration)
        public void iterationEnd(Broker broker) throws Exception {
            iterationEnded(broker, "ours/kafka-" + queue, topic);
        }

        /** Closes the handler; checks that nothing was dropped or failed. */
        @TearDown(org.openjdk.jmh.annotations.Level.Trial)
        public void stop(Broker broker) throws Exception {
            handler.close();
            OurSide.checkNoLoss(handler, "kafka-" + queue);
            long sends = handler.pipeline().metrics().getBatchesSent();
            System.out.printf("[bench] ours/kafka-%s: %s, %,d sends (%.0f events per send)%n", queue,
                    handler.statistics(), sends, sends == 0 ? 0.0 : (double) handler.statistics().sent() / sends);
            iterationEnded(broker, "ours/kafka-" + queue + " (end)", topic);
            if (directory != null) {
                Cleanup.deleteTree(directory);
            }
        }
    }

    /** kafka-clients' own producer with pre-serialised documents: the reference. */
    @State(Scope.Benchmark)
    public static class Raw extends Side {
        /**
         * {@code ours}: the producer properties our transport sets by default (acks, idempotence, compression,
         * batch size, linger; see {@link KafkaOptions}); {@code kafka}: only what the transport sets about delivery
         * ({@code acks=all}, idempotence, lz4), Kafka's defaults otherwise (16 KiB batches).
         */
        @Param({"ours", "kafka"})
        public String producerConfig;

        /** Distinct documents to cycle through (as the handler would write them, one timestamp each). */
        private static final int DOCUMENTS = 1_000;

        KafkaProducer<byte[], byte[]> producer;
        final List<byte[]> documents = new ArrayList<>();
        String topic;
        final AtomicLong confirmed = new AtomicLong();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final Callback callback = (metadata, exception) -> {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            } else {
                confirmed.incrementAndGet();
            }
        };

        /** Creates the topic, the documents and the producer. */
        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void start(Broker broker) throws Exception {
            topic = "bench-raw-" + producerConfig;
            broker.createTopic(topic);
            for (int i = 0; i < DOCUMENTS; i++) {
                documents.add(BenchEvent.ourDocument().getBytes(StandardCharsets.UTF_8));
            }
            Map<String, Object> config = new java.util.TreeMap<>();
            if (producerConfig.equals("ours")) {
                config.putAll(KafkaOptions.parse(TransportSettings.of("127.0.0.1", 9092).withOptions(Map.of(
                        KafkaOptions.BOOTSTRAP_SERVERS, broker.broker.bootstrapServers(), KafkaOptions.TOPIC, topic)))
                        .properties());
            } else {
                config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.broker.bootstrapServers());
                config.put(ProducerConfig.ACKS_CONFIG, "all");
                config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            }
            producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
            System.out.printf("[bench] raw/%s: KafkaProducer, %s, %d documents of %d bytes%n", producerConfig, config,
                    DOCUMENTS, documents.get(0).length);
        }

        /** Notes each thread's CPU time. */
        @Setup(org.openjdk.jmh.annotations.Level.Iteration)
        public void iterationStart(Broker broker) {
            iterationStarted(broker);
        }

        /** Checks the topic and reports the CPU time. */
        @TearDown(org.openjdk.jmh.annotations.Level.Iteration)
        public void iterationEnd(Broker broker) throws Exception {
            iterationEnded(broker, "raw/" + producerConfig, topic);
        }

        /** Closes the producer. */
        @TearDown(org.openjdk.jmh.annotations.Level.Trial)
        public void stop() {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** Our handler: log every event, wait until the producer has confirmed them all. */
    @Benchmark
    public void ours(Ours state, CpuCounters cpu) {
        cpu.begin();
        Logger logger = state.logger;
        for (int i = 0; i < EVENTS; i++) {
            logger.log(Level.INFO, BenchEvent.MESSAGE, BenchEvent.extras());
        }
        state.sent += EVENTS;
        if (!state.handler.flush(TIMEOUT)) {
            throw new IllegalStateException("kafka-" + state.queue + ": not everything was confirmed within " + TIMEOUT
                    + ": " + state.handler.statistics());
        }
        cpu.end(EVENTS);
        OurSide.checkNoLoss(state.handler, "kafka-" + state.queue);
    }

    /** The reference: send every document, wait for every callback. */
    @Benchmark
    public void raw(Raw state, CpuCounters cpu) {
        cpu.begin();
        long target = state.confirmed.get() + EVENTS;
        KafkaProducer<byte[], byte[]> producer = state.producer;
        List<byte[]> documents = state.documents;
        for (int i = 0; i < EVENTS; i++) {
            producer.send(new ProducerRecord<>(state.topic, documents.get(i % documents.size())), state.callback);
        }
        producer.flush();
        state.sent += EVENTS;
        if (state.failure.get() != null || state.confirmed.get() != target) {
            throw new IllegalStateException("raw/" + state.producerConfig + ": " + state.confirmed.get() + " of "
                    + target + " confirmed", state.failure.get());
        }
        cpu.end(EVENTS);
    }
}
