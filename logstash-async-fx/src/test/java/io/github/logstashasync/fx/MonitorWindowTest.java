package io.github.logstashasync.fx;

import static io.github.logstashasync.fx.MonitorFx.onFx;
import static io.github.logstashasync.fx.MonitorFx.runFx;
import static io.github.logstashasync.fx.MonitorFx.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.core.internal.queue.EventFilter;
import io.github.logstashasync.core.internal.queue.EventState;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import io.github.logstashasync.core.internal.queue.QueuedEvent;
import io.github.logstashasync.core.internal.queue.SqliteEventQueue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's window on a small database that the test changes while the window is open: counts and rows
 * follow, the detail pane explains failed events, the filters narrow the table, and the repairs ask first.
 */
class MonitorWindowTest {

    private static final String REASON = "HTTP 400 Bad Request: mapper_parsing_exception";

    @TempDir
    Path dir;

    private final MonitorFx fx = new MonitorFx();
    private Path db;
    private Path exportFile;
    /** Ids 1-3 failed, 4-5 in flight, 6-40 queued. */
    private List<QueuedEvent> failed;

    @BeforeAll
    static void toolkit() throws Exception {
        MonitorFx.startToolkit();
    }

    private SqliteEventQueue otherSender;

    @BeforeEach
    void database() throws Exception {
        db = dir.resolve("queue.db");
        exportFile = dir.resolve("export.jsonl");
        try (SqliteEventQueue queue = TestQueues.open(db)) {
            List<String> events = new ArrayList<>(TestQueues.events("early", 5));
            events.add(TestQueues.event("SEVERE", "disk full on /var"));
            events.addAll(TestQueues.events("later", 34));
            queue.append(events);
            failed = TestQueues.fail(queue, 3, REASON);
        }
        // a sender of another process holds 4 and 5 while the window is open (a queue that closes hands its
        // own claims back, so this one stays open until the test ends)
        otherSender = TestQueues.open(db);
        otherSender.claim(2, Duration.ofMinutes(2));
    }

    @AfterEach
    void close() throws Exception {
        fx.closeAll();
        otherSender.close();
    }

    @Test
    void showsCountsAndFollowsAWriterWhileOpen() throws Exception {
        MonitorWindow window = fx.open(db, false, MonitorFx.settings(() -> exportFile));
        assertEquals("35", fx.text("#queuedCount"), "35 queued events");
        assertEquals("2", fx.text("#inFlightCount"), "2 in flight");
        assertEquals("3", fx.text("#failedCount"), "3 failed");
        assertEquals("0", fx.text("#expiredCount"), "none expired");
        assertTrue(fx.text("#oldestAge").endsWith(" s"), "the oldest event is seconds old: " + fx.text("#oldestAge"));
        assertEquals(40, onFx(() -> window.events().table().getItems().size()),
                "every event of the small database is on the first page");

        try (SqliteEventQueue writer = TestQueues.open(db)) {
            writer.append(TestQueues.events("arrived while watching", 7));
            until("the queued count shows the 7 new events", () -> fx.text("#queuedCount").equals("42"));
            until("the new rows appear in the table", () -> fx.text("#rowRange").equals("1–47 of 47"));
            until("the last new event is on the page", () -> lastMessage(window).equals("arrived while watching 7"));
            until("the arrival rate was drawn above 0", () -> maxArrivalRate(window) > 0);

            List<QueuedEvent> sent = writer.claim(10, Duration.ofMinutes(2));
            writer.delete(sent);
            until("sent events leave the count", () -> fx.text("#queuedCount").equals("32"));
        }
    }

