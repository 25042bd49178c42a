package io.github.logstashasync.fx;

import java.util.ArrayList;
import java.util.List;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * Counts the monitor's open windows (queue databases and JVMs, which open one another) and what is about to open
 * one (a JVM being connected to), so that {@link QueueMonitor} ends JavaFX only once the last one is closed.
 *
 * <p>Used on the JavaFX thread only.
 */
final class OpenWindows {

    private static final List<Stage> STAGES = new ArrayList<>();
    private static final List<Runnable> WHEN_NONE = new ArrayList<>();
    private static int open;

    private OpenWindows() {
    }

    /** Counts {@code stage} as open until it is hidden. */
    static void track(Stage stage) {
        Runnable release = hold();
        STAGES.add(stage);
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, event -> {
            STAGES.remove(stage);
            release.run();
        });
    }

    /** Counts one window about to open; the returned action, run once, releases it (later runs do nothing). */
    static Runnable hold() {
        open++;
        boolean[] released = {false};
        return () -> {
            if (!released[0]) {
                released[0] = true;
                open--;
                if (open == 0) {
                    List<Runnable> waiting = List.copyOf(WHEN_NONE);
                    WHEN_NONE.clear();
                    waiting.forEach(Runnable::run);
                }
            }
        };
    }

    /** Runs {@code action} once no window is open and none is about to open: now, or when the last one closes. */
    static void whenNoneOpen(Runnable action) {
        if (open == 0) {
            action.run();
        } else {
            WHEN_NONE.add(action);
        }
    }

    /** Hides every window counted. */
    static void hideAll() {
        for (Stage stage : List.copyOf(STAGES)) {
            stage.hide();
        }
    }
}
