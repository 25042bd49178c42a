package io.github.logstashasync.core.internal.queue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Looks into a queue database, ours or one written by python-logstash-async, for the command-line tool and
 * the monitor: counts, filtered pages of events, one event, and the repairs (requeue failed events, delete,
 * purge, expire, vacuum). Opened read-only it changes nothing, not even the schema, and in WAL mode never
 * blocks a writer; the repairs need {@link #openReadWrite}.
 *
 * <p>Thread-safe: calls are serialised on one connection.
 */
public final class QueueInspector implements AutoCloseable {

    /** The largest page {@link #list} returns, so that no call loads a whole queue into memory. */
    public static final int MAX_PAGE = 10_000;

    private final Path path;
    private final Connection connection;
    private final boolean readOnly;
    private final QueueSchema.Layout layout;
    private final InspectorQueries queries;

    private QueueInspector(Path path, Connection connection, boolean readOnly) throws QueueException {
        this.path = path;
        this.connection = connection;
        this.readOnly = readOnly;
        this.layout = QueueSchema.layout(connection, path);
        this.queries = new InspectorQueries(layout);
    }

    /**
     * Opens an existing queue database read-only.
     *
     * @param busyTimeout how long a read waits for a lock (only a database in rollback-journal mode has them)
     */
    public static QueueInspector openReadOnly(Path path, Duration busyTimeout) throws QueueException {
        Path file = path.toAbsolutePath().normalize();
        Connection connection = SqliteConnector.openReadOnly(file, busyTimeout);
        return create(file, connection, true);
    }

    /**
     * Opens a queue database for reading and repairing; brings a Python-written one up to our schema (which
     * Python keeps working with) and switches it to WAL mode. A file that is no queue database (another
     * application's SQLite file, an empty one) is refused before anything is changed.
     *
     * @param busyTimeout how long a write waits for another process's lock before failing as transient
     */
    public static QueueInspector openReadWrite(Path path, Duration busyTimeout) throws QueueException {
        Path file = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new QueueException("the queue database " + file + " does not exist", null, false);
        }
        // refused before the read-write connection changes anything: another application's file, an empty one
        QueueSchema.probe(file, busyTimeout, false);
        Connection connection = SqliteConnector.openReadWrite(file, busyTimeout);
        try {
            QueueSchema.migrate(connection, file);
        } catch (QueueException | RuntimeException e) {
            SqliteConnector.closeQuietly(connection);
            throw e;
        }
        return create(file, connection, false);
    }

    private static QueueInspector create(Path file, Connection connection, boolean readOnly) throws QueueException {
        try {
            return new QueueInspector(file, connection, readOnly);
        } catch (QueueException | RuntimeException e) {
            SqliteConnector.closeQuietly(connection);
            throw e;
        }
    }

    /** Returns the database file. */
    public Path path() {
        return path;
    }

    /** Whether this inspector was opened read-only. */
    public boolean readOnly() {
        return readOnly;
    }

    /** Returns the counts by state and the entry date of the oldest waiting event. */
    public synchronized QueueStats stats() throws QueueException {
        return inTransaction("BEGIN", "cannot count the events of", () -> QueueSql.stats(connection, layout));
    }

    /**
     * Counts the queued events by entry date in one read of the table (a count per age would read it once each):
     * the first count is of events entered at or after {@code boundaries[0]}, count {@code i} of those from
     * {@code boundaries[i]} up to {@code boundaries[i - 1]}, and the last one of those before the last boundary.
     *
     * @param boundaries entry dates, newest first
     * @return {@code boundaries.length + 1} counts
     */
    public synchronized long[] countQueuedByAge(Instant... boundaries) throws QueueException {
        for (int i = 1; i < boundaries.length; i++) {
            if (!boundaries[i].isBefore(boundaries[i - 1])) {
                throw new IllegalArgumentException("boundaries must be newest first: " + List.of(boundaries));
            }
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> parameters = new ArrayList<>();
        for (int i = 0; i <= boundaries.length; i++) {
            List<String> conditions = new ArrayList<>();
            if (i < boundaries.length) {
                conditions.add("entry_date >= ?");
                parameters.add(EntryDates.format(boundaries[i]));
            }
            if (i > 0) {
                conditions.add("entry_date < ?");
                parameters.add(EntryDates.format(boundaries[i - 1]));
            }
            sql.append(i > 0 ? ", " : "").append("coalesce(sum(")
                    .append(conditions.isEmpty() ? "1" : String.join(" AND ", conditions)).append("), 0)");
        }
        sql.append(" FROM event WHERE pending_delete = 0");
        if (layout.claimTable()) {
            sql.append(" AND ").append(QueueSchema.unclaimed("event.event_id"));
        }
        return inTransaction("BEGIN", "cannot count the events of", () -> {
            try (PreparedStatement query = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    query.setString(i + 1, parameters.get(i));
                }
                long[] counts = new long[boundaries.length + 1];
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    for (int i = 0; i < counts.length; i++) {
                        counts[i] = rows.getLong(i + 1);
                    }
                }
                return counts;
            }
        });
    }

    /**
     * Returns the highest event id ever given out, 0 for a database that never held an event. It only grows
     * (ids come from SQLite's {@code AUTOINCREMENT} sequence, which deletes do not lower), so the difference
     * between two calls is the number of events that arrived in between.
     */
    public synchronized long lastEventId() throws QueueException {
        return inTransaction("BEGIN", "cannot read the last event id of", () -> {
            try (Statement statement = connection.createStatement()) {
                long last = single(statement, "SELECT coalesce(max(event_id), 0) FROM event");
                if (layout.failedTable()) {
                    last = Math.max(last, single(statement, "SELECT coalesce(max(event_id), 0) FROM failed_event"));
                }
                // sqlite_sequence exists only once a table with AUTOINCREMENT was created (Python's and ours are).
                if (single(statement, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'") > 0) {
                    last = Math.max(last, single(statement,
                            "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'event'"));
                }
                return last;
            }
        });
    }

    /**
     * Returns one page of the events matching {@code filter}, in id order.
     *
     * @param offset how many matching events to skip
     * @param limit  how many to return at most; capped at {@link #MAX_PAGE}
     */
    public synchronized List<InspectedEvent> list(EventFilter filter, long offset, int limit) throws QueueException {
        Objects.requireNonNull(filter, "filter");
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative: " + offset + ", " + limit);
        }
        InspectorQueries.Query query = queries.page(filter, offset, Math.min(limit, MAX_PAGE));
        return run("cannot list the events of", () -> {
            List<InspectedEvent> events = new ArrayList<>();
            pass(query, events::add);
            return events;
        });
    }

    /** Receives the events of {@link #forEach}, one at a time. */
    @FunctionalInterface
    public interface EventSink<E extends Exception> {
        /** Takes one event. */
        void accept(InspectedEvent event) throws E;
    }

    /**
     * Passes every event matching {@code filter} to {@code sink}, in id order, from one snapshot of the database
     * (a read transaction: paging with offsets would skip or repeat events that writers add or delete meanwhile),
     * holding one event in memory at a time. In WAL mode writers go on meanwhile; the WAL cannot be checkpointed
     * past the snapshot until this returns.
     *
     * @return how many events were passed
     * @throws E when the sink fails; the events before were passed
     */
    public synchronized <E extends Exception> long forEach(EventFilter filter, EventSink<E> sink)
            throws QueueException, E {
        InspectorQueries.Query query = queries.all(Objects.requireNonNull(filter, "filter"));
        Objects.requireNonNull(sink, "sink");
        try (Statement transaction = connection.createStatement()) {
            transaction.execute("BEGIN");
            try {
                return pass(query, sink);
            } finally {
                transaction.execute("COMMIT");
            }
        } catch (SQLException e) {
            throw SqliteErrors.wrap("cannot read the events of", path, e);
        }
    }

    /** Passes the rows of {@code query} (built by {@link InspectorQueries}) to {@code sink}; returns how many. */
    private <E extends Exception> long pass(InspectorQueries.Query query, EventSink<E> sink) throws SQLException, E {
        long passed = 0;
        try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
            query.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    sink.accept(InspectorQueries.read(rows));
                    passed++;
                }
            }
        }
        return passed;
    }

    /** Returns how many events match {@code filter}. */
    public synchronized long count(EventFilter filter) throws QueueException {
        InspectorQueries.Query query = queries.count(Objects.requireNonNull(filter, "filter"));
        return run("cannot count the events of", () -> {
            try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
                query.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0L;
                }
            }
        });
    }

    /** Returns the event with {@code id} in whatever state it is. */
    public synchronized Optional<InspectedEvent> show(long id) throws QueueException {
        InspectorQueries.Query query = queries.byId(id);
        return run("cannot read an event of", () -> {
            try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
                query.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(InspectorQueries.read(rows)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Moves failed events back to the queue, under their old ids (so they keep their place, oldest first),
     * keeping their attempts and the reason as last error. Ids that are not failed are ignored.
     *
     * @return how many were requeued
     */
    public synchronized int requeue(Collection<Long> ids) throws QueueException {
        return write("cannot requeue failed events in", () -> {
            int moved = 0;
            try (PreparedStatement copy = connection.prepareStatement(InspectorRepairs.REQUEUE_ONE);
                 PreparedStatement drop = connection.prepareStatement("DELETE FROM failed_event WHERE event_id = ?")) {
                for (long id : new TreeSet<>(ids)) {
                    copy.setLong(1, id);
                    if (copy.executeUpdate() > 0) {
                        drop.setLong(1, id);
                        drop.executeUpdate();
                        moved++;
                    }
                }
            }
            return moved;
        });
    }

    /** Moves every failed event back to the queue; see {@link #requeue(Collection)}. */
    public synchronized int requeueAllFailed() throws QueueException {
        return write("cannot requeue failed events in", () -> {
            try (Statement statement = connection.createStatement()) {
                int moved = statement.executeUpdate(InspectorRepairs.REQUEUE_ALL);
                statement.executeUpdate("DELETE FROM failed_event");
                return moved;
            }
        });
    }

    /**
     * Returns how many events are marked in flight in their row with no claim time ({@code pending_delete = 1}, as
     * python-logstash-async marks the events it is sending) and entered the queue before {@code enteredBefore}.
     * A live Python sender unmarks or deletes its events within one send; such marks on old events are most
     * likely left by a process that ended while sending, and no sender of either library takes them back.
     */
    public synchronized long countStaleMarks(Instant enteredBefore) throws QueueException {
        String sql = "SELECT count(*) FROM event WHERE " + staleMarks();
        return run("cannot count the events of", () -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, EntryDates.format(Objects.requireNonNull(enteredBefore, "enteredBefore")));
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0L;
                }
            }
        });
    }

    /**
     * Moves the events {@link #countStaleMarks} counts back to the queue, as {@link #requeue} does failed ones:
     * under their ids (so in their old place), keeping their attempts and last error. A sender that still held
     * one would send it again once more (a duplicate, never a loss): Python deletes only the rows still marked.
     *
     * @return how many were requeued
     */
    public synchronized int requeueStaleMarks(Instant enteredBefore) throws QueueException {
        String sql = "UPDATE event SET pending_delete = 0 WHERE " + staleMarks();
        String cutoff = EntryDates.format(Objects.requireNonNull(enteredBefore, "enteredBefore"));
        return write("cannot requeue events in", () -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, cutoff);
                return statement.executeUpdate();
            }
        });
    }

    /** The condition of {@link #countStaleMarks}, with the entry date cutoff as its one parameter. */
    private String staleMarks() {
        return "pending_delete != 0 AND entry_date < ?" + (layout.claimColumns() ? " AND claimed_at IS NULL" : "")
                + (layout.claimTable() ? " AND " + QueueSchema.unclaimed("event.event_id") : "");
    }

    /** Deletes the events with {@code ids}, whatever their state; returns how many existed. */
    public synchronized int delete(Collection<Long> ids) throws QueueException {
        return write("cannot delete events from", () -> {
            int deleted = 0;
            try (PreparedStatement queued = connection.prepareStatement("DELETE FROM event WHERE event_id = ?");
                 PreparedStatement failed = connection.prepareStatement(
                         "DELETE FROM failed_event WHERE event_id = ?")) {
                for (long id : ids) {
                    queued.setLong(1, id);
                    failed.setLong(1, id);
                    deleted += queued.executeUpdate() + failed.executeUpdate();
                }
            }
            return deleted;
        });
    }

    /**
     * Deletes every event in {@code state}. Purging {@link EventState#IN_FLIGHT} drops events that a live
     * sender may be delivering right now: it is for claims of processes known to be gone.
     *
     * @return how many were deleted
     */
    public synchronized int purge(EventState state) throws QueueException {
        String sql;
        switch (Objects.requireNonNull(state, "state")) {
            case QUEUED:
                sql = "DELETE FROM event WHERE pending_delete = 0 AND " + QueueSchema.unclaimed("event.event_id");
                break;
            case IN_FLIGHT:
                sql = "DELETE FROM event WHERE pending_delete != 0 OR NOT " + QueueSchema.unclaimed("event.event_id");
                break;
            case FAILED:
                sql = "DELETE FROM failed_event";
                break;
            default:
                throw new IllegalArgumentException("unknown state " + state);
        }
        return write("cannot purge events from", () -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate(sql);
            }
        });
    }

    /** Expires queued events older than {@code ttl}, counting them as the queue does; returns how many. */
    public synchronized int expire(Duration ttl) throws QueueException {
        return write("cannot expire events in", () -> QueueSql.expire(connection, ttl, Instant.now(), true));
    }

    /** Compacts the database file. */
    public synchronized void vacuum() throws QueueException {
        requireWritable();
        run("cannot vacuum", () -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("VACUUM");
                // in WAL mode the compacted pages are in the WAL: only a checkpoint makes the file smaller (and
                // TRUNCATE empties the WAL); a reader in another process may keep part of it until it is done
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            return null;
        });
    }

    @Override
    public synchronized void close() {
        SqliteConnector.closeQuietly(connection);
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private <T> T write(String action, SqlWork<T> work) throws QueueException {
        requireWritable();
        return inTransaction("BEGIN IMMEDIATE", action, work);
    }

    private void requireWritable() throws QueueException {
        if (readOnly) {
            throw new QueueException("the queue database " + path + " was opened read-only", null, false);
        }
    }

    private <T> T inTransaction(String begin, String action, SqlWork<T> work) throws QueueException {
        return run(action, () -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(begin);
                try {
                    T result = work.run();
                    statement.execute("COMMIT");
                    return result;
                } catch (SQLException | RuntimeException e) {
                    try {
                        statement.execute("ROLLBACK");
                    } catch (SQLException ignored) {
                        // SQLite rolled back already
                    }
                    throw e;
                }
            }
        });
    }

    private <T> T run(String action, SqlWork<T> work) throws QueueException {
        try {
            return work.run();
        } catch (SQLException e) {
            throw SqliteErrors.wrap(action, path, e);
        }
    }
}
