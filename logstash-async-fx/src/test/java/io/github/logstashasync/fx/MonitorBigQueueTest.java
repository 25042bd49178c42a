package io.github.logstashasync.fx;

import static io.github.logstashasync.fx.MonitorFx.onFx;
import static io.github.logstashasync.fx.MonitorFx.runFx;
import static io.github.logstashasync.fx.MonitorFx.until;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.logstashasync.core.internal.queue.EventState;
import io.github.logstashasync.core.internal.queue.SqliteEventQueue;
import java.nio.file.Path;
import javafx.event.ActionEvent;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue of a million events: the window reads one page at a time, pages to the end, filters, and follows a
 * writer, never holding more than a page of rows.
 */
class MonitorBigQueueTest {

    private static final int EVENTS = 1_000_000;

    @TempDir
    static Path dir;

    private static Path db;

    private final MonitorFx fx = new MonitorFx();

    @BeforeAll
    static void millionEvents() throws Exception {
        MonitorFx.startToolkit();
        db = dir.resolve("big.db");
        // the first half entered two days ago, the second an hour ago; every thousandth is SEVERE
        TestQueues.createBulk(db, EVENTS, EVENTS / 2);
        try (SqliteEventQueue queue = TestQueues.open(db)) {
            TestQueues.fail(queue, 20, "HTTP 400 Bad Request");
        }
    }

    @AfterEach
    void close() throws Exception {
        fx.closeAll();
    }

    @Test
    void pagesFiltersAndFollowsAMillionEvents() throws Exception {
        MonitorWindow window = fx.open(db, false, MonitorFx.settings(() -> null));
        EventTable events = window.events();
        assertEquals("999,980", fx.text("#queuedCount"), "the queued events");
        assertEquals("20", fx.text("#failedCount"), "the failed events");
        assertEquals("1–100 of 1,000,000", fx.text("#rowRange"), "the first page of all events");
        assertEquals(10_000, onFx(() -> events.pagination().getPageCount()), "a page per 100 events");
        assertEquals(100, onFx(() -> events.table().getItems().size()), "the table holds one page, not the queue");

        runFx(() -> events.pagination().setCurrentPageIndex(9_999));
        until("the last page shows the newest events", () -> !events.loading()
                && events.table().getItems().get(0).event().id() == 999_901
                && events.table().getItems().size() == 100, () -> fx.text("#rowRange"));
        assertEquals("999,901–1,000,000 of 1,000,000", fx.text("#rowRange"), "the range of the last page");

        apply("#textFilter", "bulk event 777777");
        until("the text filter finds the one event", () -> events.matching() == 1
                && events.table().getItems().get(0).event().id() == 777_777, () -> fx.text("#rowRange"));
        apply("#textFilter", "");

        apply("#levelFilter", "severe");
        until("the level filter finds every thousandth", () -> events.matching() == 1_000, () -> fx.text("#rowRange"));
        assertEquals(1_000, onFx(() -> events.table().getItems().get(0).event().id()), "the first SEVERE one");
        apply("#levelFilter", "");

        runFx(() -> stateFilter().setValue(EventState.FAILED));
        until("the state filter finds the failed ones", () -> events.matching() == 20, () -> fx.text("#rowRange"));
        runFx(() -> stateFilter().setValue(null));

        apply("#fromFilter", "1d");
        until("the time filter finds the half entered within a day", () -> events.matching() == EVENTS / 2,
                () -> fx.text("#rowRange"));

        try (SqliteEventQueue writer = TestQueues.open(db)) {
            writer.append(TestQueues.events("new", 5));
        }
        until("the queued count follows the writer", () -> fx.text("#queuedCount").equals("999,985"),
                () -> fx.text("#queuedCount"));
        until("the new events are counted in the filtered table", () -> events.matching() == EVENTS / 2 + 5,
                () -> fx.text("#rowRange"));
        assertEquals(100, onFx(() -> events.table().getItems().size()), "still one page in memory");
    }

    /** Types {@code value} into the filter field {@code query} and presses Enter, as a user would. */
    private void apply(String query, String value) {
        runFx(() -> {
            TextField field = fx.node(query, TextField.class);
            field.setText(value);
            field.fireEvent(new ActionEvent());
        });
    }

    @SuppressWarnings("unchecked") // the node with this id is the filter's ChoiceBox<EventState>
    private ChoiceBox<EventState> stateFilter() {
        return (ChoiceBox<EventState>) fx.robot.lookup("#stateFilter").query();
    }
}
