package io.github.logstashasync.core.internal.queue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Reads the next batch of queued rows on a thread and connection of its own while the sender sends the batch
 * it claimed, so that draining a backlog overlaps the reading of batch n+1 (the largest part of a claim: every
 * column crosses JNI) with sending and deleting batch n. The claim itself stays in the queue's write
 * transaction, and takes the rows read here only if nothing can have changed them: no other connection wrote
 * since the last claim ({@code PRAGMA data_version}, see {@link ClaimCursor}), this one deleted no row at or
 * above the cursor since (a delete or expiry there cancels the read: {@link #cancel}), and no
 * claim range overlaps them ({@link SqliteQueueStatements#claimPrefetched}); otherwise the queue claims the
 * usual way, so a row another process claimed or deleted meanwhile is never sent twice.
 *
 * <p>Rows never change their text once written and ids are never reused (AUTOINCREMENT), so what a read
 * returned is still right for every row that is still queued; only the {@code attempts} shown may be older.
 *
 * <p>Used under the queue's lock, except the thread's own read and {@link #awaitRead}: a claim waits for the read
 * before it takes the queue's lock and SQLite's write lock, never while holding them (holding them, a slow read
 * stalled the persisting thread and every other process on the database for up to {@link #MAX_WAIT_NANOS}).
 */
final class ClaimPrefetcher implements AutoCloseable {

    /** Longest wait for a read: past it, a claim reads the rows itself. */
    static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Connection connection;
    private final PreparedStatement select;
    private final Thread thread;
    /** The request: rows from {@link #fromId}, at most {@link #max}; the result when {@link #done}. */
    private long fromId = -1;
    private int max;
    private boolean requested;
    private boolean running;
    private boolean done;
    private List<QueuedEvent> result;
    private boolean closed;

    private ClaimPrefetcher(Connection connection, ThreadFactory threads) throws SQLException {
        this.connection = connection;
        this.select = connection.prepareStatement(SqliteQueueStatements.QUEUED_FROM);
        this.thread = threads.newThread(this::run);
        thread.setName("logstash-async-prefetch");
    }

    /** Opens a reading connection to {@code path} and starts the thread; null when that fails (claims then read). */
    static ClaimPrefetcher start(Path path, ThreadFactory threads) {
        return SqliteConnector.startOnSideConnection(path, connection -> {
            ClaimPrefetcher prefetcher = new ClaimPrefetcher(connection, threads);
            prefetcher.thread.start();
            return prefetcher;
        });
    }

    /** Asks for the queued rows from {@code firstId} on, at most {@code limit}; replaces an earlier request. */
    synchronized void request(long firstId, int limit) {
        fromId = firstId;
        max = limit;
        requested = true;
        done = false;
        result = null;
        notifyAll();
    }

    /**
     * Waits, up to {@link #MAX_WAIT_NANOS}, until no read is requested or running, so that the next {@link #take}
     * finds it done. Call it holding neither the queue's lock nor a transaction.
     */
    synchronized void awaitRead() throws InterruptedException {
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        while ((requested || running) && !done && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /**
     * Returns the rows read for a request from {@code firstId} of {@code limit} rows if that read has ended; null
     * when no such request was made, the read failed or has not ended (a claim does not wait for it: it holds the
     * write lock). Forgets the request either way.
     */
    synchronized List<QueuedEvent> take(long firstId, int limit) {
        List<QueuedEvent> rows = done && fromId == firstId && max == limit ? result : null;
        forget();
        return rows;
    }

    /** Drops the request and whatever it read: rows it may have read were deleted. */
    synchronized void cancel() {
        forget();
    }

    private void forget() {
        fromId = -1;
        requested = false;
        done = false;
        result = null;
    }

    private void run() {
        try {
            while (true) {
                long first;
                int limit;
                synchronized (this) {
                    while (!requested && !closed) {
                        wait();
                    }
                    if (closed) {
                        return;
                    }
                    requested = false;
                    running = true;
                    first = fromId;
                    limit = max;
                }
                List<QueuedEvent> rows = null;
                try {
                    select.setLong(1, first);
                    select.setInt(2, limit);
                    rows = SqliteQueueStatements.read(select);
                } catch (SQLException | RuntimeException e) {
                    // the claim reads the rows itself then
                }
                synchronized (this) {
                    running = false;
                    if (fromId == first && !requested) {
                        result = rows;
                        done = true;
                    }
                    notifyAll(); // also when cancelled meanwhile: awaitRead waits for the read to end
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                select.close();
            } catch (SQLException e) {
                // closing the connection frees it too
            }
            SqliteConnector.closeQuietly(connection);
        }
    }

    /** Stops the thread, which closes its connection; waits up to a second for a read in progress. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
