package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.FAST;
import static io.github.logstashasync.core.internal.queue.TestDatabases.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full disk (a real one: a small tmpfs) fails appends for a while; once space is back the queue works again. */
class SqliteDiskFullTest {

    private static final Duration LEASE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    private Tmpfs tmpfs;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        Path mountPoint = Files.createDirectory(dir.resolve("disk"));
        tmpfs = Tmpfs.mount(mountPoint, 20L << 20);
    }

    @AfterEach
    void unmount() throws Exception {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @Test
    void afterTheDiskWasFullTheSameQueueAppendsClaimsDeletesAndCountsAgain() throws Exception {
        Path file = tmpfs.path().resolve("q.db");
        Path filler = tmpfs.path().resolve("filler");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("before", 3));
            tmpfs.fill(filler);

            QueueException full = appendUntilFull(queue);
            assertNotNull(full, "appending 1 KB events to a full disk fails within a few hundred appends");
            assertTrue(full.transientFailure(), "a full disk is transient: " + full.getMessage());
            assertTrue(full.getMessage().contains("full") && full.getMessage().contains(file.toString()),
                    "the message says the disk is full and names the file: " + full.getMessage());
            // whatever else the sender would do meanwhile may fail, but must leave the connection usable
            tryQuietly(() -> queue.claim(2, LEASE));
            tryQuietly(queue::pendingCount);
            tryQuietly(() -> queue.append(bigEvents("still-full", 50)));

            Files.delete(filler);
            long before = queue.pendingCount();
            assertEquals(2, queue.append(events("after", 2)), "appends work again once space is back");
            assertEquals(before + 2, queue.pendingCount(), "the count follows");
            List<QueuedEvent> all = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                List<QueuedEvent> batch = queue.claim(500, LEASE);
                if (batch.isEmpty()) {
                    break;
                }
                all.addAll(batch);
                queue.delete(batch);
            }
            assertEquals(before + 2, all.size(), "every stored event is claimed once");
            assertTrue(TestDatabases.texts(all).containsAll(events("after", 2)), "the new events are among them");
            assertEquals(0, queue.pendingCount(), "and deleted");
        }
        try (SqliteEventQueue again = SqliteEventQueue.open(file, FAST)) {
            assertEquals(0, again.pendingCount(), "the deletes were committed");
        }
    }

    @Test
    void deferredDeletesThatAFullDiskFailedGoAloneOnceSpaceIsBack() throws Exception {
        Path file = tmpfs.path().resolve("q.db");
        Path filler = tmpfs.path().resolve("filler");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            List<QueuedEvent> delivered = queue.appendClaimed(events("delivered", 20));
            tmpfs.fill(filler);
            assertNotNull(appendUntilFull(queue), "the disk is full");
            queue.deleteLater(delivered);
            QueueException full = assertThrows(QueueException.class, () -> queue.append(bigEvents("carrier", 50)),
                    "an append carrying the deletes fails on the full disk: they free far less than it needs");
            assertTrue(full.transientFailure(), full.getMessage());
            Files.delete(filler);
            assertEquals(2, queue.append(events("after", 2)), "appends work again");
            assertEquals(20, delivered(file), "after a failure an append carries no deletes: they wait");
            queue.flushDeletes();
            assertEquals(0, delivered(file), "flushDeletes deleted them");
            assertEquals(0, queue.deliveredNotDeleted(), "and none is counted to be sent twice");
        }
    }

    private static long delivered(Path file) throws java.sql.SQLException {
        return TestDatabases.queryLong(file, "SELECT count(*) FROM event WHERE event_text LIKE '%delivered%'");
    }

    /** Appends 1 KB events in batches of 50 until the disk is full; returns the failure, null if none came. */
    static QueueException appendUntilFull(EventQueue queue) {
        for (int i = 0; i < 2000; i++) {
            try {
                queue.append(bigEvents("fill-" + i, 50));
            } catch (QueueException e) {
                return e;
            }
        }
        return null;
    }

    static List<String> bigEvents(String prefix, int count) {
        List<String> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add("{\"message\":\"" + prefix + "-" + i + " " + "x".repeat(1000) + "\"}");
        }
        return events;
    }

    private interface QueueCall {
        Object call() throws QueueException;
    }

    private static void tryQuietly(QueueCall call) {
        try {
            call.call();
        } catch (QueueException e) {
            // allowed while the disk is full
        }
    }
}
