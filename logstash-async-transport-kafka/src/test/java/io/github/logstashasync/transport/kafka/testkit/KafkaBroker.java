package io.github.logstashasync.transport.kafka.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A real single-node Kafka broker (KRaft: broker and controller in one process) in a JVM of its own, from the
 * Maven jars of {@code org.apache.kafka:kafka_2.13} (the same release as the client), on free loopback ports, its
 * storage formatted in a temporary folder. It can be stopped hard ({@code kill -9}) and started again on the same
 * ports and data, and it halts by itself when the test JVM goes away. The test jar of this module carries it (this
 * package only) for the command line's Kafka tests.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path home;
    private final int port;
    private final int controllerPort;
    private final Path properties;
    private final Path log;
    private Process process;

    private KafkaBroker(Path home, int port, int controllerPort, Map<String, String> extra) throws IOException {
        this.home = Files.createDirectories(home);
        this.port = port;
        this.controllerPort = controllerPort;
        this.properties = home.resolve("server.properties");
        this.log = home.resolve("broker.log");
        Properties config = new Properties();
        config.setProperty("process.roles", "broker,controller");
        config.setProperty("node.id", "1");
        config.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.setProperty("controller.listener.names", "CONTROLLER");
        config.setProperty("inter.broker.listener.name", "PLAINTEXT");
        config.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.setProperty("log.dirs", home.resolve("data").toString());
        config.setProperty("offsets.topic.replication.factor", "1");
        config.setProperty("offsets.topic.num.partitions", "1");
        config.setProperty("transaction.state.log.replication.factor", "1");
        config.setProperty("transaction.state.log.min.isr", "1");
        config.setProperty("group.initial.rebalance.delay.ms", "0");
        config.setProperty("num.partitions", "3");
        // a small machine shared with other builds: few threads
        config.setProperty("num.network.threads", "1");
        config.setProperty("num.io.threads", "2");
        config.setProperty("background.threads", "2");
        config.setProperty("num.recovery.threads.per.data.dir", "1");
        config.setProperty("log.cleaner.threads", "1");
        config.setProperty("log.cleaner.dedupe.buffer.size", "2097152");
        extra.forEach(config::setProperty);
        try (var out = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
            config.store(out, "single-node KRaft broker of the Kafka transport's tests");
        }
    }

    /** Formats the storage and starts a broker; returns once a client can talk to it. */
    public static KafkaBroker start(Path home, Map<String, String> extra) throws Exception {
        KafkaBroker broker = prepare(home, extra);
        broker.startProcess();
        return broker;
    }

    /**
     * Starts a broker for trying the transport by hand ({@code scripts/kafka-broker}), prints its address and runs
     * until standard input ends or Ctrl-C.
     *
     * @param args the broker's folder (default: a new temporary one), and its port (default: a free one)
     * @throws Exception when the broker does not start
     */
    public static void main(String[] args) throws Exception {
        Path home = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("kafka-broker");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        KafkaBroker broker = prepare(home, Map.of(), port);
        broker.startProcess();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-stop"));
        System.out.println("Kafka broker at "
                + broker.bootstrapServers() + " (data in " + home + "); Ctrl-C stops it");
        System.out.println("  logstash-async send --transport kafka -o bootstrapServers=" + broker.bootstrapServers()
                + " -o topic=logs");
        System.out.println("  logstash-async listen kafka -o bootstrapServers=" + broker.bootstrapServers()
                + " -o topic=logs");
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the end of standard input or Ctrl-C
        }
    }

    /**
     * Picks the ports and formats the storage of a broker that is not started yet ({@link #startProcess} starts
     * it): a cluster that is down when the application starts. Fails, never skips, when the broker's jars are not
     * on the test class path: the tests need nothing but Maven, in CI as anywhere.
     */
    public static KafkaBroker prepare(Path home, Map<String, String> extra) throws Exception {
        return prepare(home, extra, 0);
    }

    private static KafkaBroker prepare(Path home, Map<String, String> extra, int port) throws Exception {
        try {
            Class.forName("kafka.Kafka", false, KafkaBroker.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the Kafka broker (org.apache.kafka:kafka_2.13, test scope) is not on the "
                    + "test class path; the Kafka tests cannot run without it", e);
        }
        int[] ports = freePorts(2);
        KafkaBroker broker = new KafkaBroker(home, port > 0 ? port : ports[0], ports[1], extra);
        broker.format();
        return broker;
    }

    /** {@code host:port} of the broker's listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private void format() throws Exception {
        String clusterId = Uuid.randomUuid().toString();
        List<String> command = java("kafka.tools.StorageTool");
        command.addAll(List.of("format", "-t", clusterId, "-c", properties.toString()));
        Process format = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("format.log").toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("formatting the broker's storage failed: "
                    + Files.readString(home.resolve("format.log")));
        }
    }

    /** Starts (or starts again, after {@link #kill}) the broker's JVM on the same ports and data. */
    public void startProcess() throws Exception {
        List<String> command = java(BrokerMain.class.getName());
        command.add(properties.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitReady();
    }

    /** Kills the broker's JVM ({@code kill -9}) and waits until it is gone. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Freezes the broker's JVM ({@code kill -STOP}): connections stay open, nothing is answered. */
    public void pause() throws Exception {
        signal("STOP");
    }

    /** Lets a paused broker go on ({@code kill -CONT}). */
    public void resume() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true)
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Properties config = new Properties();
        config.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        config.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        try (Admin admin = Admin.create(config)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker exited with " + process.exitValue() + ": " + tail());
                }
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not ready yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker was not ready within " + READY_TIMEOUT + ": " + tail());
                }
                Thread.sleep(200);
            }
        }
    }

    /** Creates a topic with some topic-level configuration. */
    public void createTopic(String name, int partitions, Map<String, String> config) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(config))).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    public Admin admin() {
        Properties config = new Properties();
        config.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(config);
    }

    /**
     * Reads {@code topic} from the beginning with a real consumer until {@code expected} records arrived or
     * nothing more came for a while after the timeout; returns the values as text, in partition order.
     */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected, Duration timeout) {
        Properties config = new Properties();
        config.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // anything beyond the expected count (a duplicate) that is already there
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        try (Stream<Path> files = Files.walk(home.resolve("data"))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the folder is a temporary one; JUnit removes what is left
        }
    }

    /** The last lines of the broker's output, for a failure message. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The command of a child JVM with this JVM's class path and module path, all on its class path. */
    public static List<String> java(String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx512m", "-Xms64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:ActiveProcessorCount=2", "-Djava.awt.headless=true", "-cp", classPath(), mainClass));
        return command;
    }

    /** The test JVM's class path and module path (where surefire puts kafka-clients), and the test classes. */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                for (String entry : value.split(File.pathSeparator)) {
                    // Logback (for the appender's test) would make the broker log at DEBUG to its output
                    if (!entry.contains("logback-classic") && !entry.contains("logback-core")) {
                        entries.add(entry);
                    }
                }
            }
        }
        try {
            entries.add(Paths.get(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // a probe socket
                }
            }
        }
    }
}