    @Test
    void detailPaneShowsPrettyJsonAndTheReasonOfAFailedEvent() throws Exception {
        fx.open(db, false, MonitorFx.settings(() -> exportFile));
        long id = failed.get(1).id();
        fx.clickRow(id);
        until("the detail pane shows the clicked event", () -> fx.text("#detailId").equals(Long.toString(id)));
        assertTrue(fx.text("#detailState").startsWith("failed since "), "state and failure date: "
                + fx.text("#detailState"));
        assertEquals(REASON, fx.text("#detailNote"), "the receiver's reason");
        assertEquals("1", fx.text("#detailAttempts"), "one failed attempt");
        String json = onFx(() -> fx.node("#detailJson", TextArea.class).getText());
        assertTrue(json.contains("\n  \"level\" : \"INFO\",\n"), "indented JSON, one field per line: " + json);
        assertTrue(json.contains("\"message\" : \"early 2\""), "the event's own document: " + json);
    }

    @Test
    void filtersByStateLevelTextAndTime() throws Exception {
        MonitorWindow window = fx.open(db, false, MonitorFx.settings(() -> exportFile));
        runFx(() -> stateFilter().setValue(EventState.FAILED));
        until("only the 3 failed events are listed", () -> window.events().matching() == 3
                && window.events().table().getItems().size() == 3);
        runFx(() -> stateFilter().setValue(null));

        fx.robot.clickOn("#levelFilter").write("severe").type(KeyCode.ENTER);
        until("the one SEVERE event is listed", () -> window.events().matching() == 1
                && window.events().table().getItems().get(0).summary().message().equals("disk full on /var"));

        fx.robot.clickOn("#clearFilter");
        until("clearing shows all again", () -> window.events().matching() == 40);
        fx.robot.clickOn("#textFilter").write("later 3").type(KeyCode.ENTER);
        // "later 3" and "later 30" to "later 34"
        until("the text filter matches 6 events", () -> window.events().matching() == 6);

        fx.robot.clickOn("#clearFilter");
        fx.robot.clickOn("#fromFilter").write("1h").type(KeyCode.ENTER);
        until("every event entered within the hour", () -> window.events().matching() == 40);
        fx.robot.clickOn("#toFilter").write("2h").type(KeyCode.ENTER);
        until("none entered before two hours ago", () -> window.events().matching() == 0
                && fx.text("#rowRange").equals("no events"));
        fx.robot.clickOn("#toFilter").type(KeyCode.END).write(" or so").type(KeyCode.ENTER);
        until("an invalid time says what is accepted", () -> fx.text("#status").startsWith("to: '2h or so' is no time"),
                () -> fx.text("#status"));
    }

    @Test
    void readOnlyUntilSwitchedAfterConfirmation() throws Exception {
        fx.open(db, false, MonitorFx.settings(() -> exportFile));
        fx.clickRow(failed.get(0).id());
        assertTrue(fx.disabled("#deleteSelected"), "read-only: delete is disabled");
        assertTrue(fx.disabled("#requeueAll"), "read-only: requeue is disabled");
        assertTrue(fx.disabled("#flush"), "read-only: flush is disabled");
        assertFalse(fx.disabled("#exportSelected"), "export reads only, so it is enabled");

        fx.clickForConfirmation("#readWriteToggle");
        fx.robot.clickOn("#confirmCancel");
        assertEquals("Read-only", fx.text("#readWriteToggle"), "cancelled: still read-only");
        assertTrue(fx.disabled("#deleteSelected"), "cancelled: delete still disabled");

        fx.clickForConfirmation("#readWriteToggle");
        fx.robot.clickOn("#confirmOk");
        until("the window is read-write", () -> fx.text("#readWriteToggle").equals("Read-write"));
        assertFalse(fx.disabled("#deleteSelected"), "read-write: delete is enabled");
        assertFalse(fx.disabled("#requeueAll"), "read-write: requeue is enabled");
    }

