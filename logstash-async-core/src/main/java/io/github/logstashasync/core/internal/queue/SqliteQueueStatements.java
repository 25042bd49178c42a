package io.github.logstashasync.core.internal.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The prepared statements of the hot path of {@link SqliteEventQueue}, bound to one connection. Callers hold
 * the queue's lock and run each method inside a transaction.
 */
final class SqliteQueueStatements implements AutoCloseable {

    /** Longest error text or failure reason kept per event: a whole HTTP response body helps nobody. */
    static final int MAX_NOTE_LENGTH = 2000;

    /** Rows per multi-row INSERT, largest first; measured: 64 rows per statement append twice as fast as a JDBC batch. */
    private static final int[] INSERT_BLOCKS = {64, 16, 4, 1};

    /** The columns a claim reads. */
    private static final String CLAIM_COLUMNS = "SELECT event_id, event_text, entry_date, attempts FROM event";

    /**
     * Every claimable row, from the start of the table: queued, or claimed by Python (no claim time) or longer
     * ago than the lease. Read first and then marked by id runs, in the same transaction: measured faster than
     * one {@code UPDATE ... RETURNING}. Without Python's indexes this walks the rows in id order.
     */
    private static final String CLAIMABLE = CLAIM_COLUMNS
            + " WHERE pending_delete = 0 OR claimed_at IS NULL OR claimed_at < ? ORDER BY event_id LIMIT ?";
    /** Queued rows from an id on: the cheap claim while no lease can have ended (see {@link ClaimCursor}). */
    static final String QUEUED_FROM = CLAIM_COLUMNS
            + " WHERE event_id >= ? AND pending_delete = 0 ORDER BY event_id LIMIT ?";
    private static final String CLAIM_SET = "UPDATE event SET pending_delete = 1, claimed_at = ?, claim_owner = ?"
            + " WHERE event_id ";
    private static final String RELEASE_SET = "UPDATE event SET pending_delete = 0, claimed_at = NULL,"
            + " claim_owner = NULL, attempts = attempts + 1, last_error = ? WHERE claim_owner = ? AND event_id ";
    private static final String UNCLAIM_SET = "UPDATE event SET pending_delete = 0, claimed_at = NULL,"
            + " claim_owner = NULL WHERE claim_owner = ? AND event_id ";
    private static final String FAIL_COPY = "INSERT OR REPLACE INTO failed_event"
            + " (event_id, event_text, entry_date, failed_date, reason, attempts)"
            + " SELECT event_id, event_text, entry_date, ?, ?, attempts + 1 FROM event WHERE event_id = ?";

    private final Connection connection;
    private final int chunkSize;
    private final PreparedStatement[] inserts = new PreparedStatement[INSERT_BLOCKS.length];
    private final PreparedStatement[] claimedInserts = new PreparedStatement[INSERT_BLOCKS.length];
    private final PreparedStatement lastInsertId;
    private final PreparedStatement dataVersion;
    private final PreparedStatement countRows;
    private final PreparedStatement maxId;
    private final PreparedStatement claimable;
    private final PreparedStatement queuedFrom;
    private final PreparedStatement claimRange;
    private final PreparedStatement claimChunk;
    private final PreparedStatement claimRangeIfQueued;
    private final PreparedStatement claimChunkIfQueued;
    private final PreparedStatement savepoint;
    private final PreparedStatement rollbackTo;
    private final PreparedStatement release;
    private final PreparedStatement deleteRange;
    private final PreparedStatement deleteChunk;
    private final PreparedStatement releaseRange;
    private final PreparedStatement releaseChunk;
    private final PreparedStatement unclaimRange;
    private final PreparedStatement unclaimChunk;
    private final PreparedStatement failCopy;

    SqliteQueueStatements(Connection connection, int chunkSize) throws SQLException {
        this.connection = connection;
        this.chunkSize = chunkSize;
        for (int i = 0; i < INSERT_BLOCKS.length; i++) {
            inserts[i] = connection.prepareStatement(insertSql(INSERT_BLOCKS[i]));
            claimedInserts[i] = connection.prepareStatement(claimedInsertSql(INSERT_BLOCKS[i]));
        }
        lastInsertId = connection.prepareStatement("SELECT last_insert_rowid()");
        dataVersion = connection.prepareStatement("PRAGMA data_version");
        countRows = connection.prepareStatement("SELECT count(*) FROM event");
        maxId = connection.prepareStatement("SELECT max(event_id) FROM event");
        claimable = connection.prepareStatement(CLAIMABLE);
        queuedFrom = connection.prepareStatement(QUEUED_FROM);
        claimRange = connection.prepareStatement(CLAIM_SET + "BETWEEN ? AND ?");
        claimChunk = connection.prepareStatement(CLAIM_SET + "IN " + placeholders(chunkSize));
        claimRangeIfQueued = connection.prepareStatement(CLAIM_SET + "BETWEEN ? AND ? AND pending_delete = 0");
        claimChunkIfQueued = connection.prepareStatement(CLAIM_SET + "IN " + placeholders(chunkSize)
                + " AND pending_delete = 0");
        savepoint = connection.prepareStatement("SAVEPOINT prefetched_claim");
        rollbackTo = connection.prepareStatement("ROLLBACK TO prefetched_claim");
        release = connection.prepareStatement("RELEASE prefetched_claim");
        deleteRange = connection.prepareStatement("DELETE FROM event WHERE event_id BETWEEN ? AND ?");
        deleteChunk = connection.prepareStatement("DELETE FROM event WHERE event_id IN " + placeholders(chunkSize));
        releaseRange = connection.prepareStatement(RELEASE_SET + "BETWEEN ? AND ?");
        releaseChunk = connection.prepareStatement(RELEASE_SET + "IN " + placeholders(chunkSize));
        unclaimRange = connection.prepareStatement(UNCLAIM_SET + "BETWEEN ? AND ?");
        unclaimChunk = connection.prepareStatement(UNCLAIM_SET + "IN " + placeholders(chunkSize));
        failCopy = connection.prepareStatement(FAIL_COPY);
    }

