package io.github.logstashasync.core;

import static io.github.logstashasync.core.LineReceiver.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.api.Extras;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A queue database locked by another process, and one shared by two handlers (two writers, two senders). */
class SharedDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void aLockHeldByAnotherProcessIsWaitedOutNotFatal() throws Exception {
        Path sqlite3 = Path.of("/usr/bin/sqlite3");
        assertTrue(Files.isExecutable(sqlite3), "this test needs the sqlite3 shell (Debian package sqlite3, "
                + "installed by scripts/install-deps.sh)");
        Path db = dir.resolve("locked.db");
        try (LineReceiver receiver = new LineReceiver()) {
            TestSupport.Errors errors = new TestSupport.Errors();
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).databasePath(db).databaseTimeout(Duration.ofMillis(200))
                    .retryInitialDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(200)).build();
            handler.setErrorManager(errors);
            Logger logger = TestSupport.logger("locked", handler);

            // another process takes the write lock and keeps it for 1.5 s
            Process holder = new ProcessBuilder(sqlite3.toString(), db.toString()).redirectErrorStream(true).start();
            try (OutputStream in = holder.getOutputStream()) {
                in.write(("BEGIN EXCLUSIVE;\nINSERT INTO event (event_text, pending_delete, entry_date)"
                        + " VALUES ('{}', 1, datetime('now'));\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
                Thread.sleep(300);
                for (int i = 0; i < 100; i++) {
                    logger.log(Level.INFO, "while locked", Extras.of("seq", i));
                }
                Thread.sleep(1_200);
                in.write("ROLLBACK;\n.quit\n".getBytes(StandardCharsets.UTF_8));
            }
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS), "sqlite3 should exit");
            assertTrue(handler.flush(Duration.ofSeconds(15)), "everything should be sent once the lock is released");
            handler.close();
            assertTrue(errors.any("locked") || errors.any("busy"), "the lock should be reported: " + errors.messages);
            await(Duration.ofSeconds(5), () -> receiver.lines().size() >= 100, "100 lines");
            Set<Integer> seqs = new HashSet<>();
            for (JsonNode doc : TestSupport.parseAll(receiver.lines())) {
                seqs.add(doc.get("extra").get("seq").asInt());
            }
            assertEquals(100, seqs.size(), "every event logged while the database was locked arrives");
        }
    }

    @Test
    void twoHandlersOnOneDatabaseSendEveryEventOnce() throws Exception {
        Path db = dir.resolve("shared.db");
        try (LineReceiver receiver = new LineReceiver()) {
            AsynchronousLogstashHandler a = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).databasePath(db).build();
            AsynchronousLogstashHandler b = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).databasePath(db).build();
            Logger la = TestSupport.logger("shared-a", a);
            Logger lb = TestSupport.logger("shared-b", b);
            for (int i = 0; i < 2_000; i++) {
                la.log(Level.INFO, "a", Extras.of("seq", i));
                lb.log(Level.INFO, "b", Extras.of("seq", 10_000 + i));
            }
            assertTrue(a.flush(Duration.ofSeconds(30)) & b.flush(Duration.ofSeconds(30)), "both should drain");
            a.close();
            b.close();
            await(Duration.ofSeconds(10), () -> receiver.lines().size() >= 4_000, "4,000 lines");
            Set<Integer> seqs = new HashSet<>();
            for (JsonNode doc : TestSupport.parseAll(receiver.lines())) {
                seqs.add(doc.get("extra").get("seq").asInt());
            }
            assertEquals(4_000, seqs.size(), "every event once");
            assertEquals(4_000, receiver.lines().size(), "no duplicates while both processes are alive");
        }
    }
}
