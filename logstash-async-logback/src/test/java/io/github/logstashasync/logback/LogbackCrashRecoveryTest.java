package io.github.logstashasync.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * The delivery guarantee through {@code logback.xml} under {@code kill -9} (issue 11): a child JVM, configured by
 * Logback from {@code logback-crash.xml} with a SQLite queue, logs 100,000 events and is killed mid-stream; a
 * second run on the same database sends every event that had been persisted.
 */
class LogbackCrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void everyPersistedEventIsSentAfterSigkillAndRestart() throws Exception {
        Path db = dir.resolve("crash.db");
        try (LineReceiver receiver = new LineReceiver()) {
            Process child = start(db, receiver.port(), "log", "100000");
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && !line.equals("logged 40000")) {
                    assertTrue(!line.startsWith("the appender did not start"), line);
                }
                assertEquals("logged 40000", line, "the child logged 40,000 events before it was killed");
            }
            child.destroyForcibly(); // SIGKILL on Linux
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child should be dead");
            assertEquals(137, child.exitValue(), "killed by SIGKILL");

            Set<Long> persisted = new HashSet<>(seqs(receiver.lines()));
            persisted.addAll(seqsInDatabase(db));
            assertTrue(persisted.size() >= 10_000, "at least 10,000 events persisted, were " + persisted.size());

            Process drain = start(db, receiver.port(), "drain");
            assertTrue(drain.waitFor(90, TimeUnit.SECONDS), "the drain run should finish");
            String result = new String(drain.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(result.contains("drained"), "the drain run should send everything: " + result);
            LineReceiver.await(Duration.ofSeconds(10), () -> seqs(receiver.lines()).containsAll(persisted),
                    "every persisted event at the receiver");

            List<String> lines = receiver.lines();
            Set<Long> received = seqs(lines);
            Set<Long> lost = new HashSet<>(persisted);
            lost.removeAll(received);
            long torn = lines.stream().filter(line -> parse(line) == null).count();
            System.out.printf("logback crash test: persisted=%d received=%d lost=%d duplicates=%d torn=%d%n",
                    persisted.size(), received.size(), lost.size(), lines.size() - torn - received.size(), torn);
            assertTrue(torn <= 1, "only the killed child's connection may end inside a line: " + torn);
            assertEquals(Set.of(), lost, "no persisted event may be lost");
            assertEquals(0, seqsInDatabase(db).size(), "the database is empty after the drain");
        }
    }

    private static JsonNode parse(String line) {
        try {
            return LogbackTestSupport.JSON.readTree(line);
        } catch (tools.jackson.core.JacksonException e) {
            return null; // a line torn by the SIGKILL
        }
    }

    private static Set<Long> seqs(List<String> lines) {
        Set<Long> seqs = new HashSet<>();
        for (String line : lines) {
            JsonNode doc = parse(line);
            if (doc != null) {
                assertEquals("logback-crash", doc.path("type").asString(), "the file's messageType: " + line);
                seqs.add(doc.get("extra").get("seq").asLong());
            }
        }
        return seqs;
    }

    private static Set<Long> seqsInDatabase(Path db) throws Exception {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + db);
        Set<Long> seqs = new HashSet<>();
        try (Connection c = source.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT event_text FROM event")) {
            while (rs.next()) {
                seqs.add(LogbackTestSupport.JSON.readTree(rs.getString(1)).get("extra").get("seq").asLong());
            }
        }
        return seqs;
    }

    /** A child JVM on this module's classes and test path, flattened into a class path. */
    private static Process start(Path db, int port, String... args) throws Exception {
        List<String> entries = new ArrayList<>();
        Path target = Path.of(System.getProperty("user.dir"), "target");
        entries.add(target.resolve("test-classes").toString());
        entries.add(target.resolve("classes").toString());
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                entries.add(value);
            }
        }
        Path config = target.resolve("test-classes").resolve("logback-crash.xml");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dlogback.configurationFile=" + config, "-DLOGSTASH_PORT=" + port, "-DLOGSTASH_DB=" + db,
                "-cp", String.join(File.pathSeparator, entries), LogbackCrashChild.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