    /** Inserts {@code events} as queued with {@code entryDate}, in multi-row statements. */
    void append(List<String> events, String entryDate) throws SQLException {
        insert(inserts, events, entryDate, null, 0);
    }

    /**
     * Inserts {@code events} as claimed by {@code owner} at {@code nowMillis}, in multi-row statements.
     *
     * @return the id of the last one; the ids of one call are consecutive (see {@link SqliteEventQueue#appendClaimed})
     */
    long appendClaimed(List<String> events, String entryDate, String owner, long nowMillis) throws SQLException {
        insert(claimedInserts, events, entryDate, owner, nowMillis);
        return single(lastInsertId);
    }

    private static void insert(PreparedStatement[] statements, List<String> events, String entryDate, String owner,
                               long nowMillis) throws SQLException {
        int firstText = owner == null ? 2 : 4;
        int next = 0;
        for (int b = 0; b < INSERT_BLOCKS.length; b++) {
            int block = INSERT_BLOCKS[b];
            PreparedStatement insert = statements[b];
            while (events.size() - next >= block) {
                insert.setString(1, entryDate);
                if (owner != null) {
                    insert.setLong(2, nowMillis);
                    insert.setString(3, owner);
                }
                for (int i = 0; i < block; i++) {
                    insert.setString(i + firstText, events.get(next + i));
                }
                insert.executeUpdate();
                next += block;
            }
        }
    }

    /**
     * Returns SQLite's {@code PRAGMA data_version}: it changes when another connection (of this process or
     * another) committed a change since this connection last looked; this connection's own commits leave it.
     */
    long dataVersion() throws SQLException {
        return single(dataVersion);
    }

    /** Counts the rows of {@code event}: queued and claimed. */
    long countRows() throws SQLException {
        return single(countRows);
    }

    /** Returns the largest id in {@code event}, 0 when it is empty. */
    long maxId() throws SQLException {
        return single(maxId);
    }

    /**
     * Claims up to {@code max} events for {@code owner}; returns them in id order.
     *
     * @param fromId when positive, claims only queued events from this id on and no expired claims (the caller
     *               knows none is queued below it); otherwise scans the whole table for anything claimable
     */
    List<QueuedEvent> claim(int max, long nowMillis, long leaseCutoffMillis, String owner, long fromId)
            throws SQLException {
        PreparedStatement select;
        if (fromId > 0) {
            select = queuedFrom;
            select.setLong(1, fromId);
        } else {
            select = claimable;
            select.setLong(1, leaseCutoffMillis);
        }
        select.setInt(2, max);
        List<QueuedEvent> events = read(select);
        mark(events, nowMillis, owner, claimRange, claimChunk);
        return events;
    }

