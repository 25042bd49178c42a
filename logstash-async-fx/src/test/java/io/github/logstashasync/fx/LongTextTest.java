package io.github.logstashasync.fx;

import static io.github.logstashasync.fx.MonitorFx.onFx;
import static io.github.logstashasync.fx.MonitorFx.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.logstashasync.core.internal.queue.QueuedEvent;
import io.github.logstashasync.core.internal.queue.SqliteEventQueue;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Texts longer than their place: the table's message and reason cells are cut to the column, and hovering one
 * shows the whole text in a tooltip; the detail pane's JSON wraps its long lines instead of scrolling sideways.
 */
class LongTextTest {

    /** A message with two lines, far wider than its column. */
    private static final String MESSAGE = "payment declined for order 4711: " + "card issuer said no; ".repeat(30)
            + "\\nsecond line of the message";
    /** A reason as receivers give them: long, with the interesting part at the end. */
    private static final String REASON = "HTTP 400 Bad Request: {\"error\":{\"root_cause\":[{\"type\":"
            + "\"mapper_parsing_exception\",\"reason\":\"failed to parse field [extra.duration] of type [long] in"
            + " document with id 'abc'. Preview of field's value: 'twelve seconds'\"}]},\"status\":400}";

    @TempDir
    Path dir;

    private final MonitorFx fx = new MonitorFx();
    private long longId;
    private long failedId;

    @BeforeAll
    static void toolkit() throws Exception {
        MonitorFx.startToolkit();
    }

    @AfterEach
    void close() throws Exception {
        fx.closeAll();
    }

    @Test
    void hoveringACutMessageOrReasonShowsTheWholeTextAndTheJsonWraps() throws Exception {
        Path db = dir.resolve("queue.db");
        try (SqliteEventQueue queue = TestQueues.open(db)) {
            queue.append(List.of(TestQueues.event("WARNING", "rejected by the receiver")));
            List<QueuedEvent> failed = TestQueues.fail(queue, 1, REASON);
            failedId = failed.get(0).id();
            queue.append(List.of(TestQueues.event("SEVERE", MESSAGE)));
            longId = failedId + 1;
        }
        fx.open(db, false, MonitorFx.settings(() -> dir.resolve("export.jsonl")));

        String wholeMessage = MESSAGE.replace("\\n", "\n");
        Tooltip message = hover("#messageColumn", longId);
        assertEquals(wholeMessage, onFx(message::getText), "the message's tooltip holds all of it, lines kept");
        TableCell<?, ?> messageCell = shownCell("#messageColumn", longId);
        assertTrue(onFx(messageCell::getText).length() < wholeMessage.length(),
                "the cell itself shows a part");
        Tooltip reason = hover("#noteColumn", failedId);
        assertEquals(REASON, onFx(reason::getText), "the reason's tooltip holds all of it");
        TableCell<?, ?> emptyReason = shownCell("#noteColumn", longId);
        assertEquals(null, onFx(emptyReason::getTooltip),
                "no empty tooltip where there is no reason");

        fx.clickRow(longId);
        TextArea json = fx.node("#detailJson", TextArea.class);
        until("the detail pane shows the long event", () -> json.getText().contains("second line of the message"));
        assertTrue(onFx(json::isWrapText), "the JSON pane wraps");
        until("the JSON pane is laid out", () -> json.getWidth() > 0 && json.lookup(".content") != null);
        assertFalse(onFx(() -> horizontalBarShown(json)), "no horizontal scroll bar: the long line is wrapped");
    }

    /**
     * Moves the mouse over the cell of {@code column} in the row of event {@code id}; returns the tooltip shown. The
     * cell is looked up afresh each time: the table recycles its cells, and the one found first may show another
     * row by the time the tooltip's delay is over. When the tooltip does not come, the mouse moves within the cell
     * again (a pointer that does not move raises no new hover).
     */
    private Tooltip hover(String column, long id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long lastMove = 0;
        int nudge = 1;
        String seen = "no cell";
        while (true) {
            TableCell<?, ?> cell = onFx(() -> cell(column, id));
            if (cell != null) {
                Tooltip shown = onFx(() -> cell.getTooltip() != null && cell.getTooltip().isShowing()
                        ? cell.getTooltip() : null);
                if (shown != null) {
                    return shown;
                }
                seen = "tooltip " + onFx(cell::getTooltip);
                if (System.nanoTime() - lastMove > TimeUnit.MILLISECONDS.toNanos(1_500)) {
                    fx.robot.moveTo(cell).moveBy(nudge, 0);
                    nudge = -nudge;
                    lastMove = System.nanoTime();
                }
            }
            if (System.nanoTime() - deadline > 0) {
                fail("waited 30 s in vain until the tooltip of " + column + " of event " + id + " shows; " + seen);
            }
            Thread.sleep(50);
        }
    }

    /** The cell of {@code column} in the row of event {@code id}, once the table has one in its scene graph. */
    private TableCell<?, ?> shownCell(String column, long id) {
        until("the table shows the cell of " + column + " of event " + id, () -> cell(column, id) != null);
        return onFx(() -> cell(column, id));
    }

    /** The cell of {@code column} in the row of event {@code id}, or null while the table has laid out none. */
    private TableCell<?, ?> cell(String column, long id) {
        String columnId = column.substring(1);
        return fx.robot.lookup(".table-cell").match(node -> node instanceof TableCell<?, ?> cell
                && cell.isVisible() && cell.getTableColumn() != null && columnId.equals(cell.getTableColumn().getId())
                && cell.getTableRow() != null && cell.getTableRow().getItem() instanceof EventTable.Row row
                && row.event().id() == id && !cell.isEmpty())
                .<TableCell<?, ?>>tryQuery().orElse(null);
    }

    private static boolean horizontalBarShown(TextArea area) {
        for (Node node : area.lookupAll(".scroll-bar")) {
            if (node instanceof ScrollBar bar && bar.getOrientation() == Orientation.HORIZONTAL && bar.isVisible()) {
                return true;
            }
        }
        return false;
    }
}
