package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.FAST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAL stays small when events come one at a time: every commit appends a few pages to it (about 24 KB for
 * one event), and a WAL that grew until the 40 MB auto-checkpoint filled a 3 MiB file system after 125 events.
 */
class SqliteWalBoundTest {

    /**
     * The largest WAL file allowed on the 3 MiB file system: room for the database beside it. The budget is a
     * quarter of the free space (about 768 KB here), but SQLite starts the WAL over only when no reader still
     * uses its frames, so on a loaded machine (the full suite on 2 cores) the queue's side threads can keep it
     * from restarting for a few checkpoints: 2.2 MB measured once there, 0.8 MB when the test runs alone.
     */
    private static final long WAL_BOUND_BYTES = (5L << 20) / 2;

    @TempDir
    Path dir;

    private Tmpfs tmpfs;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        tmpfs = Tmpfs.mount(Files.createDirectory(dir.resolve("disk")), 3L << 20);
    }

    @AfterEach
    void unmount() throws Exception {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @Test
    void twoThousandSingleEventCyclesFitOnASmallDiskAndTheWalStaysBounded() throws Exception {
        Path file = tmpfs.path().resolve("q.db");
        Path wal = Path.of(file + "-wal");
        long largestWal = 0;
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            for (int i = 0; i < 2000; i++) {
                String text = "{\"message\":\"event " + i + " " + "x".repeat(300) + "\"}";
                try {
                    assertEquals(1, queue.append(List.of(text)), "cycle " + i + ": appended");
                    List<QueuedEvent> claimed = queue.claim(10, Duration.ofMinutes(1));
                    assertEquals(1, claimed.size(), "cycle " + i + ": the one event claimed");
                    queue.delete(claimed);
                } catch (QueueException e) {
                    throw new AssertionError("cycle " + i + " failed with a WAL of " + Files.size(wal)
                            + " bytes (largest so far " + largestWal + "): " + e.getMessage(), e);
                }
                largestWal = Math.max(largestWal, Files.size(wal));
            }
            assertEquals(0, queue.pendingCount(), "every event was deleted");
        }
        assertTrue(largestWal <= WAL_BOUND_BYTES, "the WAL stays at most " + WAL_BOUND_BYTES + " bytes, was "
                + largestWal);
    }
}
