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
    /** The broker JVM's options in the tests: a small heap, quick to start (C1 only). */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx512m", "-Xms64m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    private final Path home;
    private final int port;
    private final int controllerPort;
    /** The SASL_PLAINTEXT listener's port, or 0 when the broker has none. */
    private final int saslPort;
    private final List<String> jvmOptions;
    private final Path properties;
    private final Path log;
    private Process process;

    private KafkaBroker(Path home, int[] ports, Map<String, String> saslUsers, Map<String, String> extra,
            List<String> jvmOptions) throws IOException {
        this.home = Files.createDirectories(home);
        this.port = ports[0];
        this.controllerPort = ports[1];
        this.saslPort = saslUsers.isEmpty() ? 0 : ports[2];
        this.jvmOptions = List.copyOf(jvmOptions);
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
        if (saslPort != 0) {
            sasl(config, saslUsers);
        }
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

    /**
     * The second listener, SASL_PLAINTEXT with mechanism PLAIN, and Kafka's StandardAuthorizer: a SASL user may do
     * only what an ACL allows it. The PLAINTEXT listener's principal (ANONYMOUS) is a super user: the controller,
     * {@link #admin()} and {@link #read} go on working as on a broker without authorization.
     */
    private void sasl(Properties config, Map<String, String> users) {
        config.setProperty("listeners", config.getProperty("listeners") + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
        config.setProperty("advertised.listeners", config.getProperty("advertised.listeners")
                + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
        config.setProperty("listener.security.protocol.map", config.getProperty("listener.security.protocol.map")
                + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
        config.setProperty("sasl.enabled.mechanisms", "PLAIN");
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password)
                .append('"'));
        config.setProperty("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
        config.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        config.setProperty("super.users", "User:ANONYMOUS");
        config.setProperty("allow.everyone.if.no.acl.found", "false");
    }

    /** Formats the storage and starts a broker; returns once a client can talk to it. */
    public static KafkaBroker start(Path home, Map<String, String> extra) throws Exception {
        return start(home, extra, TEST_JVM_OPTIONS);
    }

    /** As {@link #start(Path, Map)}, the broker's JVM with {@code jvmOptions} (a benchmark's: full JIT, a heap). */
    public static KafkaBroker start(Path home, Map<String, String> extra, List<String> jvmOptions) throws Exception {
        KafkaBroker broker = prepare(home, Map.of(), extra, 0, jvmOptions);
        broker.startProcess();
        return broker;
    }

    /**
     * As {@link #start(Path, Map)}, with a second listener ({@link #saslBootstrapServers()}): SASL_PLAINTEXT,
     * mechanism PLAIN, for {@code users} (name to password), behind Kafka's StandardAuthorizer, so that such a user
     * may do only what an ACL allows ({@link #admin()} creates them: it connects to the PLAINTEXT listener, whose
     * anonymous principal is a super user).
     */
    public static KafkaBroker startWithSasl(Path home, Map<String, String> users) throws Exception {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("a SASL listener needs at least one user");
        }
        KafkaBroker broker = prepare(home, users, Map.of(), 0, TEST_JVM_OPTIONS);
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
        KafkaBroker broker = prepare(home, Map.of(), Map.of(), port, TEST_JVM_OPTIONS);
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
        return prepare(home, Map.of(), extra, 0, TEST_JVM_OPTIONS);
    }

    private static KafkaBroker prepare(Path home, Map<String, String> saslUsers, Map<String, String> extra, int port,
            List<String> jvmOptions) throws Exception {
        try {
            Class.forName("kafka.Kafka", false, KafkaBroker.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the Kafka broker (org.apache.kafka:kafka_2.13, test scope) is not on the "
                    + "test class path; the Kafka tests cannot run without it", e);
        }
        int[] ports = freePorts(3);
        if (port > 0) {
            ports[0] = port;
        }
        KafkaBroker broker = new KafkaBroker(home, ports, saslUsers, extra, jvmOptions);
        broker.format();
        return broker;
    }

    /** {@code host:port} of the broker's listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** {@code host:port} of the SASL_PLAINTEXT listener of a broker from {@link #startWithSasl}. */
    public String saslBootstrapServers() {
        if (saslPort == 0) {
            throw new IllegalStateException("this broker has no SASL listener; start it with startWithSasl");
        }
        return "127.0.0.1:" + saslPort;
    }

    private void format() throws Exception {
        String clusterId = Uuid.randomUuid().toString();
        List<String> command = java("kafka.tools.StorageTool", TEST_JVM_OPTIONS);
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
        List<String> command = java(BrokerMain.class.getName(), jvmOptions);
        command.add(properties.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitReady();
    }

    /** The CPU time the broker's JVM has used since it started, or zero when it is not running or not known. */
    public Duration cpuTime() {
        Process current = process;
        return current == null ? Duration.ZERO : current.info().totalCpuDuration().orElse(Duration.ZERO);
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
        return java(mainClass, TEST_JVM_OPTIONS);
    }

    private static List<String> java(String mainClass, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // SLF4J's no-operation provider, whatever the class path holds: a benchmark's single jar has Logback in
        // it, which would log the broker at DEBUG without a configuration
        command.addAll(List.of("-XX:ActiveProcessorCount=2", "-Djava.awt.headless=true",
                "-Dslf4j.provider=org.slf4j.helpers.NOP_SLF4JServiceProvider", "-cp", classPath(), mainClass));
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
