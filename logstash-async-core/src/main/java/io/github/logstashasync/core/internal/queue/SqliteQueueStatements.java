package io.github.logstashasync.core.internal.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** True for a row of {@code event} that no {@code event_claim} range covers. */
    private static final String NOT_IN_A_CLAIM = QueueSchema.unclaimed("event.event_id");

    /**
     * Every claimable row, from the start of the table: queued, or marked claimed in the row by Python (no claim
     * time) or by version 1 longer ago than the lease. Without Python's indexes this walks the rows in id order.
     */
    private static final String CLAIMABLE = CLAIM_COLUMNS
            + " WHERE (pending_delete = 0 OR claimed_at IS NULL OR claimed_at < ?) ORDER BY event_id LIMIT ?";
    /** {@link #CLAIMABLE} without the rows that a claim range covers. */
    private static final String CLAIMABLE_NOT_IN_A_CLAIM = CLAIM_COLUMNS
            + " WHERE (pending_delete = 0 OR claimed_at IS NULL OR claimed_at < ?) AND " + NOT_IN_A_CLAIM
            + " ORDER BY event_id LIMIT ?";
    /**
     * Queued rows from an id on: the cheap claim while no lease can have ended (see {@link ClaimCursor}), when
     * no claim range reaches that far.
     */
    static final String QUEUED_FROM = CLAIM_COLUMNS
            + " WHERE event_id >= ? AND pending_delete = 0 ORDER BY event_id LIMIT ?";
    /** {@link #QUEUED_FROM} without the rows that a claim range covers. */
    private static final String QUEUED_FROM_NOT_IN_A_CLAIM = CLAIM_COLUMNS
            + " WHERE event_id >= ? AND pending_delete = 0 AND " + NOT_IN_A_CLAIM + " ORDER BY event_id LIMIT ?";
    /** Clears the marks that Python or version 1 left in rows we now claim by range. */
    private static final String UNMARK_SET = "UPDATE event SET pending_delete = 0, claimed_at = NULL,"
            + " claim_owner = NULL WHERE pending_delete != 0 AND event_id ";
    private static final String RELEASE_SET = "UPDATE event SET attempts = attempts + 1, last_error = ? WHERE event_id ";
    private static final String FAIL_COPY = "INSERT OR REPLACE INTO failed_event"
            + " (event_id, event_text, entry_date, failed_date, reason, attempts)"
            + " SELECT event_id, event_text, entry_date, ?, ?, attempts + 1 FROM event WHERE event_id = ?";

    private final Connection connection;
    private final int chunkSize;
    private final PreparedStatement[] inserts = new PreparedStatement[INSERT_BLOCKS.length];
    private final PreparedStatement lastInsertId;
    private final PreparedStatement dataVersion;
    private final PreparedStatement countRows;
    private final PreparedStatement maxId;
    private final PreparedStatement claimable;
    private final PreparedStatement claimableNotInAClaim;
    private final PreparedStatement queuedFrom;
    private final PreparedStatement queuedFromNotInAClaim;
    private final PreparedStatement claimsReaching;
    private final PreparedStatement claimsOverlapping;
    private final PreparedStatement ownClaimsOverlapping;
    private final PreparedStatement insertClaim;
    private final PreparedStatement deleteClaim;
    private final PreparedStatement deleteExpiredClaims;
    private final PreparedStatement anyRowBetween;
    private final PreparedStatement unmarkRange;
    private final PreparedStatement unmarkChunk;
    private final PreparedStatement deleteRange;
    private final PreparedStatement deleteChunk;
    private final PreparedStatement releaseRange;
    private final PreparedStatement releaseChunk;
    private final PreparedStatement failCopy;

    SqliteQueueStatements(Connection connection, int chunkSize) throws SQLException {
        this.connection = connection;
        this.chunkSize = chunkSize;
        for (int i = 0; i < INSERT_BLOCKS.length; i++) {
            inserts[i] = connection.prepareStatement(insertSql(INSERT_BLOCKS[i]));
        }
        lastInsertId = connection.prepareStatement("SELECT last_insert_rowid()");
        dataVersion = connection.prepareStatement("PRAGMA data_version");
        countRows = connection.prepareStatement("SELECT count(*) FROM event");
        maxId = connection.prepareStatement("SELECT max(event_id) FROM event");
        claimable = connection.prepareStatement(CLAIMABLE);
        claimableNotInAClaim = connection.prepareStatement(CLAIMABLE_NOT_IN_A_CLAIM);
        queuedFrom = connection.prepareStatement(QUEUED_FROM);
        queuedFromNotInAClaim = connection.prepareStatement(QUEUED_FROM_NOT_IN_A_CLAIM);
        claimsReaching = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM event_claim WHERE last_id >= ?)");
        claimsOverlapping = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM event_claim WHERE first_id <= ?2 AND last_id >= ?1)");
        ownClaimsOverlapping = connection.prepareStatement("SELECT first_id, last_id, claimed_at FROM event_claim"
                + " WHERE first_id <= ?2 AND last_id >= ?1 AND owner = ?3 ORDER BY first_id");
        insertClaim = connection.prepareStatement(
                "INSERT INTO event_claim (first_id, last_id, owner, claimed_at) VALUES (?, ?, ?, ?)");
        deleteClaim = connection.prepareStatement("DELETE FROM event_claim WHERE first_id = ?");
        deleteExpiredClaims = connection.prepareStatement("DELETE FROM event_claim WHERE claimed_at < ?");
        anyRowBetween = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM event WHERE event_id BETWEEN ? AND ?)");
        unmarkRange = connection.prepareStatement(UNMARK_SET + "BETWEEN ? AND ?");
        unmarkChunk = connection.prepareStatement(UNMARK_SET + "IN " + placeholders(chunkSize));
        deleteRange = connection.prepareStatement("DELETE FROM event WHERE event_id BETWEEN ? AND ?");
        deleteChunk = connection.prepareStatement("DELETE FROM event WHERE event_id IN " + placeholders(chunkSize));
        releaseRange = connection.prepareStatement(RELEASE_SET + "BETWEEN ? AND ?");
        releaseChunk = connection.prepareStatement(RELEASE_SET + "IN " + placeholders(chunkSize));
        failCopy = connection.prepareStatement(FAIL_COPY);
    }

    /** Inserts {@code events} as queued with {@code entryDate}, in multi-row statements. */
    void append(List<String> events, String entryDate) throws SQLException {
        int next = 0;
        for (int b = 0; b < INSERT_BLOCKS.length; b++) {
            int block = INSERT_BLOCKS[b];
            PreparedStatement insert = inserts[b];
            while (events.size() - next >= block) {
                insert.setString(1, entryDate);
                for (int i = 0; i < block; i++) {
                    insert.setString(i + 2, events.get(next + i));
                }
                insert.executeUpdate();
                next += block;
            }
        }
    }

    /**
     * Inserts {@code events} as claimed by {@code owner} at {@code nowMillis}: the rows, and one claim range
     * over their ids, which are consecutive (see {@link SqliteEventQueue#appendClaimed}).
     *
     * @return the id of the last one
     */
    long appendClaimed(List<String> events, String entryDate, String owner, long nowMillis) throws SQLException {
        append(events, entryDate);
        long last = single(lastInsertId);
        insertClaim(last - events.size() + 1, last, owner, nowMillis);
        return last;
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
     *               knows none is queued below it); otherwise scans the whole table for anything claimable, after
     *               deleting the claim ranges whose lease ended
     */
    List<QueuedEvent> claim(int max, long nowMillis, long leaseCutoffMillis, String owner, long fromId)
            throws SQLException {
        boolean scanAll = fromId <= 0;
        if (scanAll) {
            deleteExpiredClaims.setLong(1, leaseCutoffMillis);
            deleteExpiredClaims.executeUpdate();
        }
        // Most claims start above every claim range (ours are below the cursor) and need not look at them per row.
        claimsReaching.setLong(1, scanAll ? Long.MIN_VALUE : fromId);
        boolean ranges = single(claimsReaching) != 0;
        PreparedStatement select;
        if (scanAll) {
            select = ranges ? claimableNotInAClaim : claimable;
            select.setLong(1, leaseCutoffMillis);
        } else {
            select = ranges ? queuedFromNotInAClaim : queuedFrom;
            select.setLong(1, fromId);
        }
        select.setInt(2, max);
        List<QueuedEvent> events = read(select);
        if (!events.isEmpty()) {
            IdRuns ids = IdRuns.ofEvents(events);
            if (scanAll) {
                unmark(ids);
            }
            insertClaims(ids, owner, nowMillis);
        }
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
     * Claims {@code events}, queued rows read by {@link ClaimPrefetcher} since the last claim of this connection,
     * if no claim range overlaps them. The caller knows that no other connection changed the database since
     * that claim and that this one deleted no queued row, so every one of them is still queued unless a claim
     * range made this connection (appended claimed) covers it.
     *
     * @return whether they were claimed
     */
    boolean claimPrefetched(List<QueuedEvent> events, long nowMillis, String owner) throws SQLException {
        IdRuns ids = IdRuns.ofEvents(events);
        claimsOverlapping.setLong(1, ids.first());
        claimsOverlapping.setLong(2, ids.last());
        if (single(claimsOverlapping) != 0) {
            return false;
        }
        insertClaims(ids, owner, nowMillis);
        return true;
    }

    /** Records a claim range for every run of {@code ids}. */
    private void insertClaims(IdRuns ids, String owner, long nowMillis) throws SQLException {
        ids.forEachRun((first, last) -> insertClaim(first, last, owner, nowMillis));
    }

    private void insertClaim(long first, long last, String owner, long nowMillis) throws SQLException {
        insertClaim.setLong(1, first);
        insertClaim.setLong(2, last);
        insertClaim.setString(3, owner);
        insertClaim.setLong(4, nowMillis);
        insertClaim.executeUpdate();
    }

    /** Clears the claim marks of Python or version 1 in rows with {@code ids}, now claimed by range. */
    private void unmark(IdRuns ids) throws SQLException {
        ids.forEach(chunkSize, (first, last) -> {
            unmarkRange.setLong(1, first);
            unmarkRange.setLong(2, last);
            unmarkRange.executeUpdate();
        }, chunk -> {
            bindChunk(unmarkChunk, 1, chunk);
            unmarkChunk.executeUpdate();
        });
    }

    /**
     * Deletes the events with {@code ids}, and the claim ranges of {@code owner} that no longer cover a row.
     *
     * @return how many rows were deleted
     */
    int delete(IdRuns ids, String owner) throws SQLException {
        int[] deleted = {0};
        ids.forEach(chunkSize, (first, last) -> {
            deleteRange.setLong(1, first);
            deleteRange.setLong(2, last);
            deleted[0] += deleteRange.executeUpdate();
        }, chunk -> {
            bindChunk(deleteChunk, 1, chunk);
            deleted[0] += deleteChunk.executeUpdate();
        });
        for (long[] claim : ownClaims(ids, owner)) {
            anyRowBetween.setLong(1, claim[0]);
            anyRowBetween.setLong(2, claim[1]);
            if (single(anyRowBetween) == 0) {
                deleteClaim(claim[0]);
            }
        }
        return deleted[0];
    }

    /** Returns the events with {@code ids} still claimed by {@code owner} to the queue, counting the attempt. */
    void release(IdRuns ids, String owner, String error) throws SQLException {
        IdRuns owned = unclaim(ids, owner);
        if (owned.isEmpty()) {
            return;
        }
        String note = truncate(error);
        owned.forEach(chunkSize, (first, last) -> {
            releaseRange.setString(1, note);
            releaseRange.setLong(2, first);
            releaseRange.setLong(3, last);
            releaseRange.executeUpdate();
        }, chunk -> {
            releaseChunk.setString(1, note);
            bindChunk(releaseChunk, 2, chunk);
            releaseChunk.executeUpdate();
        });
    }

    /**
     * Returns the events with {@code ids} still claimed by {@code owner} to the queue, as if never claimed: cuts
     * them out of the owner's claim ranges, which keep covering the rest.
     *
     * @return the ids that were claimed by {@code owner}
     */
    IdRuns unclaim(IdRuns ids, String owner) throws SQLException {
        List<long[]> claims = ownClaims(ids, owner);
        long[] owned = new long[ids.size()];
        int ownedCount = 0;
        int next = 0;
        for (long[] claim : claims) {
            while (next < ids.size() && ids.get(next) < claim[0]) {
                next++;
            }
            if (next == ids.size() || ids.get(next) > claim[1]) {
                continue; // none of the ids in this one
            }
            deleteClaim(claim[0]);
            long pieceStart = claim[0];
            while (next < ids.size() && ids.get(next) <= claim[1]) {
                long id = ids.get(next++);
                owned[ownedCount++] = id;
                keepClaim(pieceStart, id - 1, owner, claim[2]);
                pieceStart = id + 1;
            }
            keepClaim(pieceStart, claim[1], owner, claim[2]);
        }
        return IdRuns.of(Arrays.copyOf(owned, ownedCount));
    }

    /** Records the claim range {@code first..last} again if it is not empty and still covers a row. */
    private void keepClaim(long first, long last, String owner, long claimedAt) throws SQLException {
        if (first > last) {
            return;
        }
        anyRowBetween.setLong(1, first);
        anyRowBetween.setLong(2, last);
        if (single(anyRowBetween) != 0) {
            insertClaim(first, last, owner, claimedAt);
        }
    }

    /** Returns {@code [first, last, claimedAt]} of the claim ranges of {@code owner} that overlap {@code ids}' span. */
    private List<long[]> ownClaims(IdRuns ids, String owner) throws SQLException {
        List<long[]> claims = new ArrayList<>();
        if (ids.isEmpty()) {
            return claims;
        }
        ownClaimsOverlapping.setLong(1, ids.first());
        ownClaimsOverlapping.setLong(2, ids.last());
        ownClaimsOverlapping.setString(3, owner);
        try (ResultSet rows = ownClaimsOverlapping.executeQuery()) {
            while (rows.next()) {
                claims.add(new long[] {rows.getLong(1), rows.getLong(2), rows.getLong(3)});
            }
        }
        return claims;
    }

    private void deleteClaim(long firstId) throws SQLException {
        deleteClaim.setLong(1, firstId);
        deleteClaim.executeUpdate();
    }

    /**
     * Copies {@code events} into {@code failed_event} with their reasons, then deletes them from the queue.
     *
     * @return how many rows left the queue
     */
    int fail(List<QueuedEvent> events, Map<Long, String> reasons, String failedDate, String owner)
            throws SQLException {
        for (QueuedEvent event : events) {
            failCopy.setString(1, failedDate);
            failCopy.setString(2, truncate(reasons.getOrDefault(event.id(), "no reason given")));
            failCopy.setLong(3, event.id());
            failCopy.addBatch();
        }
        failCopy.executeBatch();
        return delete(IdRuns.ofEvents(events), owner);
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        List<PreparedStatement> all = new ArrayList<>(List.of(inserts));
        all.addAll(List.of(lastInsertId, dataVersion, countRows, maxId, claimable, claimableNotInAClaim, queuedFrom,
                queuedFromNotInAClaim, claimsReaching, claimsOverlapping, ownClaimsOverlapping, insertClaim,
                deleteClaim, deleteExpiredClaims, anyRowBetween, unmarkRange, unmarkChunk, deleteRange, deleteChunk,
                releaseRange, releaseChunk, failCopy));
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
}