    /** Reads the claim columns of the rows {@code select} returns, in its order. */
    static List<QueuedEvent> read(PreparedStatement select) throws SQLException {
        List<QueuedEvent> events = new ArrayList<>();
        String lastDateText = null;
        Instant lastDate = null;
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String dateText = rows.getString(3);
                // A batch shares few distinct entry dates: parse each once.
                if (dateText == null || !dateText.equals(lastDateText)) {
                    lastDateText = dateText;
                    lastDate = EntryDates.parse(dateText);
                }
                events.add(new QueuedEvent(rows.getLong(1), rows.getString(2), lastDate, rows.getInt(4)));
            }
        }
        return events;
    }

    /**
     * Claims {@code events}, read before this transaction (by {@link ClaimPrefetcher}), if every one of them is
     * still queued; claims none of them otherwise.
     *
     * @return whether they were claimed
     */
    boolean claimIfQueued(List<QueuedEvent> events, long nowMillis, String owner) throws SQLException {
        savepoint.execute();
        long marked = mark(events, nowMillis, owner, claimRangeIfQueued, claimChunkIfQueued);
        if (marked == events.size()) {
            release.execute();
            return true;
        }
        rollbackTo.execute();
        release.execute();
        return false;
    }

    private long mark(List<QueuedEvent> events, long nowMillis, String owner, PreparedStatement range,
                      PreparedStatement chunked) throws SQLException {
        long[] marked = {0};
        IdRuns.ofEvents(events).forEach(chunkSize, (first, last) -> {
            range.setLong(1, nowMillis);
            range.setString(2, owner);
            range.setLong(3, first);
            range.setLong(4, last);
            marked[0] += range.executeUpdate();
        }, chunk -> {
            chunked.setLong(1, nowMillis);
            chunked.setString(2, owner);
            bindChunk(chunked, 3, chunk);
            marked[0] += chunked.executeUpdate();
        });
        return marked[0];
    }

    /**
     * Deletes the events with {@code ids}.
     *
     * @return how many rows were deleted
     */
    int delete(IdRuns ids) throws SQLException {
        int[] deleted = {0};
        ids.forEach(chunkSize, (first, last) -> {
            deleteRange.setLong(1, first);
            deleteRange.setLong(2, last);
            deleted[0] += deleteRange.executeUpdate();
        }, chunk -> {
            bindChunk(deleteChunk, 1, chunk);
            deleted[0] += deleteChunk.executeUpdate();
        });
        return deleted[0];
    }

    /** Returns the events with {@code ids} still claimed by {@code owner} to the queue, counting the attempt. */
    void release(IdRuns ids, String owner, String error) throws SQLException {
        String note = truncate(error);
        ids.forEach(chunkSize, (first, last) -> {
            releaseRange.setString(1, note);
            releaseRange.setString(2, owner);
            releaseRange.setLong(3, first);
            releaseRange.setLong(4, last);
            releaseRange.executeUpdate();
        }, chunk -> {
            releaseChunk.setString(1, note);
            releaseChunk.setString(2, owner);
            bindChunk(releaseChunk, 3, chunk);
            releaseChunk.executeUpdate();
        });
    }

    /** Returns the events with {@code ids} still claimed by {@code owner} to the queue, as if never claimed. */
    void unclaim(IdRuns ids, String owner) throws SQLException {
        ids.forEach(chunkSize, (first, last) -> {
            unclaimRange.setString(1, owner);
            unclaimRange.setLong(2, first);
            unclaimRange.setLong(3, last);
            unclaimRange.executeUpdate();
        }, chunk -> {
            unclaimChunk.setString(1, owner);
            bindChunk(unclaimChunk, 2, chunk);
            unclaimChunk.executeUpdate();
        });
    }

    /**
     * Copies {@code events} into {@code failed_event} with their reasons, then deletes them from the queue.
     *
     * @return how many rows left the queue
     */
    int fail(List<QueuedEvent> events, Map<Long, String> reasons, String failedDate) throws SQLException {
        for (QueuedEvent event : events) {
            failCopy.setString(1, failedDate);
            failCopy.setString(2, truncate(reasons.getOrDefault(event.id(), "no reason given")));
            failCopy.setLong(3, event.id());
            failCopy.addBatch();
        }
        failCopy.executeBatch();
        return delete(IdRuns.ofEvents(events));
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        List<PreparedStatement> all = new ArrayList<>(List.of(inserts));
        all.addAll(List.of(claimedInserts));
        all.addAll(List.of(lastInsertId, dataVersion, countRows, maxId, claimable, queuedFrom, claimRange, claimChunk,
                claimRangeIfQueued, claimChunkIfQueued, savepoint, rollbackTo, release,
                deleteRange, deleteChunk, releaseRange, releaseChunk, unclaimRange, unclaimChunk, failCopy));
        for (PreparedStatement statement : all) {
            try {
                statement.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Returns the connection the statements belong to. */
    Connection connection() {
        return connection;
    }

    static String truncate(String note) {
        if (note == null || note.length() <= MAX_NOTE_LENGTH) {
            return note;
        }
        return note.substring(0, MAX_NOTE_LENGTH - 1) + "\u2026";
    }

    static String placeholders(int count) {
        StringJoiner joiner = new StringJoiner(",", "(", ")");
        for (int i = 0; i < count; i++) {
            joiner.add("?");
        }
        return joiner.toString();
    }

    private static long single(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private static void bindChunk(PreparedStatement statement, int firstIndex, long[] chunk) throws SQLException {
        for (int i = 0; i < chunk.length; i++) {
            statement.setLong(firstIndex + i, chunk[i]);
        }
    }

    private static String insertSql(int rows) {
        // ?1 is the entry date, shared by all rows: python writes datetime('now'), the same text format.
        StringBuilder sql = new StringBuilder("INSERT INTO event (event_text, pending_delete, entry_date) VALUES ");
        for (int i = 0; i < rows; i++) {
            if (i > 0) {
                sql.append(',');
            }
            sql.append("(?").append(i + 2).append(",0,?1)");
        }
        return sql.toString();
    }

    private static String claimedInsertSql(int rows) {
        // ?1 entry date, ?2 claim time, ?3 owner: shared by all rows.
        StringBuilder sql = new StringBuilder(
                "INSERT INTO event (event_text, pending_delete, entry_date, claimed_at, claim_owner) VALUES ");
        for (int i = 0; i < rows; i++) {
            if (i > 0) {
                sql.append(',');
            }
            sql.append("(?").append(i + 4).append(",1,?1,?2,?3)");
        }
        return sql.toString();
    }
}
