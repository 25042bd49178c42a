package io.github.logstashasync.fx;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.logstashasync.core.internal.transport.TransportRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Opens monitor windows on Monocle's headless screen for the tests, and waits for what they show. Conditions are
 * evaluated on the JavaFX thread and polled until a deadline.
 */
final class MonitorFx {

    /** How long a test waits for the window to show something before failing. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    final FxRobot robot = new FxRobot();
    private MonitorWindow window;

    /** Starts JavaFX once per JVM (TestFX keeps it running between test classes). */
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    /** Settings for tests: fast refresh, UTC, exports to {@code exportTo}, no local JVM to pick from. */
    static MonitorSettings settings(Supplier<Path> exportTo) {
        return new MonitorSettings(Duration.ofMillis(200), EventTable.DEFAULT_PAGE_SIZE, ZoneOffset.UTC,
                Duration.ofMinutes(5), Duration.ofSeconds(2), (owner, count) -> exportTo.get(),
                errors -> TransportRegistry.discover(MonitorFx.class.getClassLoader(), errors), Clock.systemUTC(),
                // never every JVM of the machine: a test attaches to its own child processes only
                List::of);
    }

    /** Opens a window on {@code db} and waits until it shows the first reading and the first page. */
    MonitorWindow open(Path db, boolean readWrite, MonitorSettings settings) throws Exception {
        QueueSource source = QueueSource.open(db, readWrite, settings.busyTimeout());
        window = WaitForAsyncUtils.asyncFx(() -> MonitorWindow.show(new Stage(), source, settings))
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        until("the first reading is shown", () -> !text("#queuedCount").equals("—"));
        until("the first page is read", () -> window.events().matching() >= 0 && !window.events().loading());
        return window;
    }

    /** Closes every window this test left open, dialogs included. */
    void closeAll() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            for (Window open : List.copyOf(Window.getWindows())) {
                if (open instanceof Stage stage) {
                    stage.close();
                }
            }
        }).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The text of the labeled node (label, button) {@code query} finds. */
    String text(String query) {
        return onFx(() -> robot.lookup(query).queryLabeled().getText());
    }

    /** The node {@code query} finds, typed. */
    <T extends Node> T node(String query, Class<T> type) {
        return onFx(() -> robot.lookup(query).queryAs(type));
    }

    /** Clicks {@code query} and waits until the confirmation dialog it opens is shown. */
    void clickForConfirmation(String query) {
        robot.clickOn(query);
        until("a confirmation is asked for after clicking " + query,
                () -> robot.lookup("#confirmOk").tryQuery().isPresent(), () -> "status: " + text("#status"));
    }

    /** Clicks the table row of the event with {@code id}, which must be on the current page. */
    void clickRow(long id, javafx.scene.input.KeyCode... modifiers) {
        until("event " + id + " is on the screen", () -> row(id) != null);
        Node row = onFx(() -> row(id));
        robot.press(modifiers).clickOn(row).release(modifiers);
        until("event " + id + " is selected after a click on its row", () -> selectedIds().contains(id),
                () -> "selected " + selectedIds() + ", row bounds " + row.localToScreen(row.getBoundsInLocal()));
    }

    private List<Long> selectedIds() {
        List<Long> ids = new java.util.ArrayList<>();
        for (Object item : robot.lookup("#eventTable").queryTableView().getSelectionModel().getSelectedItems()) {
            ids.add(((EventTable.Row) item).event().id());
        }
        return ids;
    }

    /**
     * The row showing event {@code id}: a cell of the table that shows it now, at its index. The table keeps
     * other cells too (one hidden in an invisible group to measure rows, spare ones from earlier pages).
     */
    private Node row(long id) {
        return robot.lookup(".table-row-cell").match(node -> node instanceof TableRow<?> row
                && row.getItem() instanceof EventTable.Row item && item.event().id() == id && shown(row)
                && row.getIndex() >= 0 && row.getIndex() < row.getTableView().getItems().size()
                && row.getTableView().getItems().get(row.getIndex()) == item)
                .tryQuery().orElse(null);
    }

    private static boolean shown(Node node) {
        for (Node at = node; at != null; at = at.getParent()) {
            if (!at.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    /** Waits until {@code condition}, evaluated on the JavaFX thread, holds; fails saying {@code expectation}. */
    static void until(String expectation, Callable<Boolean> condition) {
        until(expectation, condition, () -> "");
    }

    /** As {@link #until(String, Callable)}; a failure also says what {@code actual} is then. */
    static void until(String expectation, Callable<Boolean> condition, Callable<Object> actual) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            if (onFx(condition)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("waited " + PATIENCE.toSeconds() + " s in vain until " + expectation + "; instead: " + onFx(actual));
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting until " + expectation);
            }
        }
    }

    /** Returns what {@code work} returns on the JavaFX thread. */
    static <T> T onFx(Callable<T> work) {
        try {
            return WaitForAsyncUtils.asyncFx(work).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot evaluate on the JavaFX thread: " + e, e);
        }
    }

    /** Runs {@code work} on the JavaFX thread and waits for it. */
    static void runFx(Runnable work) {
        onFx(() -> {
            work.run();
            return null;
        });
    }

    /** Whether the node {@code query} finds is disabled. */
    boolean disabled(String query) {
        return onFx(() -> robot.lookup(query).query().isDisabled());
    }
}
