package io.github.logstashasync.core.internal.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How large a queue's WAL may grow: a quarter of the space its file system has for it, between
 * {@link #MIN_BYTES} and {@link #MAX_BYTES}. Every commit appends the pages it changed to the WAL (about 24 KB
 * for a single event with 8 KiB pages) until a checkpoint copies them back and a later writer starts the WAL
 * over; a fixed 40 MB filled a 3 MiB file system after 125 events, while on a roomy disk the long interval is
 * what lets each page be copied back once (measured about 1.5x throughput against SQLite's 4 MB).
 */
final class WalBudget {

    /** On a roomy disk: SQLite's auto-checkpoint after this much WAL (was the fixed interval before). */
    static final long MAX_BYTES = 40L << 20;
    /** On a nearly full disk: a few dozen single-event commits, so that checkpoints do not run at every one. */
    static final long MIN_BYTES = 512L << 10;
    /** The share of the file system's usable space (plus the WAL's own size, which it reuses) the WAL may take. */
    private static final int SHARE_DIVISOR = 4;

    private WalBudget() {
    }

    /**
     * Returns the budget for the WAL of {@code database}, from the usable space of its file system now; the
     * largest budget when that cannot be read (the file system then reports its own errors at the next write).
     */
    static long of(Path database) {
        Path wal = Path.of(database + "-wal");
        long walSize;
        try {
            walSize = Files.size(wal);
        } catch (NoSuchFileException e) {
            walSize = 0;
        } catch (IOException e) {
            return MAX_BYTES;
        }
        try {
            Path parent = database.toAbsolutePath().getParent();
            long usable = Files.getFileStore(parent).getUsableSpace();
            return clamp((usable + walSize) / SHARE_DIVISOR);
        } catch (IOException | RuntimeException e) {
            return MAX_BYTES;
        }
    }

    static long clamp(long bytes) {
        return Math.max(MIN_BYTES, Math.min(MAX_BYTES, bytes));
    }

    /**
     * Sets {@code connection}'s auto-checkpoint to {@code budget} bytes of WAL and its {@code journal_size_limit}
     * to the same: the auto-checkpoint (inside the commit that crosses it) keeps the frames in the WAL within the
     * budget even when the {@link Checkpointer} falls behind or is missing, and the limit cuts the file back to
     * the budget when a writer starts the WAL over after a burst (SQLite reuses the file but never shrinks it
     * otherwise).
     */
    static void apply(Connection connection, long budget) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long pageSize;
            try (ResultSet rows = statement.executeQuery("PRAGMA page_size")) {
                pageSize = rows.next() ? rows.getLong(1) : SqliteConnector.PAGE_SIZE;
            }
            statement.execute("PRAGMA wal_autocheckpoint = " + Math.max(1, budget / pageSize));
            statement.execute("PRAGMA journal_size_limit = " + budget);
        }
    }
}
