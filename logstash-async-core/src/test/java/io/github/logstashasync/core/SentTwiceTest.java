package io.github.logstashasync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.logstashasync.core.internal.queue.LockingShell;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delivered batch whose delete cannot get the database's write lock (another process holds it past every try)
 * stays queued and is sent once more: the pipeline counts it as {@code sentTwice}, in its statistics, its MXBean
 * and a report at close, instead of leaving the receiver's duplicates unexplained (issue 16, item 4).
 */
class SentTwiceTest {

    @TempDir
    Path dir;

    @Test
    void aDeliveredBatchThatCannotBeDeletedIsCountedAsSentTwiceAndSentAgain() throws Exception {
        Path db = dir.resolve("q.db");
        List<String> bodies = new CopyOnWriteArrayList<>();
        AtomicReference<LockingShell> shell = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            if (bodies.size() == 1) {
                try { // the first batch is confirmed while another process holds the lock its delete needs
                    shell.set(LockingShell.hold(db, Duration.ofSeconds(3)));
                } catch (Exception e) {
                    throw new IOException("cannot start the locking shell", e);
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        List<String> reports = new CopyOnWriteArrayList<>();
        try {
            LogstashPipeline pipeline = LogstashPipeline.builder().name("sent-twice")
                    .host("127.0.0.1").port(server.getAddress().getPort()).transport("http")
                    .databasePath(db).databaseTimeout(Duration.ofMillis(250)).claimLease(Duration.ofSeconds(5))
                    .retryInitialDelay(Duration.ofMillis(20)).retryMaxDelay(Duration.ofMillis(100))
                    .reporter((message, error) -> reports.add(message)).build();
            for (int i = 0; i < 3; i++) {
                pipeline.offer(Events.event("INFO", "event " + i));
            }
            LineReceiver.await(Duration.ofSeconds(20), () -> pipeline.statistics().sentTwice() == 3,
                    "the three delivered events counted as sent twice");
            assertEquals(3, pipeline.metrics().getSentTwice(), "the MXBean shows them too");
            shell.get().awaitReleased();
            LineReceiver.await(Duration.ofSeconds(20), () -> bodies.size() >= 2, "the batch sent a second time");
            assertTrue(pipeline.flush(Duration.ofSeconds(10)), "the queue drains once the lock is gone");
            pipeline.close();
            assertTrue(reports.stream().anyMatch(r -> r.contains("3 delivered events could not be deleted")),
                    "the close reports the duplicates: " + reports);
            try (QueueInspector inspector = QueueInspector.openReadOnly(db, Duration.ofSeconds(5))) {
                assertEquals(3, inspector.stats().sentTwice(), "the database keeps the count, for queue stats");
            }
            long copies = bodies.stream().mapToLong(b -> b.split("event 1\"", -1).length - 1).sum();
            assertEquals(2, copies, "event 1 reached the receiver twice, no more: " + bodies);
        } finally {
            server.stop(0);
            if (shell.get() != null) {
                shell.get().close();
            }
        }
    }
}
