package io.github.logstashasync.fx;

import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueuedEvent;
import io.github.logstashasync.core.internal.queue.SqliteEventQueue;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteDataSource;

/** Makes real queue databases for the tests: through the queue itself, or in bulk with SQL. */
final class TestQueues {

    static final PipelineSettings SETTINGS = PipelineSettings.builder().databaseTimeout(Duration.ofSeconds(2)).build();

    private TestQueues() {
    }

    /** Opens (creating) the queue database {@code db} as an application would. */
    static SqliteEventQueue open(Path db) throws QueueException {
        return SqliteEventQueue.open(db, SETTINGS);
    }

    /** An event as the Logstash formatter writes it, in short. */
    static String event(String level, String message) {
        return "{\"@timestamp\":\"2025-03-01T12:00:00.000Z\",\"@version\":\"1\",\"level\":\"" + level
                + "\",\"message\":\"" + message + "\",\"extra\":{\"logger_name\":\"com.example.Test\"}}";
    }

    /** Returns {@code count} INFO events {@code prefix 1} ... */
    static List<String> events(String prefix, int count) {
        List<String> events = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            events.add(event("INFO", prefix + " " + i));
        }
        return events;
    }

    /** Claims the oldest {@code count} events and fails them with {@code reason}, as a rejecting receiver would. */
    static List<QueuedEvent> fail(SqliteEventQueue queue, int count, String reason) throws QueueException {
        List<QueuedEvent> claimed = queue.claim(count, Duration.ofMinutes(2));
        Map<Long, String> reasons = new HashMap<>();
        for (QueuedEvent event : claimed) {
            reasons.put(event.id(), reason);
        }
        queue.fail(claimed, reasons);
        return claimed;
    }

    /**
     * Creates the database {@code db} with {@code count} events, written in one SQL statement without a journal
     * (seconds for a million, where appends one by one would take minutes), then opened as an application would:
     * message {@code bulk event N}, level SEVERE for every thousandth and INFO for the rest; the first
     * {@code oldCount} entered two days ago, the others an hour ago.
     */
    static void createBulk(Path db, long count, long oldCount) throws SQLException, QueueException {
        try (Connection connection = connect(db); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = OFF");
            statement.execute("PRAGMA synchronous = OFF");
            // python-logstash-async's table; the queue adds its own columns and tables when it opens the file
            statement.execute("CREATE TABLE event (event_id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,"
                    + " event_text TEXT NOT NULL, pending_delete INTEGER NOT NULL, entry_date TEXT NOT NULL)");
            statement.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                    + count + ") INSERT INTO event (event_text, pending_delete, entry_date)"
                    + " SELECT '{\"@timestamp\":\"2025-03-01T12:00:00.000Z\",\"@version\":\"1\",\"level\":\"'"
                    + " || CASE WHEN i % 1000 = 0 THEN 'SEVERE' ELSE 'INFO' END"
                    + " || '\",\"message\":\"bulk event ' || i || '\",\"extra\":{\"logger_name\":\"bulk\"}}', 0,"
                    + " CASE WHEN i <= " + oldCount + " THEN datetime('now', '-2 days') ELSE datetime('now', '-1 hour')"
                    + " END FROM n");
            // Python's indexes, built once over the rows instead of row by row
            statement.execute("CREATE INDEX idx_pending_delete ON event (pending_delete)");
            statement.execute("CREATE INDEX idx_entry_date ON event (entry_date)");
        }
        open(db).close();
    }

    /** Runs a query that returns one number. */
    static long queryLong(Path db, String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(db); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : -1;
            }
        }
    }

    private static Connection connect(Path db) throws SQLException {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + db);
        Connection connection = source.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 5000");
        }
        return connection;
    }
}
