package io.github.logstashasync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.InvalidOptionException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * {@code failedEventTtl} (issue 16, item 11: retention for failed events): an event the transport rejects for
 * good (larger than the UDP datagram limit) moves to the failed table, counted as failed; once it is older than
 * {@code failedEventTtl}, a periodic check deletes it and reports how many it deleted. Without the option failed
 * events stay for {@code queue requeue}.
 */
class FailedEventTtlTest {

    @TempDir
    Path dir;

    @Test
    void failedEventsOlderThanTheTtlAreDeletedAndReported() throws Exception {
        Path db = dir.resolve("failed.db");
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .transport("udp").host("127.0.0.1").port(receiver.getLocalPort())
                    .transportOption("maxDatagramSize", "1024").databasePath(db)
                    .failedEventTtl(Duration.ofSeconds(1)).queueCheckInterval(Duration.ofMillis(200))
                    .flushInterval(Duration.ofMillis(100)).build();
            TestSupport.Errors errors = new TestSupport.Errors();
            handler.setErrorManager(errors);
            Logger logger = TestSupport.logger("failed-event-ttl", handler);
            try {
                logger.info("too large for a datagram " + "x".repeat(3000));
                awaitFailed(handler);
                LineReceiver.await(Duration.ofSeconds(10), () -> errors.any("failed events deleted"),
                        "the deletion is reported once the event is older than failedEventTtl");
                assertEquals(0, failedRows(db), "the failed table is empty; reports: " + errors.messages);
                assertTrue(errors.any("1 failed events deleted"), "the count is reported: " + errors.messages);
                assertEquals(1, handler.statistics().failed(), "it still counts as failed");
            } finally {
                handler.close();
            }
        }
    }

    @Test
    void withoutTheOptionFailedEventsStay() throws Exception {
        Path db = dir.resolve("kept.db");
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .transport("udp").host("127.0.0.1").port(receiver.getLocalPort())
                    .transportOption("maxDatagramSize", "1024").databasePath(db)
                    .queueCheckInterval(Duration.ofMillis(200)).flushInterval(Duration.ofMillis(100)).build();
            Logger logger = TestSupport.logger("failed-event-kept", handler);
            try {
                logger.info("too large for a datagram " + "x".repeat(3000));
                awaitFailed(handler);
                Thread.sleep(2_500); // past the 1 s of the other test, several periodic checks
                assertEquals(1, failedRows(db), "the failed event stays for queue requeue");
            } finally {
                handler.close();
            }
        }
    }

    @Test
    void aBadTtlIsRejectedByName() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> AsynchronousLogstashHandler.builder().option("failedEventTtl", "soon"));
        assertEquals("failedEventTtl", e.option(), e.getMessage());
    }

    private static void awaitFailed(AsynchronousLogstashHandler handler) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (handler.statistics().failed() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, handler.statistics().failed(), "the event is rejected for good: " + handler.statistics());
    }

    private static long failedRows(Path db) throws Exception {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + db);
        try (Connection c = source.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM failed_event")) {
            return rows.next() ? rows.getLong(1) : -1;
        }
    }
}