    @Test
    void requeuesTheSelectedFailedEventAfterConfirmation() throws Exception {
        MonitorWindow window = fx.open(db, true, MonitorFx.settings(() -> exportFile));
        long id = failed.get(2).id();
        fx.clickRow(id);
        fx.clickForConfirmation("#requeueSelected");
        assertEquals("Requeue 1 event?", onFx(() -> fx.robot.lookup(".dialog-pane").queryAs(DialogPane.class)
                .getHeaderText()), "one event, in the singular");
        assertTrue(onFx(() -> fx.robot.lookup(".dialog-pane").queryAs(DialogPane.class).getContentText())
                .startsWith("The failed event goes back to the queue"), "the explanation in the singular too");
        fx.robot.clickOn("#confirmCancel");
        assertEquals(3, inspect().stats().failed(), "cancelled: nothing requeued");

        fx.clickForConfirmation("#requeueSelected");
        fx.robot.clickOn("#confirmOk");
        until("the failed count drops to 2", () -> fx.text("#failedCount").equals("2"));
        until("the event is queued again, selected still", () -> fx.text("#detailState").equals("queued")
                && fx.text("#detailId").equals(Long.toString(id)));
        assertEquals("requeued 1 event", fx.text("#status"), "the status line says what happened");
        assertEquals(REASON, fx.text("#detailNote"), "the reason stays as the last error");
        assertEquals(EventState.QUEUED, inspect().show(id).orElseThrow().state(), "queued in the database");
        assertEquals(40, window.events().matching(), "no event lost or doubled");

        fx.clickForConfirmation("#requeueAll");
        fx.robot.clickOn("#confirmOk");
        until("no failed event is left", () -> fx.text("#failedCount").equals("0"));
    }

    @Test
    void deletesTheSelectedEventsAfterConfirmation() throws Exception {
        MonitorWindow window = fx.open(db, true, MonitorFx.settings(() -> exportFile));
        fx.clickRow(10);
        fx.clickRow(12, KeyCode.CONTROL);
        until("two rows are selected", () -> window.events().selectedEvents().size() == 2);
        fx.clickForConfirmation("#deleteSelected");
        fx.robot.clickOn("#confirmCancel");
        assertEquals(40, inspect().count(EventFilter.all()),
                "cancelled: nothing deleted");

        fx.clickForConfirmation("#deleteSelected");
        fx.robot.clickOn("#confirmOk");
        until("the table has 38 events", () -> window.events().matching() == 38);
        assertTrue(inspect().show(10).isEmpty() && inspect().show(12).isEmpty(), "events 10 and 12 are gone");
        assertTrue(inspect().show(11).isPresent(), "event 11, between them, is still there");
        until("the queued count follows", () -> fx.text("#queuedCount").equals("33"));
    }

    @Test
    void exportsTheSelectedEventsAsJsonLines() throws Exception {
        MonitorWindow window = fx.open(db, false, MonitorFx.settings(() -> exportFile));
        fx.clickRow(2);
        fx.clickRow(6, KeyCode.SHIFT);
        until("five rows are selected", () -> window.events().selectedEvents().size() == 5);
        fx.robot.clickOn("#exportSelected");
        until("the export is reported", () -> fx.text("#status").startsWith("exported 5 events to "));
        List<String> lines = Files.readAllLines(exportFile, StandardCharsets.UTF_8);
        List<String> expected = new ArrayList<>();
        for (long id = 2; id <= 6; id++) {
            expected.add(inspect().show(id).orElseThrow().text());
        }
        assertEquals(expected, lines, "one line per event, each the queued JSON document, in table order");
    }

