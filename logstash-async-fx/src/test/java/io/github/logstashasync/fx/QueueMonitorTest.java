package io.github.logstashasync.fx;

import static io.github.logstashasync.fx.MonitorFx.onFx;
import static io.github.logstashasync.fx.MonitorFx.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.core.internal.queue.SqliteEventQueue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public entry point of the command-line tool's {@code monitor} command: open, block, return once its window and
 * those opened from it are closed.
 */
class QueueMonitorTest {

    @TempDir
    Path dir;

    private final MonitorFx fx = new MonitorFx();

    @BeforeAll
    static void toolkit() throws Exception {
        MonitorFx.startToolkit();
    }

    @AfterEach
    void close() throws Exception {
        fx.closeAll();
    }

    @Test
    void blocksUntilTheWindowIsClosed() throws Exception {
        Path db = dir.resolve("queue.db");
        try (SqliteEventQueue queue = TestQueues.open(db)) {
            queue.append(TestQueues.events("waiting", 3));
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                QueueMonitor.open(db, false);
            } catch (IOException | InterruptedException | RuntimeException e) {
                failure.set(e);
            }
        }, "monitor-caller");
        caller.start();
        String title = "Queue monitor — " + db.toAbsolutePath() + " (read-only)";
        until("the monitor window is shown", () -> monitorStage(title) != null, () -> "failure: " + failure.get());
        until("it shows the database's events", () -> fx.text("#queuedCount").equals("3"));
        assertTrue(caller.isAlive(), "open blocks while the window is open");

        onFx(() -> {
            monitorStage(title).close();
            return null;
        });
        caller.join(10_000);
        assertFalse(caller.isAlive(), "open returns once the window is closed");
        assertEquals(null, failure.get(), "and throws nothing");
    }

    @Test
    void blocksUntilTheWindowsOpenedFromItAreClosedToo() throws Exception {
        Path db = dir.resolve("queue.db");
        TestQueues.open(db).close();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                QueueMonitor.open(db, false);
            } catch (IOException | InterruptedException | RuntimeException e) {
                failure.set(e);
            }
        }, "monitor-caller");
        caller.start();
        String title = "Queue monitor — " + db.toAbsolutePath() + " (read-only)";
        until("the monitor window is shown", () -> monitorStage(title) != null, () -> "failure: " + failure.get());
        // as "Open JVM…" does: a second monitor window, opened from the first
        Stage jvmWindow = onFx(() -> {
            Stage stage = new Stage();
            stage.setTitle("JVM monitor — a stand-in");
            // with a scene: on Monocle, a stage shown without one left every later pulse waiting for its rendering,
            // so the next test class's windows never answered
            stage.setScene(new Scene(new Label("a stand-in"), 200, 100));
            stage.show();
            OpenWindows.track(stage);
            return stage;
        });

        onFx(() -> {
            monitorStage(title).close();
            return null;
        });
        caller.join(500);
        assertTrue(caller.isAlive(), "open blocks while a window opened from it is open");
        onFx(() -> {
            jvmWindow.close();
            return null;
        });
        caller.join(10_000);
        assertFalse(caller.isAlive(), "open returns once the last window is closed");
        assertEquals(null, failure.get(), "and throws nothing");
    }

    @Test
    void failsForADatabaseThatCannotBeOpenedWithoutAWindow() {
        IOException error = assertThrows(IOException.class, () -> QueueMonitor.open(dir.resolve("none.db"), true));
        assertTrue(error.getMessage().endsWith("none.db does not exist"), "names the file: " + error.getMessage());
        assertEquals(0, onFx(() -> Window.getWindows().stream().filter(Window::isShowing)
                .filter(w -> w instanceof Stage stage && stage.getTitle() != null
                        && stage.getTitle().startsWith("Queue monitor")).count()), "no window was opened");
    }

    private static Stage monitorStage(String title) {
        for (Window window : Window.getWindows()) {
            if (window instanceof Stage stage && title.equals(stage.getTitle()) && stage.isShowing()) {
                return stage;
            }
        }
        return null;
    }
}
