package io.github.logstashasync.core.internal.queue;

import io.github.logstashasync.api.PipelineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The crash-safe queue: a SQLite database in WAL mode, compatible with python-logstash-async's, that several
 * processes may share. Appends are one transaction per call; claims are leases, recorded as id ranges in the
 * table {@code event_claim} (one row per claimed run of ids, not a mark in every row: marking rewrote each
 * 700-byte row into the WAL once more, measured a third of the cost of draining a backlog), so a claim of a
 * process that died is sent again and a claim of a live one is never taken before its lease ends.
 *
 * <p>One connection serves both the appending and the sending thread under a lock. Every write takes
 * SQLite's single write lock anyway; measured with one appending and one sending thread, a connection per
 * thread gained about 10% throughput, but its threads then wait for each other in SQLite's busy handler,
 * which sleeps (1 to 100 ms) instead of waking when the lock is free, and with a short
 * {@code databaseTimeout} they would fail each other with "database is locked". One connection keeps
 * {@code databaseTimeout} for other processes only.
 *
 * <p>Databases we create have none of python-logstash-async's indexes on {@code pending_delete} and
 * {@code entry_date} (Python adds them when it opens the file, which is harmless): every insert, claim and
 * delete had to change both, measured about a third of the cost of each. So that no hot query needs them,
 * claims read from a cursor ({@link ClaimCursor}), expiry walks the table in id order, which is entry-date
 * order, and the pending count is kept up to date by this connection's own changes and recounted only after
 * another connection changed the table ({@code PRAGMA data_version}).
 */
public final class SqliteEventQueue implements EventQueue {

    /**
     * How often {@link #expire} looks at the whole table rather than only at its head: rows are in entry-date
     * order by id unless the clock went back or another writer's clock differs.
     */
    static final long FULL_EXPIRY_NANOS = 600_000_000_000L;

