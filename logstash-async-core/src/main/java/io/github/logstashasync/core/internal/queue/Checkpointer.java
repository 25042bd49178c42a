package io.github.logstashasync.core.internal.queue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Copies the WAL back into the database file on a thread of its own, with a connection of its own, so that
 * the threads that append and send do not wait for the copy and its {@code fsync}. A checkpoint that SQLite
 * runs itself (auto-checkpoint) happens inside the commit that crossed the WAL's limit: with a 40 MB WAL that
 * was a 20–30 ms stall of the appending or the sending thread every few tens of thousands of events on this
 * project's machines, and far longer on a slow disk.
 *
 * <p>A {@code PASSIVE} checkpoint never blocks writers and never waits for them. The queue's own connection
 * keeps its auto-checkpoint as the backstop: SQLite restarts the WAL only when a writer starts after a
 * checkpoint that copied everything, and the writer's own checkpoint guarantees that moment; it is cheap now,
 * since this thread has already copied and synced nearly all of the WAL.
 *
 * <p>A checkpoint runs by size: once the commits since the last one have written about a quarter of the WAL's
 * {@link WalBudget} (at most {@link #MAX_BYTES_PER_CHECKPOINT}), as estimated from their count and the rows they
 * changed, or after a second without one when anything was written. Counting rows alone let a stream of
 * single-event commits (each of which writes a few whole pages) grow the WAL by megabytes before a checkpoint.
 * The thread also measures the file system's free space after each checkpoint and publishes the WAL budget, which
 * the queue applies to its own connection ({@link #budget}).
 *
 * <p>Failures are ignored: the backstop does the work then. Not a correctness mechanism, only a latency one.
 */
final class Checkpointer implements AutoCloseable {

    /**
     * Estimated WAL bytes after which a checkpoint runs on a roomy disk: a quarter of the largest WAL budget,
     * 10 MB. A queue rewrites the same pages (a row's page at its insert and again at its delete, the freed pages
     * when reused) and a checkpoint copies each page once however often it was written since the last: 10 MB
     * instead of 4 MB cut the checkpoint thread's CPU per event by a quarter (1.3 to 0.95 us, EndToEndBenchmark
     * tcp-sqlite); half the budget, 20 MB, saved more CPU but slowed the appends and sends that look pages up in a
     * longer WAL.
     */
    static final long MAX_BYTES_PER_CHECKPOINT = WalBudget.MAX_BYTES / 4;
    /** Pages a commit writes besides those of its rows (the table's leaf, sqlite_sequence, event_claim). */
    static final long PAGES_PER_COMMIT = 2;
    /** WAL bytes estimated per row changed: a little more than a typical event, so the estimate errs early. */
    static final long BYTES_PER_ROW = 1024;
    private static final long IDLE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path database;
    private final Connection connection;
    private final Thread thread;
    private final long bytesPerCommit;
    private final AtomicLong bytesSince = new AtomicLong();
    /** The WAL budget for the file system's free space, as last measured; read by the queue's threads. */
    private volatile long budget;
    private volatile long bytesPerCheckpoint;
    private volatile boolean closed;

    private Checkpointer(Path database, Connection connection, ThreadFactory threads) throws SQLException {
        this.database = database;
        this.connection = connection;
        long pageSize;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA page_size")) {
            pageSize = rows.next() ? rows.getLong(1) : SqliteConnector.PAGE_SIZE;
        }
        this.bytesPerCommit = PAGES_PER_COMMIT * pageSize;
        measureBudget();
        this.thread = threads.newThread(this::run);
        thread.setName("logstash-async-checkpoint");
    }

    /**
     * Opens a second connection to {@code path} and starts the thread; returns null when that fails (then the
     * queue's own auto-checkpoint does all the work, as without this class).
     */
    static Checkpointer start(Path path, ThreadFactory threads) {
        return SqliteConnector.startOnSideConnection(path, connection -> {
            Checkpointer checkpointer = new Checkpointer(path, connection, threads);
            checkpointer.thread.start();
            return checkpointer;
        });
    }

    /**
     * Records a write transaction that committed, having changed {@code rows} rows; wakes the thread when the WAL
     * written since the last checkpoint is estimated to have reached its share. Called under the queue's lock.
     */
    void committed(long rows) {
        long bytes = bytesPerCommit + Math.max(0, rows) * BYTES_PER_ROW;
        if (bytesSince.addAndGet(bytes) >= bytesPerCheckpoint) {
            LockSupport.unpark(thread);
        }
    }

    /** Returns the WAL budget for the free space the file system had at the last look: see {@link WalBudget}. */
    long budget() {
        return budget;
    }

    private void measureBudget() {
        long measured = WalBudget.of(database);
        budget = measured;
        bytesPerCheckpoint = Math.min(MAX_BYTES_PER_CHECKPOINT, measured / 4);
    }

    private void run() {
        try (Statement statement = connection.createStatement()) {
            while (!closed) {
                if (bytesSince.get() < bytesPerCheckpoint) {
                    LockSupport.parkNanos(this, IDLE_CHECK_NANOS);
                }
                if (!closed && bytesSince.get() > 0) {
                    bytesSince.set(0);
                    try {
                        // returns busy, WAL frames, frames copied: nothing to act on
                        statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
                    } catch (SQLException e) {
                        // the queue's own auto-checkpoint does it then
                    }
                    // a statvfs: cheap, and free space is what another process can take away at any time
                    measureBudget();
                }
            }
        } catch (SQLException e) {
            // cannot even create a statement: leave it to the auto-checkpoint
        } finally {
            SqliteConnector.closeQuietly(connection);
        }
    }

    /**
     * Stops the thread, which closes its connection, waiting up to a second for a running checkpoint; one that
     * takes longer ends on its own.
     */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
