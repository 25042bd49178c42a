package io.github.logstashasync.transport.kafka;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a queue database as a user's SQL client would: what is queued and why events failed. */
final class QueueDb {

    private QueueDb() {
    }

    /** Rows in python-logstash-async's {@code event} table: events not delivered yet. */
    static long queued(Path database) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM event")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The reasons stored with the failed events, in id order. */
    static List<String> failedReasons(Path database) throws SQLException {
        List<String> reasons = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT reason FROM failed_event ORDER BY event_id")) {
            while (rows.next()) {
                reasons.add(rows.getString(1));
            }
        }
        return reasons;
    }
}