    @Test
    void exportsEveryEventMatchingTheFilterNotOnlyThePageShown() throws Exception {
        MonitorSettings settings = MonitorFx.settings(() -> exportFile);
        settings = new MonitorSettings(settings.refreshPeriod(), 10, settings.zone(), settings.chartWindow(),
                settings.busyTimeout(), settings.exportTarget(), settings.transports(), settings.clock(),
                settings.localJvms());
        MonitorWindow window = fx.open(db, false, settings);
        until("a page of 10 of the 40 events is shown", () -> window.events().matching() == 40
                && window.events().table().getItems().size() == 10);
        fx.robot.clickOn("#exportMatching");
        until("the export is reported", () -> fx.text("#status").startsWith("exported 40 events to "));
        List<String> lines = Files.readAllLines(exportFile, StandardCharsets.UTF_8);
        List<String> expected = new ArrayList<>();
        for (long id = 1; id <= 40; id++) {
            expected.add(inspect().show(id).orElseThrow().text());
        }
        assertEquals(expected, lines, "every event, in id order, each the queued JSON document");

        runFx(() -> stateFilter().setValue(EventState.FAILED));
        until("only the 3 failed events match", () -> window.events().matching() == 3);
        fx.robot.clickOn("#exportMatching");
        until("the export of the failed ones is reported", () -> fx.text("#status").startsWith("exported 3 events to "));
        assertEquals(expected.subList(0, 3), Files.readAllLines(exportFile, StandardCharsets.UTF_8),
                "the filter applies: ids 1-3 failed");
    }

    @Test
    void flushesToADestinationAfterConfirmation() throws Exception {
        fx.open(db, true, MonitorFx.settings(() -> exportFile));
        try (LineReceiver receiver = new LineReceiver()) {
            fx.robot.clickOn("#flush");
            until("the flush dialog is shown", () -> fx.robot.lookup("#flushPort").tryQuery().isPresent());
            fx.robot.clickOn("#flushPort");
            runFx(() -> fx.node("#flushPort", TextField.class).selectAll());
            fx.robot.write("70000");
            fx.robot.clickOn("#flushStart");
            until("an invalid port keeps the dialog open and says why",
                    () -> fx.text("#flushError").equals("Invalid option 'port': 70000 is out of range; allowed: 1 to 65535"),
                    () -> fx.text("#flushError"));
            runFx(() -> fx.node("#flushHost", TextField.class).setText("127.0.0.1"));
            runFx(() -> fx.node("#flushPort", TextField.class).setText(Integer.toString(receiver.port())));
            assertEquals("tcp", onFx(() -> fx.node("#flushTransport", ComboBox.class).getValue()), "tcp by default");
            fx.clickForConfirmation("#flushStart");
            fx.robot.clickOn("#confirmOk");
            until("the receiver has the 35 queued events", () -> receiver.lines().size() == 35,
                    () -> fx.text("#status"));
            until("the queue shows none queued", () -> fx.text("#queuedCount").equals("0"));
            until("the status says what was sent", () -> fx.text("#status").equals(
                    "flushed to tcp://127.0.0.1:" + receiver.port() + ": 35 events sent"), () -> fx.text("#status"));
            assertEquals("2", fx.text("#inFlightCount"), "events claimed by another sender are left to it");
            assertEquals("3", fx.text("#failedCount"), "failed events are not sent");
        }
    }

    private QueueInspector inspect() throws Exception {
        QueueInspector inspector = QueueInspector.openReadOnly(db, Duration.ofSeconds(2));
        inspectors.add(inspector);
        return inspector;
    }

    private final List<QueueInspector> inspectors = new ArrayList<>();

    @AfterEach
    void closeInspectors() {
        inspectors.forEach(QueueInspector::close);
    }

    private static String lastMessage(MonitorWindow window) {
        List<EventTable.Row> items = window.events().table().getItems();
        return items.isEmpty() ? "" : items.get(items.size() - 1).summary().message();
    }

    @SuppressWarnings("unchecked") // the node with this id is the filter's ChoiceBox<EventState>
    private ChoiceBox<EventState> stateFilter() {
        return (ChoiceBox<EventState>) fx.robot.lookup("#stateFilter").query();
    }

    private static double maxArrivalRate(MonitorWindow window) {
        double max = 0;
        for (XYChart.Data<Number, Number> point : window.charts().arrivalData()) {
            max = Math.max(max, point.getYValue().doubleValue());
        }
        return max;
    }
}
