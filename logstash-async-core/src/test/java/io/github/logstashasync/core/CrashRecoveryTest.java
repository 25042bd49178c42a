package io.github.logstashasync.core;

import static io.github.logstashasync.core.LineReceiver.await;
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
 * The delivery guarantee under {@code kill -9}: a child JVM logs 100,000 events with a database and is killed
 * mid-stream; a second run on the same database sends every event that had been persisted.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void everyPersistedEventIsSentAfterSigkillAndRestart() throws Exception {
        Path db = dir.resolve("crash.db");
        try (LineReceiver receiver = new LineReceiver()) {
            Process child = start("log", db, receiver.port(), "100000");
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && !line.equals("logged 40000")) {
                    assertTrue(child.isAlive(), "the child died early");
                }
            }
            child.destroyForcibly(); // SIGKILL on Linux
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child should be dead");
            assertEquals(137, child.exitValue(), "killed by SIGKILL");

            Set<Long> receivedBeforeKill = seqs(receiver.lines());
            Set<Long> inDatabase = seqsInDatabase(db);
            Set<Long> persisted = new HashSet<>(receivedBeforeKill);
            persisted.addAll(inDatabase);
            assertTrue(persisted.size() >= 10_000, "at least 10,000 events should have been persisted, were "
                    + persisted.size());

            Process drain = start("drain", db, receiver.port(), null);
            assertTrue(drain.waitFor(90, TimeUnit.SECONDS), "the drain run should finish");
            String result = new String(drain.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(result.contains("drained"), "the drain run should send everything: " + result);
            await(Duration.ofSeconds(10), () -> seqs(receiver.lines()).containsAll(persisted),
                    "every persisted event at the receiver");

            List<String> lines = receiver.lines();
            Set<Long> received = seqs(lines);
            Set<Long> lost = new HashSet<>(persisted);
            lost.removeAll(received);
            int duplicates = lines.size() - received.size();
            System.out.printf("crash test: persisted=%d received=%d lost=%d duplicates=%d torn lines=%d%n",
                    persisted.size(), received.size(), lost.size(), duplicates, receiver.tornLines());
            assertTrue(receiver.tornLines() <= 1, "only the killed child's connection may end inside a line");
            assertEquals(Set.of(), lost, "no persisted event may be lost");
            assertEquals(0, seqsInDatabase(db).size(), "the database should be empty after the drain");
        }
    }

    private static Set<Long> seqs(List<String> lines) {
        Set<Long> seqs = new HashSet<>();
        for (String line : lines) {
            JsonNode doc = TestSupport.parse(line);
            seqs.add(doc.get("extra").get("seq").asLong());
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
                seqs.add(TestSupport.parse(rs.getString(1)).get("extra").get("seq").asLong());
            }
        }
        return seqs;
    }

    /** Starts a child JVM with this module's classes and its test path flattened into a class path. */
    private static Process start(String mode, Path db, int port, String count) throws Exception {
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
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", String.join(File.pathSeparator, entries),
                CrashChild.class.getName(), mode, db.toString(), Integer.toString(port)));
        if (count != null) {
            command.add(count);
        }
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
