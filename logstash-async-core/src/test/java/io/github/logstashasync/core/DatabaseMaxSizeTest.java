package io.github.logstashasync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.OverflowPolicy;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * {@code databaseMaxSize} (issue 16, item 11): with the receiver down, a SQLite queue capped at 256 KiB takes
 * events until its pages in use reach the cap, then takes no more; the log calls meet the overflow policy (here
 * {@code drop-newest}), every drop counted and the full queue reported by its option. When the receiver comes
 * back, everything the queue took arrives, and the queue takes events again.
 */
class DatabaseMaxSizeTest {

    private static final long CAP = 256L << 10;
    private static final int EVENTS = 3_000;

    @TempDir
    Path dir;

    @Test
    void aCappedDatabaseStopsTakingEventsAndThePolicyDropsAreCountedAndReported() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // closed at once: the receiver is down
        }
        Path db = dir.resolve("capped.db");
        AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                .host("127.0.0.1").port(port).databasePath(db).databaseMaxSize(CAP)
                .overflowPolicy(OverflowPolicy.DROP_NEWEST).bufferSize(64)
                .retryInitialDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(200)).build();
        TestSupport.Errors errors = new TestSupport.Errors();
        handler.setErrorManager(errors);
        Logger logger = TestSupport.logger("database-max-size", handler);
        try (LineReceiver receiver = startLater(port)) {
            String padding = "x".repeat(1000);
            for (int i = 0; i < EVENTS; i++) {
                logger.info("capped-" + i + "-end " + padding);
                if (i % 100 == 0) {
                    Thread.sleep(5); // let the persister reach the cap while the log calls go on
                }
            }
            LineReceiver.await(Duration.ofSeconds(10), () -> handler.statistics().droppedBuffer() > 0,
                    "the full database pushes back, and drop-newest drops");
            long inUse = bytesInUse(db);
            HandlerStatistics full = handler.statistics();
            System.out.println("[DatabaseMaxSizeTest] cap " + CAP + ", in use " + inUse + "; " + full);
            assertTrue(inUse >= CAP * 3 / 4 && inUse < 3L * CAP, "the database stops near the cap of " + CAP
                    + " bytes: " + inUse + " bytes in use; " + full);
            assertTrue(full.persisted() < EVENTS / 2, "far from every event was taken: " + full);
            assertEquals(EVENTS, full.accepted() + full.droppedBuffer(), "every log call accepted or counted: " + full);
            assertTrue(errors.any("databaseMaxSize"), "the full database is reported by its option: " + errors.messages);

            receiver.start();
            assertTrue(handler.flush(Duration.ofSeconds(30)), "what the database took is sent: "
                    + handler.statistics());
            HandlerStatistics sent = handler.statistics();
            // sent means written to the socket: the receiver may still be reading the last lines
            LineReceiver.await(Duration.ofSeconds(10), () -> ids(receiver).size() >= sent.persisted(),
                    "every persisted event arrives");
            Set<String> arrived = ids(receiver);
            assertEquals(sent.persisted(), arrived.size(), "every persisted event arrived once: " + sent);

            logger.info("after-the-drain-end");
            assertTrue(handler.flush(Duration.ofSeconds(10)), "the queue takes events again");
            LineReceiver.await(Duration.ofSeconds(5), () -> ids(receiver).contains("after-the-drain"),
                    "the event logged after the drain arrives");
        } finally {
            handler.close();
        }
        long dropped = handler.statistics().dropped();
        try (QueueInspector inspector = QueueInspector.openReadOnly(db, Duration.ofSeconds(5))) {
            assertEquals(dropped, inspector.stats().dropped(), "the database keeps the count of drops, for queue stats");
        }
    }

    @Test
    void aCapBelow64KibIsRejectedByName() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> AsynchronousLogstashHandler.builder().option("databaseMaxSize", "1k").build());
        assertEquals("databaseMaxSize", e.option(), e.getMessage());
        InvalidOptionException text = assertThrows(InvalidOptionException.class,
                () -> AsynchronousLogstashHandler.builder().option("databaseMaxSize", "lots"));
        assertEquals("databaseMaxSize", text.option(), text.getMessage());
    }

    /** A receiver on {@code port} that is stopped until the test starts it. */
    private static LineReceiver startLater(int port) throws Exception {
        LineReceiver receiver = new LineReceiver(port);
        receiver.stop();
        return receiver;
    }

    private static Set<String> ids(LineReceiver receiver) {
        Set<String> ids = new HashSet<>();
        for (String line : receiver.lines()) {
            String message = TestSupport.parse(line).get("message").asString();
            ids.add(message.substring(0, message.indexOf("-end")));
        }
        return ids;
    }

    private static long bytesInUse(Path db) throws Exception {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + db);
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            return pragma(s, "page_count") - pragma(s, "freelist_count") > 0
                    ? (pragma(s, "page_count") - pragma(s, "freelist_count")) * pragma(s, "page_size") : 0;
        }
    }

    private static long pragma(Statement s, String name) throws Exception {
        try (ResultSet rows = s.executeQuery("PRAGMA " + name)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }
}
