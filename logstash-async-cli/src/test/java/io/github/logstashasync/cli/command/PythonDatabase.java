package io.github.logstashasync.cli.command;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Writes queue databases exactly as python-logstash-async's DatabaseCache does: its schema, its rows. */
final class PythonDatabase {

    /** python-logstash-async's schema (logstash_async/database.py). */
    static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS `event` (\n"
                    + "    `event_id`          INTEGER PRIMARY KEY AUTOINCREMENT,\n"
                    + "    `event_text`        TEXT NOT NULL,\n"
                    + "    `pending_delete`    INTEGER NOT NULL,\n"
                    + "    `entry_date`        TEXT NOT NULL);",
            "CREATE INDEX IF NOT EXISTS `idx_pending_delete` ON `event` (pending_delete);",
            "CREATE INDEX IF NOT EXISTS `idx_entry_date` ON `event` (entry_date);");

    /** Its insert: queued, dated by SQLite in UTC, second precision. */
    static final String INSERT =
            "INSERT INTO `event` (`event_text`, `pending_delete`, `entry_date`) VALUES (?, ?, datetime('now'))";

    private PythonDatabase() {
    }

    static Connection connect(Path path) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(2000);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + path);
        return dataSource.getConnection();
    }

    /** Creates the database with {@code texts} queued, one insert per event as Python does (in one transaction). */
    static void create(Path path, List<String> texts) throws SQLException {
        try (Connection connection = connect(path)) {
            try (Statement statement = connection.createStatement()) {
                for (String sql : SCHEMA) {
                    statement.execute(sql);
                }
            }
            insert(connection, texts);
        }
    }

    static void insert(Connection connection, List<String> texts) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (String text : texts) {
                insert.setString(1, text);
                insert.setBoolean(2, false);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        connection.commit();
        connection.setAutoCommit(true);
    }

    /** Runs one statement, e.g. to age rows or mark them in flight as a Python worker would. */
    static int execute(Path path, String sql) throws SQLException {
        try (Connection connection = connect(path); Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    /** A document as python-logstash-async's LogstashFormatter writes it. */
    static String event(String level, String message, int seq) {
        return "{\"@timestamp\": \"2024-05-01T10:00:00.000Z\", \"@version\": \"1\", \"host\": \"py-host\", "
                + "\"level\": \"" + level + "\", \"logsource\": \"py-host\", \"message\": \"" + message + "\", "
                + "\"pid\": 4242, \"program\": \"app.py\", \"type\": \"python-logstash\", "
                + "\"extra\": {\"logger_name\": \"python-logstash-logger\", \"seq\": " + seq + "}}";
    }
}
