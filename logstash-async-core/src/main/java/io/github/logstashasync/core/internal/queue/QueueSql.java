package io.github.logstashasync.core.internal.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Queries shared by {@link SqliteEventQueue} and {@link QueueInspector}; each runs inside the caller's
 * transaction and adapts to a database without our additions (Python-written, opened read-only).
 */
final class QueueSql {

    /** True for a row of {@code event} that no claim range covers. */
    private static final String NOT_IN_A_CLAIM = QueueSchema.unclaimed("event.event_id");

    private QueueSql() {
    }

    /**
     * Returns the counts by state. Without Python's indexes each aggregate reads the whole table, so the counts
     * and the oldest entry date come from one read of it (measured on a million rows: 0.28 s, against 0.71 s for
     * a grouped count and a separate minimum).
     */
    static QueueStats stats(Connection connection, QueueSchema.Layout layout) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long rows;
            long marked;
            Instant oldest;
            try (ResultSet result = statement.executeQuery(
                    "SELECT count(*), coalesce(sum(pending_delete != 0), 0), min(entry_date) FROM event")) {
                result.next();
                rows = result.getLong(1);
                marked = result.getLong(2);
                oldest = EntryDates.parse(result.getString(3));
            }
            long queued = rows - marked;
            long inFlight = marked;
            if (layout.claimTable()) {
                // Rows in claim ranges are unmarked: count them per range (a seek each), not per row.
                long claimed = single(statement, "SELECT count(*) FROM event_claim c CROSS JOIN event e"
                        + " WHERE e.event_id BETWEEN c.first_id AND c.last_id AND e.pending_delete = 0");
                queued -= claimed;
                inFlight += claimed;
            }
            long failed = layout.failedTable() ? single(statement, "SELECT count(*) FROM failed_event") : 0;
            long expired = 0;
            long dropped = 0;
            long sentTwice = 0;
            if (layout.counterTable()) {
                try (ResultSet counters = statement.executeQuery("SELECT name, value FROM queue_counter")) {
                    while (counters.next()) {
                        switch (counters.getString(1)) {
                            case QueueSchema.EXPIRED_COUNTER -> expired = counters.getLong(2);
                            case QueueSchema.DROPPED_COUNTER -> dropped = counters.getLong(2);
                            case QueueSchema.SENT_TWICE_COUNTER -> sentTwice = counters.getLong(2);
                            default -> {
                                // a counter of a newer version
                            }
                        }
                    }
                }
            }
            return new QueueStats(queued, inFlight, failed, expired, oldest, dropped, sentTwice);
        }
    }

    /** Adds to the persistent counters of dropped and twice-sent events, creating them when missing. */
    static void addToCounters(Connection connection, long dropped, long sentTwice) throws SQLException {
        try (PreparedStatement add = connection.prepareStatement("INSERT INTO queue_counter (name, value) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = value + excluded.value")) {
            if (dropped > 0) {
                add.setString(1, QueueSchema.DROPPED_COUNTER);
                add.setLong(2, dropped);
                add.executeUpdate();
            }
            if (sentTwice > 0) {
                add.setString(1, QueueSchema.SENT_TWICE_COUNTER);
                add.setLong(2, sentTwice);
                add.executeUpdate();
            }
        }
    }

    /**
     * Deletes queued (unclaimed) events whose entry date is older than {@code ttl} and adds their number to
     * the persistent expired counter.
     *
     * @param wholeTable whether to look at every row; otherwise only at the rows before the first one that is
     *                   not old enough, in id order, which is entry-date order unless a clock went back (without
     *                   Python's index on {@code entry_date} this spares reading the whole table)
     */
    static int expire(Connection connection, Duration ttl, Instant now, boolean wholeTable) throws SQLException {
        String cutoff = EntryDates.format(Durations.before(now, ttl));
        int expired;
        if (wholeTable) {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM event WHERE pending_delete = 0 AND entry_date < ? AND " + NOT_IN_A_CLAIM)) {
                delete.setString(1, cutoff);
                expired = delete.executeUpdate();
            }
        } else {
            // NOT INDEXED: with Python's index on entry_date the planner would read every newer row of it.
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM event WHERE event_id < coalesce("
                    + "(SELECT event_id FROM event NOT INDEXED WHERE entry_date >= ?1 ORDER BY event_id LIMIT 1),"
                    + " 9223372036854775807) AND pending_delete = 0 AND entry_date < ?1 AND " + NOT_IN_A_CLAIM)) {
                delete.setString(1, cutoff);
                expired = delete.executeUpdate();
            }
        }
        if (expired > 0) {
            try (PreparedStatement count = connection.prepareStatement(
                    "UPDATE queue_counter SET value = value + ? WHERE name = ?")) {
                count.setLong(1, expired);
                count.setString(2, QueueSchema.EXPIRED_COUNTER);
                count.executeUpdate();
            }
        }
        return expired;
    }

    /**
     * Makes claims left by dead processes claimable at once: the claim ranges whose owner token names a process
     * of this host that no longer runs; with {@code rowMarks} also claims marked in the rows, by version 1 (same
     * rule) and by Python (no claim time; python-logstash-async deleted such rows at its start, losing them),
     * which takes a read of the whole table. Claims of live or unknown owners wait for their lease.
     *
     * @return how many events were returned to the queue
     */
    static int recoverDeadClaims(Connection connection, boolean rowMarks) throws SQLException {
        String note = "claimed by a process that ended before confirming the send";
        int recovered = 0;
        List<String> owners = distinct(connection, "SELECT DISTINCT owner FROM event_claim");
        try (PreparedStatement ranges = connection.prepareStatement(
                     "SELECT first_id, last_id FROM event_claim WHERE owner = ?");
             PreparedStatement annotate = connection.prepareStatement(
                     "UPDATE event SET last_error = ? WHERE event_id BETWEEN ? AND ?");
             PreparedStatement release = connection.prepareStatement("DELETE FROM event_claim WHERE owner = ?")) {
            for (String owner : owners) {
                if (!ClaimOwner.isDead(owner)) {
                    continue;
                }
                ranges.setString(1, owner);
                List<long[]> spans = new ArrayList<>();
                try (ResultSet rows = ranges.executeQuery()) {
                    while (rows.next()) {
                        spans.add(new long[] {rows.getLong(1), rows.getLong(2)});
                    }
                }
                for (long[] span : spans) {
                    annotate.setString(1, note);
                    annotate.setLong(2, span[0]);
                    annotate.setLong(3, span[1]);
                    recovered += annotate.executeUpdate();
                }
                release.setString(1, owner);
                release.executeUpdate();
            }
        }
        if (rowMarks) {
            recovered += recoverDeadRowMarks(connection, note);
        }
        return recovered;
    }

    private static int recoverDeadRowMarks(Connection connection, String note) throws SQLException {
        List<String> owners = distinct(connection, "SELECT DISTINCT claim_owner FROM event"
                + " WHERE pending_delete = 1 AND claim_owner IS NOT NULL");
        int recovered = 0;
        try (PreparedStatement release = connection.prepareStatement("UPDATE event SET pending_delete = 0,"
                + " claimed_at = NULL, claim_owner = NULL, last_error = ? WHERE pending_delete = 1 AND claim_owner = ?")) {
            for (String owner : owners) {
                if (ClaimOwner.isDead(owner)) {
                    release.setString(1, note);
                    release.setString(2, owner);
                    recovered += release.executeUpdate();
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            recovered += statement.executeUpdate(
                    "UPDATE event SET pending_delete = 0 WHERE pending_delete = 1 AND claimed_at IS NULL");
        }
        return recovered;
    }

    private static List<String> distinct(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** Returns every event claimed by {@code owner} to the queue, without counting an attempt. */
    static int releaseOwner(Connection connection, String owner) throws SQLException {
        try (PreparedStatement release = connection.prepareStatement(
                "DELETE FROM event_claim WHERE owner = ?")) {
            release.setString(1, owner);
            return release.executeUpdate();
        }
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }
}
