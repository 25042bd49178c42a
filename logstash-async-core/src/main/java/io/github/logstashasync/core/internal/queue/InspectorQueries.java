package io.github.logstashasync.core.internal.queue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the filtered, paged queries of {@link QueueInspector} over {@code event} and {@code failed_event}
 * as one {@code UNION ALL} ordered by id, which SQLite merges from the two tables' id order without sorting
 * (so a page never loads the whole queue). Adapts to a database without our additions.
 */
final class InspectorQueries {

    /** The level of a JSON document: Logstash's {@code level}, or ECS's {@code log.level} dotted or nested. */
    private static final String LEVEL = "(CASE WHEN json_valid(event_text) THEN coalesce("
            + "json_extract(event_text, '$.level'), json_extract(event_text, '$.\"log.level\"'),"
            + " json_extract(event_text, '$.log.level')) END)";

    private final QueueSchema.Layout layout;

    InspectorQueries(QueueSchema.Layout layout) {
        this.layout = layout;
    }

    /** A query and its parameters. */
    record Query(String sql, List<Object> parameters) {

        /** Binds the parameters to {@code statement}, prepared from {@link #sql()}. */
        void bind(PreparedStatement statement) throws SQLException {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
        }
    }

    /** Returns the rows matching {@code filter}, ordered by id, from {@code offset}, at most {@code limit}. */
    Query page(EventFilter filter, long offset, int limit) {
        Query union = union(filter, null);
        List<Object> parameters = new ArrayList<>(union.parameters());
        parameters.add(limit);
        parameters.add(offset);
        return new Query(union.sql() + " ORDER BY id LIMIT ? OFFSET ?", parameters);
    }

    /** Returns every row matching {@code filter}, ordered by id. */
    Query all(EventFilter filter) {
        Query union = union(filter, null);
        return new Query(union.sql() + " ORDER BY id", union.parameters());
    }

    /** Returns the count of rows matching {@code filter}. */
    Query count(EventFilter filter) {
        Query union = union(filter, null);
        return new Query("SELECT count(*) FROM (" + union.sql() + ")", union.parameters());
    }

    /** Returns the row with {@code id}, in whichever table it is. */
    Query byId(long id) {
        return union(EventFilter.all(), id);
    }

    private Query union(EventFilter filter, Long id) {
        List<Object> parameters = new ArrayList<>();
        List<String> branches = new ArrayList<>();
        EventState state = filter.state();
        if (state != EventState.FAILED) {
            List<String> conditions = conditions(filter, id, parameters);
            // Claimed: marked in the row (Python, version 1) or covered by a claim range.
            String rangeClaimedAt = layout.claimTable() ? QueueSchema.coveringClaim("event.event_id", "claimed_at")
                    : "NULL";
            String queued = "(pending_delete = 0 AND " + rangeClaimedAt + " IS NULL)";
            if (state == EventState.QUEUED) {
                conditions.add(queued);
            } else if (state == EventState.IN_FLIGHT) {
                conditions.add("NOT " + queued);
            }
            String claimedAt = layout.claimColumns() ? "coalesce(" + rangeClaimedAt + ", claimed_at)" : rangeClaimedAt;
            branches.add("SELECT event_id AS id,"
                    + " CASE WHEN " + queued + " THEN 'QUEUED' ELSE 'IN_FLIGHT' END AS state, entry_date, "
                    + (layout.attempts() ? "attempts" : "0") + " AS attempts, "
                    + (layout.lastError() ? "last_error" : "NULL") + " AS note, "
                    + claimedAt + " AS claimed_at,"
                    + " NULL AS failed_date, event_text FROM event" + where(conditions));
        }
        if (layout.failedTable() && (state == null || state == EventState.FAILED)) {
            List<String> conditions = conditions(filter, id, parameters);
            branches.add("SELECT event_id AS id, 'FAILED' AS state, entry_date, attempts, reason AS note,"
                    + " NULL AS claimed_at, failed_date, event_text"
                    + " FROM failed_event" + where(conditions));
        }
        if (branches.isEmpty()) {
            // FAILED asked of a Python database: no such table, so no rows.
            branches.add("SELECT NULL AS id, NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE 0");
        }
        return new Query(String.join(" UNION ALL ", branches), parameters);
    }

    private static List<String> conditions(EventFilter filter, Long id, List<Object> parameters) {
        List<String> conditions = new ArrayList<>();
        if (id != null) {
            conditions.add("event_id = ?");
            parameters.add(id);
        }
        if (filter.level() != null && !filter.level().isEmpty()) {
            conditions.add(LEVEL + " LIKE ? ESCAPE '\\'");
            parameters.add(containsPattern(filter.level()));
        }
        if (filter.text() != null && !filter.text().isEmpty()) {
            conditions.add("event_text LIKE ? ESCAPE '\\'");
            parameters.add(containsPattern(filter.text()));
        }
        addDate(conditions, parameters, "entry_date >= ?", filter.from());
        addDate(conditions, parameters, "entry_date < ?", filter.to());
        return conditions;
    }

    private static void addDate(List<String> conditions, List<Object> parameters, String condition, Instant date) {
        if (date != null) {
            conditions.add(condition);
            parameters.add(EntryDates.format(date));
        }
    }

    private static String where(List<String> conditions) {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** Returns a LIKE pattern matching {@code text} anywhere, with LIKE's wildcards in it escaped. */
    static String containsPattern(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** Reads one row of a query built here. */
    static InspectedEvent read(ResultSet rows) throws SQLException {
        long claimedAt = rows.getLong(6);
        Instant claimed = rows.wasNull() ? null : Instant.ofEpochMilli(claimedAt);
        return new InspectedEvent(rows.getLong(1), EventState.valueOf(rows.getString(2)),
                EntryDates.parse(rows.getString(3)), rows.getInt(4), rows.getString(5), claimed,
                EntryDates.parse(rows.getString(7)), rows.getString(8));
    }
}
