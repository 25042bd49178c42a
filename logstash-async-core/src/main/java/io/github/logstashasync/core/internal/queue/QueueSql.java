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

    private QueueSql() {
    }

    /** Returns the counts by state. */
    static QueueStats stats(Connection connection, QueueSchema.Layout layout) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long queued = 0;
            long inFlight = 0;
            try (ResultSet rows = statement.executeQuery(
                    "SELECT pending_delete = 0, count(*) FROM event GROUP BY pending_delete = 0")) {
                while (rows.next()) {
                    if (rows.getBoolean(1)) {
                        queued = rows.getLong(2);
                    } else {
                        inFlight = rows.getLong(2);
                    }
                }
            }
            long failed = layout.failedTable() ? single(statement, "SELECT count(*) FROM failed_event") : 0;
            long expired = layout.counterTable() ? single(statement,
                    "SELECT value FROM queue_counter WHERE name = '" + QueueSchema.EXPIRED_COUNTER + "'") : 0;
            Instant oldest = null;
            try (ResultSet rows = statement.executeQuery("SELECT min(entry_date) FROM event")) {
                if (rows.next()) {
                    oldest = EntryDates.parse(rows.getString(1));
                }
            }
            return new QueueStats(queued, inFlight, failed, expired, oldest);
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
                    "DELETE FROM event WHERE pending_delete = 0 AND entry_date < ?")) {
                delete.setString(1, cutoff);
                expired = delete.executeUpdate();
            }
        } else {
            // NOT INDEXED: with Python's index on entry_date the planner would read every newer row of it.
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM event WHERE event_id < coalesce("
                    + "(SELECT event_id FROM event NOT INDEXED WHERE entry_date >= ?1 ORDER BY event_id LIMIT 1),"
                    + " 9223372036854775807) AND pending_delete = 0 AND entry_date < ?1")) {
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
     * Makes claims left by dead processes claimable at once: ours whose owner token names a process of this
     * host that no longer runs, and Python's (claimed without a claim time; python-logstash-async deleted such
     * rows at its start, losing them). Claims of live or unknown owners wait for their lease.
     *
     * @return how many events were returned to the queue
     */
    static int recoverDeadClaims(Connection connection) throws SQLException {
        List<String> owners = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT DISTINCT claim_owner FROM event"
                     + " WHERE pending_delete = 1 AND claim_owner IS NOT NULL")) {
            while (rows.next()) {
                owners.add(rows.getString(1));
            }
        }
        int recovered = 0;
        try (PreparedStatement release = connection.prepareStatement("UPDATE event SET pending_delete = 0,"
                + " claimed_at = NULL, claim_owner = NULL, last_error = ? WHERE pending_delete = 1 AND claim_owner = ?")) {
            for (String owner : owners) {
                if (ClaimOwner.isDead(owner)) {
                    release.setString(1, "claimed by a process that ended before confirming the send");
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

    /** Returns every event claimed by {@code owner} to the queue, without counting an attempt. */
    static int releaseOwner(Connection connection, String owner) throws SQLException {
        try (PreparedStatement release = connection.prepareStatement("UPDATE event SET pending_delete = 0,"
                + " claimed_at = NULL, claim_owner = NULL WHERE pending_delete = 1 AND claim_owner = ?")) {
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
