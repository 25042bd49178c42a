package io.github.logstashasync.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a handler's SQLite queue database directly, as an operator with {@code sqlite3} would. */
final class QueueDatabase {

    private QueueDatabase() {
    }

    /** How many events wait in the {@code event} table (python-logstash-async's table of queued events). */
    static int queued(Path database) throws SQLException {
        try (Connection connection = open(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM event")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The reasons of the events in the {@code failed_event} table, oldest first. */
    static List<String> failedReasons(Path database) throws SQLException {
        List<String> reasons = new ArrayList<>();
        try (Connection connection = open(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT reason FROM failed_event ORDER BY event_id")) {
            while (rows.next()) {
                reasons.add(rows.getString(1));
            }
        }
        return reasons;
    }

    private static Connection open(Path database) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
    }
}