    /**
     * How many {@code databaseTimeout}s a delete of delivered events keeps trying while another connection holds
     * the lock (within {@link #DELETE_RETRY_MIN_NANOS} and {@link #DELETE_RETRY_MAX_NANOS}): a delete that
     * gives up leaves delivered events claimed, to be sent a second time, and the sender has nothing better to do
     * meanwhile, since its next claim needs the same lock. Far below the claim lease, so the claim stays ours.
     */
    static final int DELETE_RETRY_TIMEOUTS = 4;
    static final long DELETE_RETRY_MIN_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long DELETE_RETRY_MAX_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** First pause between two tries of a delete; doubles, with jitter, up to {@link #DELETE_PAUSE_MAX_NANOS}. */
    private static final long DELETE_PAUSE_FIRST_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long DELETE_PAUSE_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Path path;
    /** Set once more by {@link #busyTimeout(Duration)} after an open that did not wait; read by the queue's own thread. */
    private volatile Duration busyTimeout;
    private final Consumer<String> warnings;
    private final int chunkSize;
    private volatile long deleteRetryNanos;
    /** Delivered events whose delete failed for good: see {@link #deliveredNotDeleted}. */
    private final AtomicLong deliveredNotDeleted = new AtomicLong();
    /** Drops ({@link #countDropped}) and events sent twice not yet added to the database's counters. */
    private final AtomicLong unsavedDropped = new AtomicLong();
    private final AtomicLong unsavedSentTwice = new AtomicLong();
    /**
     * Ids of delivered events whose delete waits for this queue's next write transaction ({@link #deleteLater}),
     * oldest first. Guarded by itself: the sender adds to it without the queue's lock.
     */
    private final List<IdRuns> deferred = new ArrayList<>();
    /**
     * Set when a write transaction that carried deferred deletes failed: the next ones carry none, so that an
     * append does not fail again for what the deletes need (room on a full disk, say); {@link #flushDeletes} runs
     * them alone, and clears it when they went through.
     */
    private volatile boolean deferredFailed;
    /** Replaced by {@link #recover} when a failed transaction cannot be rolled back otherwise. */
    private Connection connection;
    /** These four are prepared again by {@link #recover} after a failure may have finalized them. */
    private SqliteQueueStatements statements;
    private PreparedStatement begin;
    private PreparedStatement beginRead;
    private PreparedStatement commit;
    /** Whether the four above are open; false after {@link #closeStatements}. */
    private boolean prepared;
    /** Set when {@link #recover} could not bring the connection back; the next operation tries again first. */
    private SQLException unrecovered;
    private final QueueSchema.Layout layout;
    private final String owner = ClaimOwner.newToken();
    /**
     * Not fair: a thread that takes it again at once (the persister with the next batch) saves a hand-over to a
     * thread that must be woken first; a fair lock cost 10% in EndToEndBenchmark tcp-sqlite. No thread may take it
     * in a loop without waiting for something in between (a sender that claimed again at once while the persister
     * waited for it kept it from the persister for seconds: see {@code ClaimedHandoff.awaitPlainAppend}).
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final ClaimCursor cursor;
    /** {@code databaseMaxSize}: the bytes of pages in use at which appends store nothing; 0 for no cap. */
    private final long maxBytes;
    /** Rows in {@code event} as of {@link #countVersion} plus this connection's commits since; -1: unknown. */
    private long count = -1;
    private long countVersion;
    /** How the running write transaction changes {@link #count}; applied when it commits. */
    private long countChange;
    /** The WAL budget applied to {@link #connection} since the checkpointer measured it; -1: the one of open. */
    private long walBudget = -1;
    /** Rows the running write transaction writes, for the {@link Checkpointer}. */
    private long rowsChanged;
    private long nextFullExpiry = System.nanoTime();
    private boolean closed;
    /** Null until open() starts it, and when it could not be started. */
    private Checkpointer checkpointer;
    /** Null until open() starts it, and when it could not be started. */
    private ClaimPrefetcher prefetcher;

    private SqliteEventQueue(Path path, Connection connection, PipelineSettings settings, Consumer<String> warnings)
            throws SQLException, QueueException {
        this.path = path;
        this.warnings = warnings;
        this.busyTimeout = settings.databaseTimeout();
        this.chunkSize = settings.databaseChunkSize();
        this.deleteRetryNanos = deleteRetryNanos(settings.databaseTimeout());
        this.maxBytes = settings.databaseMaxSize();
        this.connection = connection;
        this.cursor = new ClaimCursor(Durations.saturatedNanos(settings.queueCheckInterval()), System.nanoTime());
        this.layout = QueueSchema.layout(connection, path);
        prepareStatements();
    }

    private void prepareStatements() throws SQLException {
        statements = new SqliteQueueStatements(connection, chunkSize);
        begin = connection.prepareStatement("BEGIN IMMEDIATE");
        beginRead = connection.prepareStatement("BEGIN");
        commit = connection.prepareStatement("COMMIT");
        prepared = true;
    }

    /**
     * Opens or creates the queue database at {@code path}, bringing a Python-written one up to our schema and
     * returning claims of dead processes to the queue. A new database is created only where there is no file, or
     * an empty one; an existing file that is no queue database (another application's SQLite file, say) is
     * refused before anything in it is changed.
     *
     * @param path     the database file; its directory must exist
     * @param settings uses {@code databaseTimeout} (busy timeout) and {@code databaseChunkSize}
     * @throws QueueException naming the path when the file cannot be created, opened or is no database;
     *                        transient when another process holds the lock past the timeout
     */
    public static SqliteEventQueue open(Path path, PipelineSettings settings) throws QueueException {
        return open(path, settings, daemonThreads());
    }

    private static ThreadFactory daemonThreads() {
        return task -> {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Opens or creates the queue database as {@link #open(Path, PipelineSettings)}, with the queue's own threads
     * ({@link Checkpointer}, {@link ClaimPrefetcher}; they name themselves) made by {@code threads}; warnings go
     * to standard error.
     */
    public static SqliteEventQueue open(Path path, PipelineSettings settings, ThreadFactory threads)
            throws QueueException {
        return open(path, settings, threads, SqliteConnector.STANDARD_ERROR);
    }

    /**
     * Opens or creates the queue database as {@link #open(Path, PipelineSettings, ThreadFactory)}, telling
     * {@code warnings} what does not stop the queue but should be fixed: a database file (or its {@code -wal} or
     * {@code -shm}) that other users may read and whose permissions this process cannot make owner-only. Each
     * warning names the file. Called on the opening thread, and on a queue thread if the connection is reopened.
     */
    public static SqliteEventQueue open(Path path, PipelineSettings settings, ThreadFactory threads,
            Consumer<String> warnings) throws QueueException {
        return open(path, settings, threads, warnings, true);
    }

    /**
     * Opens the existing queue database at {@code path} as {@link #open(Path, PipelineSettings)} does, but creates
     * nothing: a missing file, an empty database and another application's SQLite file are refused, untouched.
     * For draining a queue that is there (the command-line tool's and the monitor's flush).
     *
     * @throws QueueException naming the path when it is no queue database or cannot be opened; transient when
     *                        another process holds the lock past the timeout
     */
    public static SqliteEventQueue openExisting(Path path, PipelineSettings settings) throws QueueException {
        Path file = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new QueueException("the queue database " + file + " does not exist", null, false);
        }
        return open(file, settings, daemonThreads(), SqliteConnector.STANDARD_ERROR, false);
    }

    private static SqliteEventQueue open(Path path, PipelineSettings settings, ThreadFactory threads,
            Consumer<String> warnings, boolean create) throws QueueException {
        Objects.requireNonNull(warnings, "warnings");
        Path file = path.toAbsolutePath().normalize();
        // An existing file must be a queue database (or, where this call may create one, an empty one) before
        // anything is written to it: another application's SQLite file gets no tables, WAL mode or permissions.
        QueueSchema.probe(file, settings.databaseTimeout(), create);
        Connection connection = SqliteConnector.openReadWrite(file, settings.databaseTimeout(), warnings);
        SqliteEventQueue queue = null;
        try {
            int before = QueueSchema.migrate(connection, file);
            queue = new SqliteEventQueue(file, connection, settings, warnings);
            // Claims marked in the rows (Python's, version 1's) are looked for once, when the schema moves past
            // them: that reads the whole table, and later claims are ranges in event_claim.
            boolean rowMarks = before < 2;
            SqliteEventQueue opened = queue;
            queue.write("cannot recover the claims of ended processes in",
                    () -> QueueSql.recoverDeadClaims(opened.connection, rowMarks));
            queue.checkpointer = Checkpointer.start(file, threads);
            queue.prefetcher = ClaimPrefetcher.start(file, threads);
            return queue;
        } catch (SQLException e) {
            closeQuietly(connection, queue);
            throw SqliteErrors.wrap("cannot prepare the queue database", file, e);
        } catch (QueueException | RuntimeException e) {
            closeQuietly(connection, queue);
            throw e;
        }
    }

    /**
     * Sets how long this queue's connection waits for another process's lock from now on: the pipeline opens the
     * queue without waiting (so that a lock held at start never stalls the application) and then sets its
     * {@code databaseTimeout}.
     */
    public void busyTimeout(Duration timeout) throws QueueException {
        busyTimeout = timeout; // a connection reopened after a failure gets it too
        deleteRetryNanos = deleteRetryNanos(timeout);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (SQLException e) {
            throw SqliteErrors.wrap("cannot set the busy timeout of", path, e);
        }
    }

    private static long deleteRetryNanos(Duration databaseTimeout) {
        long timeout = Math.min(Durations.saturatedNanos(databaseTimeout), DELETE_RETRY_MAX_NANOS / DELETE_RETRY_TIMEOUTS);
        return Math.max(DELETE_RETRY_MIN_NANOS, timeout * DELETE_RETRY_TIMEOUTS);
    }

    /** Closes the first connection of a queue that did not open, and the one it reopened, if it did. */
    private static void closeQuietly(Connection first, SqliteEventQueue queue) {
        SqliteConnector.closeQuietly(first);
        if (queue != null && queue.connection != first) {
            SqliteConnector.closeQuietly(queue.connection);
        }
    }

    /** Returns the database file. */
    public Path path() {
        return path;
    }

    @Override
    public int append(List<String> events) throws QueueException {
        if (events.isEmpty()) {
            return 0;
        }
        requireNoNulls(events);
        String entryDate = EntryDates.format(Instant.now());
        return write("cannot append to", () -> {
            if (atMaxSize()) {
                return 0;
            }
            statements.append(events, entryDate);
            countChange += events.size();
            rowsChanged += events.size();
            return events.size();
        });
    }

    /**
     * Whether the database's pages in use (all but its free list; the WAL's view, inside the transaction) take
     * {@code databaseMaxSize} or more: then an append stores nothing, and the worker pushes back as it does on a
     * full memory queue. Checked before each write, so a database can pass the cap by one group of events.
     */
    private boolean atMaxSize() throws SQLException {
        if (maxBytes <= 0) {
            return false;
        }
        try (Statement statement = connection.createStatement()) {
            long pages = pragma(statement, "page_count");
            long free = pragma(statement, "freelist_count");
            long pageSize = pragma(statement, "page_size");
            return (pages - free) * pageSize >= maxBytes;
        }
    }

    private static long pragma(Statement statement, String name) throws SQLException {
        try (java.sql.ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Stored with one multi-row insert per 64 events as claimed by this queue, so a process that dies
     * before confirming them leaves them to the next start (its claims are recovered) or to the lease.
     */
    @Override
    public List<QueuedEvent> appendClaimed(List<String> events) throws QueueException {
        if (events.isEmpty()) {
            return List.of();
        }
        requireNoNulls(events);
        long now = System.currentTimeMillis();
        String entryDateText = EntryDates.format(Instant.ofEpochMilli(now));
        Instant entryDate = EntryDates.parse(entryDateText);
        long lastId = write("cannot append to", () -> {
            if (atMaxSize()) {
                return -1L;
            }
            long last = statements.appendClaimed(events, entryDateText, owner, now);
            countChange += events.size();
            rowsChanged += events.size();
            return last;
        });
        if (lastId < 0) {
            return List.of(); // at databaseMaxSize
        }
        // Ids of one transaction are consecutive: the table is AUTOINCREMENT, the write lock is ours, and
        // nothing else (no trigger) inserts between the rows of our statements.
        long id = lastId - events.size() + 1;
        List<QueuedEvent> claimed = new ArrayList<>(events.size());
        for (String text : events) {
            claimed.add(new QueuedEvent(id++, text, entryDate, 0));
        }
        return claimed;
    }

    private static void requireNoNulls(List<String> events) throws QueueException {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) == null) {
                throw new QueueException("event " + i + " of the batch is null; nothing was stored", null, false);
            }
        }
    }

    @Override
    public List<QueuedEvent> claim(int max, Duration lease) throws QueueException {
        if (max <= 0) {
            return List.of();
        }
        awaitReadAhead();
        long now = System.currentTimeMillis();
        long cutoff = now - Math.min(now, Durations.saturatedMillis(lease));
        return write("cannot claim events in", () -> {
            long nowNanos = System.nanoTime();
            long from = cursor.from(statements.dataVersion(), nowNanos);
            List<QueuedEvent> claimed = claimPrefetched(from, max, now);
            if (claimed == null) {
                claimed = statements.claim(max, now, cutoff, owner, from);
            }
            if (claimed.isEmpty() && from != ClaimCursor.SCAN_ALL) {
                // Only a claim whose lease ended can be left: look for one now rather than at the next check.
                from = ClaimCursor.SCAN_ALL;
                claimed = statements.claim(max, now, cutoff, owner, from);
            }
            cursor.claimed(from, claimed, nowNanos);
            if (claimed.isEmpty()) {
                cursor.nothingClaimable(statements.maxId());
            } else if (claimed.size() == max && prefetcher != null) {
                // a full batch: a backlog, most likely; read the next one while this one is sent
                prefetcher.request(claimed.get(claimed.size() - 1).id() + 1, max);
            }
            return claimed;
        });
    }

    /**
     * Lets a read ahead in progress end before the claim takes the queue's lock and the write lock: waiting for
     * it inside them stalled the persisting thread and every other process on the database meanwhile.
     */
    private void awaitReadAhead() {
        if (prefetcher != null) {
            try {
                prefetcher.awaitRead();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the claim reads the rows itself
            }
        }
    }

    /** Claims the rows the prefetcher read from {@code from}, if it did and they are all still queued; else null. */
    private List<QueuedEvent> claimPrefetched(long from, int max, long nowMillis) throws SQLException {
        if (prefetcher == null || from == ClaimCursor.SCAN_ALL) {
            return null;
        }
        List<QueuedEvent> ready = prefetcher.take(from, max);
        // Fewer than max prove nothing: rows may have been appended since the read; the usual claim finds them.
        if (ready == null || ready.size() < max || !statements.claimPrefetched(ready, nowMillis, owner)) {
            return null;
        }
        return ready;
    }

    /**
     * {@inheritDoc}
     *
     * <p>While another connection holds the lock, tries again, with pauses growing from 10 to 500 ms, for up to
     * {@value #DELETE_RETRY_TIMEOUTS} times {@code databaseTimeout} (at least 1 s, at most 60 s), or until
     * interrupted. A delete that fails in the end is counted in {@link #deliveredNotDeleted}.
     */
    @Override
    public void delete(List<QueuedEvent> events) throws QueueException {
        IdRuns ids = IdRuns.ofEvents(events);
        if (!ids.isEmpty()) {
            deleteNow(ids);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Never waits and never fails: the ids wait in memory, and the next write transaction of this queue (the
     * persister's next append, most often) deletes them before its own work, in the same commit. Measured on
     * this schema (rows of 700 bytes, 1,000 per transaction): the pages a delete frees are reused by the insert
     * of the same transaction, and the WAL, which the checkpoint copies into the database, took a third less per
     * event than with a commit for each; the sending thread no longer waits for the queue's lock after each group.
     */
    @Override
    public void deleteLater(List<QueuedEvent> events) {
        IdRuns ids = IdRuns.ofEvents(events);
        if (!ids.isEmpty()) {
            synchronized (deferred) {
                deferred.add(ids);
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction for all of them, tried again while another connection holds the lock as {@link #delete}
     * is.
     */
    @Override
    public void flushDeletes() throws QueueException {
        List<IdRuns> taken = takeDeferred();
        if (!taken.isEmpty()) {
            deleteNow(IdRuns.union(taken));
            deferredFailed = false;
        }
    }

    private List<IdRuns> takeDeferred() {
        synchronized (deferred) {
            if (deferred.isEmpty()) {
                return List.of();
            }
            List<IdRuns> taken = new ArrayList<>(deferred);
            deferred.clear();
            return taken;
        }
    }

    /** Puts back deferred deletes that a failed transaction carried, before any deferred since. */
    private void giveBackDeferred(List<IdRuns> taken) {
        synchronized (deferred) {
            deferred.addAll(0, taken);
        }
    }

    /** Deletes rows with {@code ids} in the running write transaction. */
    private void deleteRows(IdRuns ids) throws SQLException {
        int deleted = statements.delete(ids, owner);
        countChange -= deleted;
        rowsChanged += deleted;
        forgetReadAhead(ids);
    }

    private void deleteNow(IdRuns ids) throws QueueException {
        long start = System.nanoTime();
        long pause = DELETE_PAUSE_FIRST_NANOS;
        while (true) {
            try {
                write("cannot delete sent events from", () -> {
                    deleteRows(ids);
                    return null;
                });
                return;
            } catch (QueueException e) {
                long left = start + deleteRetryNanos - System.nanoTime();
                if (!isLocked(e) || left <= 0 || !pause(Math.min(left, jitter(pause)))) {
                    deliveredNotDeleted.addAndGet(ids.size());
                    unsavedSentTwice.addAndGet(ids.size());
                    if (!isLocked(e)) {
                        throw e;
                    }
                    throw new QueueException(e.getMessage() + " (tried again for "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms)", e.getCause(), true);
                }
                pause = Math.min(DELETE_PAUSE_MAX_NANOS, pause * 2);
            }
        }
    }

    /**
     * Returns how many delivered events this queue could not delete, even after trying again, since it was
     * opened: they stay in the database, claimed, and will be sent a second time, when their claim expires or at
     * the next start.
     */
    @Override
    public long deliveredNotDeleted() {
        return deliveredNotDeleted.get();
    }

    /** {@inheritDoc} Written to the counter {@code dropped} of {@code queue_counter} with the next write. */
    @Override
    public void countDropped(long count) {
        if (count > 0) {
            unsavedDropped.addAndGet(count);
        }
    }

    /** {@inheritDoc} Written to the counter {@code sent_twice} of {@code queue_counter} with the next write. */
    @Override
    public void countSentTwice(long count) {
        if (count > 0) {
            unsavedSentTwice.addAndGet(count);
        }
    }

    private static boolean isLocked(QueueException e) {
        return e.getCause() instanceof SQLException sql && SqliteErrors.isBusy(sql);
    }

    /** Between half and all of {@code nanos}, so that several processes do not try again in step. */
    private static long jitter(long nanos) {
        return nanos / 2 + ThreadLocalRandom.current().nextLong(nanos / 2 + 1);
    }

    /** Sleeps {@code nanos}; returns false, with the interrupt kept, when interrupted (shutdown). */
    private static boolean pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Drops what the prefetcher read if {@code ids}, being deleted, may include queued rows it read: rows at or
     * above the cursor (a sender deletes what it claimed, below the cursor, or rows it appended claimed, whose
     * deletion cancels no read of a backlog: that one is over before the sender takes from the hand-off).
     */
    private void forgetReadAhead(IdRuns ids) {
        if (prefetcher != null && cursor.reaches(ids.last())) {
            prefetcher.cancel();
        }
    }

    @Override
    public void release(List<QueuedEvent> events, String error) throws QueueException {
        IdRuns ids = IdRuns.ofEvents(events);
        if (!ids.isEmpty()) {
            write("cannot return events to", () -> {
                statements.release(ids, owner, error);
                cursor.released(ids.first());
                return null;
            });
        }
    }

    @Override
    public void unclaim(List<QueuedEvent> events) throws QueueException {
        IdRuns ids = IdRuns.ofEvents(events);
        if (!ids.isEmpty()) {
            write("cannot return events to", () -> {
                statements.unclaim(ids, owner);
                cursor.released(ids.first());
                return null;
            });
        }
    }

    @Override
    public void fail(List<QueuedEvent> events, Map<Long, String> reasons) throws QueueException {
        Objects.requireNonNull(reasons, "reasons");
        if (!events.isEmpty()) {
            String failedDate = EntryDates.format(Instant.now());
            write("cannot move failed events in", () -> {
                countChange -= statements.fail(events, reasons, failedDate, owner);
                forgetReadAhead(IdRuns.ofEvents(events));
                return null;
            });
        }
    }

    @Override
    public int expire(Duration ttl) throws QueueException {
        return write("cannot expire events in", () -> {
            long nowNanos = System.nanoTime();
            boolean whole = nowNanos - nextFullExpiry >= 0;
            int expired = QueueSql.expire(connection, ttl, Instant.now(), whole);
            if (whole) {
                nextFullExpiry = nowNanos + FULL_EXPIRY_NANOS;
            }
            countChange -= expired;
            if (expired > 0 && prefetcher != null) {
                prefetcher.cancel(); // rows it read may be gone
            }
            return expired;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the failed table whole (it has no index on {@code failed_date}: it is small, and written only when
     * the receiver rejects an event for good); the worker calls it at its periodic checks.
     */
    @Override
    public int deleteFailed(Duration ttl) throws QueueException {
        String cutoff = EntryDates.format(Instant.now().minus(ttl));
        return write("cannot delete old failed events in", () -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM failed_event WHERE failed_date < ?")) {
                delete.setString(1, cutoff);
                return delete.executeUpdate();
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Counts the rows only when another connection changed the table since the last count: without
     * Python's index a count reads the whole table.
     */
    @Override
    public long pendingCount() throws QueueException {
        return read("cannot count events in", () -> {
            long version = statements.dataVersion();
            if (count < 0 || version != countVersion) {
                count = statements.countRows();
                countVersion = version;
            }
            return count;
        });
    }

    @Override
    public Instant oldestEntryDate() throws QueueException {
        return read("cannot read the oldest entry of", () -> {
            try (Statement statement = connection.createStatement();
                 java.sql.ResultSet rows = statement.executeQuery(
                         "SELECT entry_date FROM event ORDER BY event_id LIMIT 1")) {
                return rows.next() ? EntryDates.parse(rows.getString(1)) : null;
            }
        });
    }

    @Override
    public long[] idBounds() throws QueueException {
        return read("cannot read the id range of", () -> {
            try (Statement statement = connection.createStatement();
                 java.sql.ResultSet rows = statement.executeQuery("SELECT min(event_id), max(event_id) FROM event")) {
                rows.next();
                long first = rows.getLong(1);
                return rows.wasNull() ? new long[] {Long.MAX_VALUE, 0} : new long[] {first, rows.getLong(2)};
            }
        });
    }

    @Override
    public QueueStats stats() throws QueueException {
        return read("cannot count events in", () -> QueueSql.stats(connection, layout));
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public void vacuum() throws QueueException {
        locked("cannot vacuum", () -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("VACUUM");
            }
            return null;
        });
    }

    /**
     * Closes the queue. Claims this queue did not confirm stay in the database, returned to the queue so that
     * the next queue on the file (also one opened later in this process) sends them without waiting for the
     * lease; if that fails (the database is locked) they are sent when the lease ends.
     */
    @Override
    public void close(boolean vacuum) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            try {
                flushDeletes(); // before the release below would return delivered events to the queue
            } catch (QueueException e) {
                // counted in deliveredNotDeleted: they are sent again
            }
            try {
                write("cannot return unconfirmed claims to", () -> QueueSql.releaseOwner(connection, owner));
            } catch (QueueException e) {
                // documented: the lease brings them back
            }
            if (vacuum) {
                try {
                    vacuum();
                } catch (QueueException e) {
                    // documented: close cannot report; callers who care call vacuum() first
                }
            }
            closed = true;
            if (checkpointer != null) {
                checkpointer.close();
            }
            if (prefetcher != null) {
                prefetcher.close();
            }
            closeStatements();
            SqliteConnector.closeQuietly(connection);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction: the write lock is taken up front. */
    private <T> T write(String action, SqlWork<T> work) throws QueueException {
        return transaction(true, action, work);
    }

    /** Runs {@code work} in a read transaction, so that its queries see one snapshot. */
    private <T> T read(String action, SqlWork<T> work) throws QueueException {
        return transaction(false, action, work);
    }

    private <T> T transaction(boolean writing, String action, SqlWork<T> work) throws QueueException {
        return locked(action, () -> {
            countChange = 0;
            rowsChanged = 0;
            List<IdRuns> carried = List.of();
            try {
                if (writing) {
                    followWalBudget();
                }
                // inside the try: a BEGIN that fails may still leave the statement or the connection to repair
                (writing ? begin : beginRead).execute();
                if (writing && !deferredFailed) {
                    // first: the pages the deletes free are there for the work's inserts to reuse
                    carried = takeDeferred();
                    for (IdRuns ids : carried) {
                        deleteRows(ids);
                    }
                }
                T result = work.run();
                long dropped = 0;
                long sentTwice = 0;
                if (writing) {
                    // the counters ride on a write that succeeds: drops and failed deletes happen when writes fail
                    dropped = unsavedDropped.get();
                    sentTwice = unsavedSentTwice.get();
                    if (dropped > 0 || sentTwice > 0) {
                        QueueSql.addToCounters(connection, dropped, sentTwice);
                    }
                }
                commit.execute();
                unsavedDropped.addAndGet(-dropped);
                unsavedSentTwice.addAndGet(-sentTwice);
                if (count >= 0) {
                    count += countChange;
                }
                if (writing && checkpointer != null) {
                    checkpointer.committed(rowsChanged);
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                // Whatever the work changed is undone by recover(), or, after a failed commit, unknown.
                count = -1;
                cursor.forget();
                if (!carried.isEmpty()) {
                    giveBackDeferred(carried); // deleting rows that a failed commit did delete after all is harmless
                    deferredFailed = true;
                }
                throw e;
            }
        });
    }

    /**
     * Applies the WAL budget the checkpointer last measured to this connection when it changed: the free space
     * of the file system moves (another process fills or frees it), and with it how large the WAL may grow.
     */
    private void followWalBudget() throws SQLException {
        if (checkpointer != null) {
            long budget = checkpointer.budget();
            if (budget != walBudget) {
                WalBudget.apply(connection, budget);
                walBudget = budget;
            }
        }
    }

    private <T> T locked(String action, SqlWork<T> work) throws QueueException {
        lock.lock();
        try {
            if (closed) {
                throw new QueueException("the queue " + path + " is closed", null, false);
            }
            if (unrecovered != null) {
                recover(unrecovered);
                if (unrecovered != null) {
                    QueueException e = SqliteErrors.wrap(action, path, unrecovered);
                    throw new QueueException(e.getMessage() + " (the connection could not be brought back to a"
                            + " clean state after an earlier failure; tried again first)", unrecovered, true);
                }
            }
            try {
                return work.run();
            } catch (SQLException | RuntimeException e) {
                recover(e);
                throw e;
            }
        } catch (SQLException e) {
            throw SqliteErrors.wrap(action, path, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Brings the connection back to a clean state after a failed operation, so that the next one works once the
     * cause (a full disk, a lock) is gone, without a restart. Two things outlive a failure otherwise:
     * sqlite-jdbc finalizes a prepared statement that fails with anything but busy, locked, constraint or
     * misuse (SQLITE_FULL, an I/O error, "no transaction is active"), and every later use of it says
     * "statement is not executing"; and a ROLLBACK that fails, or is skipped, leaves the connection inside the
     * transaction, where every later BEGIN says "cannot start a transaction within a transaction".
     *
     * <p>So: the statements are closed and prepared again (closing also resets any left stepping, which would
     * keep a transaction or a snapshot open), the transaction is rolled back with a statement of its own, and
     * that the connection is back in autocommit mode is checked; if it is not, the connection is reopened. Never
     * throws: when even that fails, {@link #unrecovered} makes the next operation try again first.
     */
    private void recover(Exception cause) {
        try {
            boolean finalizable = !(cause instanceof SQLException sql && SqliteErrors.isBusy(sql));
            if (finalizable) {
                closeStatements();
            }
            if (!rolledBack()) {
                closeStatements(); // a statement still stepping can keep the transaction open
                if (!rolledBack()) {
                    SqliteConnector.closeQuietly(connection); // closing rolls back what is still open
                    connection = SqliteConnector.openReadWrite(path, busyTimeout, warnings);
                    walBudget = -1;
                }
            }
            if (!prepared) {
                prepareStatements();
            }
            unrecovered = null;
        } catch (SQLException e) {
            unrecovered = e;
        } catch (QueueException e) {
            unrecovered = e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
        }
    }

    /**
     * Rolls back the transaction that may be open and returns whether the connection is in autocommit mode
     * afterwards, which sqlite-jdbc does not tell ({@code sqlite3_get_autocommit}): SQLite accepts a BEGIN only
     * in autocommit mode, and a deferred BEGIN takes no lock and writes nothing, so it works on a full disk too.
     */
    private boolean rolledBack() {
        try (Statement statement = connection.createStatement()) {
            try {
                statement.execute("ROLLBACK");
            } catch (SQLException e) {
                // no transaction was open (SQLite may have rolled back itself, e.g. on SQLITE_FULL): checked below
            }
            statement.execute("BEGIN");
            statement.execute("ROLLBACK");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Closes the prepared statements; failures are ignored, closing the connection frees them anyway. */
    private void closeStatements() {
        if (!prepared) {
            return;
        }
        prepared = false;
        try {
            statements.close();
        } catch (SQLException e) {
            // see above
        }
        for (PreparedStatement statement : List.of(begin, beginRead, commit)) {
            try {
                statement.close();
            } catch (SQLException e) {
                // see above
            }
        }
    }
}
