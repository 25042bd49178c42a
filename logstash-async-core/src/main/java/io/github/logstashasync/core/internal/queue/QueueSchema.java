package io.github.logstashasync.core.internal.queue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The queue database's schema: python-logstash-async's {@code event} table, created with Python's own
 * statement so either side may create the file, plus our additions, which a Python writer ignores:
 * columns with defaults on {@code event}, and the tables {@code failed_event} (kept apart, or Python would
 * send failed events) and {@code queue_counter}. The schema version is in {@code PRAGMA user_version}
 * (Python leaves it 0).
 *
 * <p>Python's two indexes ({@code CREATE INDEX IF NOT EXISTS idx_pending_delete ON event (pending_delete)} and
 * {@code idx_entry_date ON event (entry_date)}) are not created: each insert, claim and delete had to change
 * them too, and our queries do without (see {@link SqliteEventQueue}). Python creates them when it opens the
 * file, and a database that has them keeps them; every query works either way.
 */
final class QueueSchema {

    /**
     * The version this code writes and reads. 2 added {@code event_claim}: claims are id ranges there, no longer
     * marks in the rows ({@code pending_delete}, {@code claimed_at}, {@code claim_owner} on {@code event} are
     * written only by Python and by version 1, and still honoured).
     */
    static final int VERSION = 2;

    /** Name of the persistent counter of events expired by the TTL. */
    static final String EXPIRED_COUNTER = "expired";

    /** Name of the persistent counter of events dropped before they were stored. */
    static final String DROPPED_COUNTER = "dropped";

    /** Name of the persistent counter of delivered events whose delete failed: they are sent a second time. */
    static final String SENT_TWICE_COUNTER = "sent_twice";

    /** The columns of python-logstash-async's table: a table {@code event} without them is another application's. */
    private static final List<String> PYTHON_COLUMNS = List.of("event_id", "event_text", "pending_delete", "entry_date");

    /** At most this many of a foreign database's tables are named in the error. */
    private static final int TABLES_NAMED = 5;

    /** python-logstash-async's table, verbatim. */
    private static final String PYTHON_TABLE = "CREATE TABLE IF NOT EXISTS `event` (\n"
            + "    `event_id`          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n"
            + "    `event_text`        TEXT NOT NULL,\n"
            + "    `pending_delete`    INTEGER NOT NULL,\n"
            + "    `entry_date`        TEXT NOT NULL);";

    /** Our columns on {@code event}: name and definition; every one nullable or with a default. */
    private static final List<String[]> ADDED_COLUMNS = List.of(
            new String[] {"claimed_at", "INTEGER"},
            new String[] {"claim_owner", "TEXT"},
            new String[] {"attempts", "INTEGER NOT NULL DEFAULT 0"},
            new String[] {"last_error", "TEXT"});

    private static final List<String> OUR_STATEMENTS = List.of(
            "CREATE TABLE IF NOT EXISTS failed_event (\n"
                    + "    event_id    INTEGER NOT NULL PRIMARY KEY,\n"
                    + "    event_text  TEXT NOT NULL,\n"
                    + "    entry_date  TEXT NOT NULL,\n"
                    + "    failed_date TEXT NOT NULL,\n"
                    + "    reason      TEXT,\n"
                    + "    attempts    INTEGER NOT NULL DEFAULT 0)",
            "CREATE INDEX IF NOT EXISTS idx_failed_entry_date ON failed_event (entry_date)",
            "CREATE TABLE IF NOT EXISTS queue_counter (\n"
                    + "    name  TEXT NOT NULL PRIMARY KEY,\n"
                    + "    value INTEGER NOT NULL)",
            "INSERT OR IGNORE INTO queue_counter (name, value) VALUES ('" + EXPIRED_COUNTER + "', 0)",
            // A claim: the rows with ids first_id..last_id (those that exist) belong to owner since claimed_at.
            // Ranges never overlap, so the one covering an id is the last that starts at or below it.
            "CREATE TABLE IF NOT EXISTS event_claim (\n"
                    + "    first_id   INTEGER NOT NULL PRIMARY KEY,\n"
                    + "    last_id    INTEGER NOT NULL,\n"
                    + "    owner      TEXT NOT NULL,\n"
                    + "    claimed_at INTEGER NOT NULL)");

    private QueueSchema() {
    }

