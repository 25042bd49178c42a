package io.github.logstashasync.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.logstashasync.transport.kafka.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line with the {@code kafka} transport, found at run time through the transport SPI: {@code queue
 * flush --transport kafka} drains a python-logstash-async database into a topic of a real broker, and
 * {@code listen kafka} shows what arrives.
 */
class KafkaCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path brokerHome;
    @TempDir
    Path dir;

    private static KafkaBroker broker;
    private final CliRunner cli = new CliRunner();

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

    private Path pythonQueue(int events) throws Exception {
        Path db = dir.resolve("python.db");
        List<String> texts = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            texts.add(PythonDatabase.event("INFO", "queued by python", i));
        }
        PythonDatabase.create(db, texts);
        return db;
    }

    private static Set<Integer> sequences(String lines) throws Exception {
        Set<Integer> seen = new HashSet<>();
        for (String line : lines.split("\n")) {
            if (!line.isBlank()) {
                seen.add(JSON.readTree(line).get("extra").get("seq").asInt());
            }
        }
        return seen;
    }

    @Test
    void queueFlushDrainsAPythonDatabaseIntoATopicAndListenShowsWhatArrives() throws Exception {
        int events = 5_000;
        Path db = pythonQueue(events);
        String servers = "bootstrapServers=" + broker.bootstrapServers();
        CompletableFuture<CliRunner.Result> listen = cli.start("listen", "kafka", "-o", servers, "-o", "topic=drained",
                "--raw", "--count", "" + events, "--timeout", "90s");
        cli.awaitListening(Duration.ofSeconds(60));

        long start = System.nanoTime();
        CliRunner.Result flush = cli.run("queue", "flush", db.toString(), "--transport", "kafka", "-o", servers,
                "-o", "topic=drained", "-o", "kafka.client.id=cli-test", "--json");
        long flushMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, flush.exitCode(), flush.both());
        JsonNode summary = JSON.readTree(flush.out());
        assertEquals(events, summary.get("delivered").asInt(), flush.out());
        assertEquals(0, summary.get("failed").asInt() + summary.get("remaining").asInt(), flush.out());
        assertEquals("kafka://" + broker.bootstrapServers() + "/drained", summary.get("destination").asString(),
                "the destination as the provider names it");

        CliRunner.Result listened = listen.get(90, TimeUnit.SECONDS);
        assertEquals(0, listened.exitCode(), listened.both());
        assertTrue(listened.err().contains("reading kafka://" + broker.bootstrapServers() + "/drained from now on"),
                listened.err());
        String[] lines = listened.out().strip().split("\n");
        assertEquals(events, lines.length, "one line per event");
        assertEquals(events, sequences(listened.out()).size(), "every event once");
        JsonNode first = JSON.readTree(lines[0]);
        assertEquals("queued by python", first.get("message").asString());
        assertEquals("python-logstash", first.get("type").asString());

        CliRunner.Result stats = cli.run("queue", "stats", db.toString(), "--json");
        assertEquals(0, JSON.readTree(stats.out()).get("queued").asInt(), "the database is empty: " + stats.out());

        // and from the beginning, what the topic holds, pretty-printed by default
        CliRunner.Result again = cli.run("listen", "kafka", "-o", servers, "-o", "topic=drained", "--from-beginning",
                "--count", "3", "--timeout", "60s");
        assertEquals(0, again.exitCode(), again.both());
        assertTrue(again.out().contains("\"message\" : \"queued by python\""), again.out());
        assertTrue(again.err().contains("from the beginning") && again.err().contains("received 3 events"),
                again.err());
        System.out.printf("KAFKA CLI: queue flush drained %d python-logstash-async events into a topic in %d ms "
                + "(%s events/s by its own count); listen kafka received %d, distinct %d%n", events, flushMillis,
                summary.get("eventsPerSecond"), lines.length, sequences(listened.out()).size());
    }

    @Test
    void badKafkaOptionsAreUsageErrorsNamingTheOption() throws Exception {
        Path db = pythonQueue(3);
        CliRunner.Result noTopic = cli.run("queue", "flush", db.toString(), "--transport", "kafka", "-o",
                "bootstrapServers=" + broker.bootstrapServers());
        assertEquals(ExitCodes.USAGE, noTopic.exitCode(), noTopic.both());
        assertTrue(noTopic.err().contains("invalid -o topic: "), "names the -o option: " + noTopic.err());

        CliRunner.Result typo = cli.run("queue", "flush", db.toString(), "--transport", "kafka", "-o",
                "bootstrapServers=" + broker.bootstrapServers(), "-o", "topic=t", "-o", "kafka.lingr.ms=5");
        assertEquals(ExitCodes.USAGE, typo.exitCode(), typo.both());
        assertTrue(typo.err().contains("kafka.lingr.ms") && typo.err().contains("kafka.linger.ms"),
                "names the option and suggests the property: " + typo.err());

        CliRunner.Result listenNoServers = cli.run("listen", "kafka", "-o", "topic=t", "--timeout", "1s");
        assertEquals(ExitCodes.USAGE, listenNoServers.exitCode(), listenNoServers.both());
        assertTrue(listenNoServers.err().contains("bootstrapServers"), listenNoServers.err());

        CliRunner.Result tcpWithO = cli.run("listen", "tcp", "-o", "topic=t", "--timeout", "1s");
        assertEquals(ExitCodes.USAGE, tcpWithO.exitCode(), tcpWithO.both());

        CliRunner.Result unknown = cli.run("listen", "carrier-pigeon");
        assertEquals(ExitCodes.USAGE, unknown.exitCode(), unknown.both());
        assertTrue(unknown.err().contains("tcp, udp, http, beats, kafka"), "the receivers, kafka among them: "
                + unknown.err());
        assertTrue(cli.run("listen", "--help").out().contains("tcp, udp, http, beats, kafka"),
                "the help lists kafka");
        assertEquals(3, JSON.readTree(cli.run("queue", "stats", db.toString(), "--json").out()).get("queued").asInt(),
                "nothing left the database");
    }
}
