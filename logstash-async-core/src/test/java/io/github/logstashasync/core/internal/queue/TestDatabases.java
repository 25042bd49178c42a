package io.github.logstashasync.core.internal.queue;

import io.github.logstashasync.api.PipelineSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Raw JDBC access to queue databases for tests: what another process or a Python writer would do. */
final class TestDatabases {

    /** Settings with a short database timeout, so that lock tests stay fast. */
    static final PipelineSettings FAST = PipelineSettings.builder().databaseTimeout(Duration.ofMillis(300)).build();

    /** python-logstash-async's schema, as its DatabaseCache creates it. */
    static final List<String> PYTHON_SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS `event` (\n"
                    + "    `event_id`          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n"
                    + "    `event_text`        TEXT NOT NULL,\n"
                    + "    `pending_delete`    INTEGER NOT NULL,\n"
                    + "    `entry_date`        TEXT NOT NULL);",
            "CREATE INDEX IF NOT EXISTS `idx_pending_delete` ON `event` (pending_delete);",
            "CREATE INDEX IF NOT EXISTS `idx_entry_date` ON `event` (entry_date);");

    /** python-logstash-async's insert. */
    static final String PYTHON_INSERT =
            "INSERT INTO `event` (`event_text`, `pending_delete`, `entry_date`) VALUES (?, ?, datetime('now'))";

    private TestDatabases() {
    }

    /** Opens a plain connection, as another process would, with a busy timeout of {@code busyMillis}. */
    static Connection connect(Path path, int busyMillis) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(busyMillis);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + path);
        return dataSource.getConnection();
    }

    /** Creates a database as python-logstash-async does (rollback journal) holding {@code texts} as queued. */
    static void createPythonDatabase(Path path, List<String> texts) throws SQLException {
        try (Connection connection = connect(path, 1000); Statement statement = connection.createStatement()) {
            for (String sql : PYTHON_SCHEMA) {
                statement.execute(sql);
            }
            pythonInsert(connection, texts);
        }
    }

    /** Inserts {@code texts} with Python's statement, one row at a time as Python does. */
    static void pythonInsert(Connection connection, List<String> texts) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(PYTHON_INSERT)) {
            for (String text : texts) {
                insert.setString(1, text);
                insert.setBoolean(2, false);
                insert.executeUpdate();
            }
        }
    }

    /** Returns the texts Python's worker would fetch: {@code pending_delete = 0}. */
    static List<String> pythonFetch(Path path) throws SQLException {
        List<String> texts = new ArrayList<>();
        try (Connection connection = connect(path, 1000); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT `event_id`, `event_text` FROM `event` WHERE `pending_delete` = 0;")) {
            while (rows.next()) {
                texts.add(rows.getString(2));
            }
        }
        return texts;
    }

    /** Runs {@code sql} on its own connection and returns the first column of the first row as a long. */
    static long queryLong(Path path, String sql) throws SQLException {
        try (Connection connection = connect(path, 1000); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : -1;
        }
    }

    /** Runs {@code sql} on its own connection and returns the first column of the first row as text. */
    static String queryString(Path path, String sql) throws SQLException {
        try (Connection connection = connect(path, 1000); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /** Runs {@code sql} on its own connection and returns the number of changed rows. */
    static int update(Path path, String sql) throws SQLException {
        try (Connection connection = connect(path, 1000); Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    /** Returns {@code count} small JSON documents {@code {"level":..,"message":"prefix-i"}}. */
    static List<String> events(String prefix, int count) {
        List<String> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add("{\"level\":\"INFO\",\"message\":\"" + prefix + "-" + i + "\"}");
        }
        return events;
    }

    /** Returns the texts of {@code events}. */
    static List<String> texts(List<QueuedEvent> events) {
        List<String> texts = new ArrayList<>(events.size());
        for (QueuedEvent event : events) {
            texts.add(event.text());
        }
        return texts;
    }
}