    /**
     * Creates the schema or brings an older one (Python's included) up to {@link #VERSION}, in one
     * {@code BEGIN IMMEDIATE} transaction so that two processes opening the same new file do not collide.
     *
     * @return the version the database had before: 0 for a new or Python-written one
     */
    static int migrate(Connection connection, Path path) throws QueueException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                int version = userVersion(statement);
                if (version > VERSION) {
                    throw new QueueException("the queue database " + path + " has schema version " + version
                            + ", written by a newer version of logstash-async; this one reads up to " + VERSION,
                            null, false);
                }
                // again inside the transaction: another application may have created its tables since the probe
                requireQueueTables(statement, path, true);
                statement.execute(PYTHON_TABLE);
                Set<String> columns = columns(statement, "event");
                for (String[] column : ADDED_COLUMNS) {
                    if (!columns.contains(column[0])) {
                        statement.execute("ALTER TABLE event ADD COLUMN " + column[0] + " " + column[1]);
                    }
                }
                for (String sql : OUR_STATEMENTS) {
                    statement.execute(sql);
                }
                if (version < VERSION) {
                    statement.execute("PRAGMA user_version = " + VERSION);
                }
                statement.execute("COMMIT");
                return version;
            } catch (SQLException | QueueException | RuntimeException e) {
                rollbackQuietly(statement);
                throw e;
            }
        } catch (SQLException e) {
            throw SqliteErrors.wrap("cannot prepare the queue database", path, e);
        }
    }

    /**
     * Refuses, on a read-only connection of its own and so before anything is written (no table, no journal mode, no
     * permission changed), a file at {@code path} that is not a queue database: one that is no SQLite database,
     * and one with tables of another application's. A missing file passes; with {@code emptyAllowed} an empty
     * database (a file of 0 bytes, or one that another process is creating the schema of right now) passes too,
     * to be given the schema.
     *
     * @throws QueueException naming the path and what it holds; never transient but for a lock held past
     *                        {@code busyTimeout}
     */
    static void probe(Path path, Duration busyTimeout, boolean emptyAllowed) throws QueueException {
        if (!Files.isRegularFile(path)) {
            return;
        }
        Connection connection = SqliteConnector.openReadOnly(path, busyTimeout);
        try (Statement statement = connection.createStatement()) {
            requireQueueTables(statement, path, emptyAllowed);
        } catch (SQLException e) {
            throw SqliteErrors.wrap("cannot read the schema of the queue database", path, e);
        } finally {
            SqliteConnector.closeQuietly(connection);
        }
    }

    /**
     * Throws unless the database has python-logstash-async's table {@code event} (ours included), or, with
     * {@code emptyAllowed}, no table at all.
     */
    private static void requireQueueTables(Statement statement, Path path, boolean emptyAllowed)
            throws SQLException, QueueException {
        Set<String> tables = tables(statement);
        if (tables.contains("event")) {
            Set<String> columns = columns(statement, "event");
            for (String column : PYTHON_COLUMNS) {
                if (!columns.contains(column)) {
                    throw new QueueException(path + " is no logstash-async queue database: its table event has no"
                            + " column " + column + " (it belongs to another application?); nothing was changed",
                            null, false);
                }
            }
            return;
        }
        tables.remove("sqlite_sequence");
        if (tables.isEmpty() && emptyAllowed) {
            return;
        }
        if (tables.isEmpty()) {
            throw new QueueException(path + " is no logstash-async queue database: it is an empty SQLite database",
                    null, false);
        }
        List<String> named = tables.stream().sorted().limit(TABLES_NAMED).toList();
        throw new QueueException(path + " is no logstash-async queue database: it has no table event but "
                + (tables.size() == 1 ? "the table " : "the tables ") + String.join(", ", named)
                + (tables.size() > named.size() ? " and " + (tables.size() - named.size()) + " more" : "")
                + " (it belongs to another application?); nothing was changed", null, false);
    }

    /** Returns which of our additions a database has; a Python-written one has none. */
    static Layout layout(Connection connection, Path path) throws QueueException {
        try (Statement statement = connection.createStatement()) {
            requireQueueTables(statement, path, false);
            Set<String> tables = tables(statement);
            Set<String> columns = columns(statement, "event");
            return new Layout(columns.contains("claimed_at"), columns.contains("attempts"),
                    columns.contains("last_error"), tables.contains("failed_event"),
                    tables.contains("queue_counter"), tables.contains("event_claim"));
        } catch (SQLException e) {
            throw SqliteErrors.wrap("cannot read the schema of the queue database", path, e);
        }
    }

    private static Set<String> tables(Statement statement) throws SQLException {
        Set<String> tables = new HashSet<>();
        try (ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    private static int userVersion(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    private static Set<String> columns(Statement statement, String table) throws SQLException {
        Set<String> names = new HashSet<>();
        try (ResultSet rows = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rows.next()) {
                names.add(rows.getString("name"));
            }
        }
        return names;
    }

    private static void rollbackQuietly(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            // no transaction left to roll back: SQLite already did
        }
    }

    /**
     * Which of our additions a database has.
     *
     * @param claimColumns  {@code claimed_at} and {@code claim_owner} on {@code event}
     * @param attempts      {@code attempts} on {@code event}
     * @param lastError     {@code last_error} on {@code event}
     * @param failedTable   the table {@code failed_event}
     * @param counterTable  the table {@code queue_counter}
     * @param claimTable    the table {@code event_claim}
     */
    record Layout(boolean claimColumns, boolean attempts, boolean lastError, boolean failedTable,
                  boolean counterTable, boolean claimTable) {
    }

    /**
     * Returns SQL for {@code column} of the {@code event_claim} range that covers the id {@code idExpression},
     * NULL when none does: one seek in the table's primary key, as ranges never overlap.
     */
    static String coveringClaim(String idExpression, String column) {
        return "(SELECT CASE WHEN c.last_id >= " + idExpression + " THEN c." + column + " END FROM event_claim c"
                + " WHERE c.first_id <= " + idExpression + " ORDER BY c.first_id DESC LIMIT 1)";
    }

    /** Returns SQL that is true when no {@code event_claim} range covers the id {@code idExpression}. */
    static String unclaimed(String idExpression) {
        return coveringClaim(idExpression, "claimed_at") + " IS NULL";
    }
}
