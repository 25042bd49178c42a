package io.github.logstashasync.core.internal.queue;

import java.nio.file.Path;
import java.sql.Connection;
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
 * <p>Failures are ignored: the backstop does the work then. Not a correctness mechanism, only a latency one.
 */
final class Checkpointer implements AutoCloseable {

    /** Row changes (appended, claimed, deleted) after which a checkpoint runs: a few megabytes of WAL. */
    static final long ROWS_PER_CHECKPOINT = 4096;
    private static final long IDLE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Connection connection;
    private final Thread thread;
    private final AtomicLong rowsSince = new AtomicLong();
    private volatile boolean closed;

    private Checkpointer(Connection connection, ThreadFactory threads) {
        this.connection = connection;
        this.thread = threads.newThread(this::run);
        thread.setName("logstash-async-checkpoint");
    }

    /**
     * Opens a second connection to {@code path} and starts the thread; returns null when that fails (then the
     * queue's own auto-checkpoint does all the work, as without this class).
     */
    static Checkpointer start(Path path, ThreadFactory threads) {
        return SqliteConnector.startOnSideConnection(path, connection -> {
            Checkpointer checkpointer = new Checkpointer(connection, threads);
            checkpointer.thread.start();
            return checkpointer;
        });
    }

    /** Records committed row changes; wakes the thread when enough have gathered. Called under the queue's lock. */
    void wrote(long rows) {
        if (rows > 0 && rowsSince.addAndGet(rows) >= ROWS_PER_CHECKPOINT) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        try (Statement statement = connection.createStatement()) {
            while (!closed) {
                LockSupport.parkNanos(this, IDLE_CHECK_NANOS);
                if (!closed && rowsSince.get() > 0) {
                    rowsSince.set(0);
                    try {
                        // returns busy, WAL frames, frames copied: nothing to act on
                        statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
                    } catch (SQLException e) {
                        // the queue's own auto-checkpoint does it then
                    }
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
