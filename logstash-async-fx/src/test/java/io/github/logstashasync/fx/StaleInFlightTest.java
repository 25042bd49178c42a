package io.github.logstashasync.fx;

import static io.github.logstashasync.fx.MonitorFx.onFx;
import static io.github.logstashasync.fx.MonitorFx.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.core.internal.queue.EventState;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import io.github.logstashasync.core.internal.queue.QueueStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.css.PseudoClass;
import javafx.scene.control.TableRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that python-logstash-async's statements wrote (python3 runs them, see {@code python_cache.py}): a
 * process that claimed three events three days ago and was killed before it sent them, a live one that has
 * two events in hand now, and four waiting. The monitor shows the three as stale, not merely in flight, says why,
 * and requeues them, and only them, after confirmation; Python's own sender then takes them.
 */
class StaleInFlightTest {

    @TempDir
    Path dir;

    private final MonitorFx fx = new MonitorFx();
    private Path db;
    private Path script;

    @BeforeAll
    static void toolkit() throws Exception {
        MonitorFx.startToolkit();
    }

    @BeforeEach
    void pythonDatabase() throws Exception {
        script = dir.resolve("python_cache.py");
        try (InputStream in = StaleInFlightTest.class.getResourceAsStream("python_cache.py")) {
            Files.copy(in, script);
        }
        db = dir.resolve("python.db");
        assertEquals("claimed 1,2,3", python("add", "3", "3", "claim", "crash"), "the process of three days ago");
        assertEquals("claimed 4,5", python("add", "2", "claim", "add", "4"), "the live sender's two, and four more");
    }

    @AfterEach
    void close() throws Exception {
        fx.closeAll();
    }

    @Test
    void eventsLeftInFlightByAPythonProcessLongGoneAreStaleAndCanBeRequeued() throws Exception {
        MonitorWindow window = fx.open(db, false, MonitorFx.settings(() -> dir.resolve("export.jsonl")));
        assertEquals("5", fx.text("#inFlightCount"), "five marked in flight");
        until("the banner says that three are stale", () -> window.staleBanner().isVisible(),
                () -> "stale " + window.staleBanner().stale());
        String hint = fx.text("#staleText");
        assertTrue(hint.startsWith("⚠ 3 events are in flight without a claim time and entered more than 1 h ago:"
                + " most likely left by a python-logstash-async process that ended while sending."), hint);
        assertTrue(fx.disabled("#requeueStale"), "read-only: the banner's requeue is disabled");
        assertEquals(List.of("in flight, stale", "in flight, stale", "in flight, stale", "in flight", "in flight",
                "queued", "queued", "queued", "queued"), onFx(() -> states(window)), "the table tells them apart");
        assertEquals(List.of(1L, 2L, 3L), onFx(this::highlightedAsStale), "the stale rows are highlighted");

        fx.clickRow(2);
        until("the detail pane shows event 2", () -> fx.text("#detailId").equals("2"));
        assertEquals("in flight, stale: marked without a claim time, entered more than 1 h ago (Requeue stale… above"
                + " sends it again)", fx.text("#detailState"), "the detail pane says it too");

        fx.clickForConfirmation("#readWriteToggle");
        fx.robot.clickOn("#confirmOk");
        until("the window is read-write", () -> fx.text("#readWriteToggle").equals("Read-write"));
        fx.clickForConfirmation("#requeueStale");
        fx.robot.clickOn("#confirmCancel");
        assertEquals(5, stats().inFlight(), "cancelled: nothing requeued");

        fx.clickForConfirmation("#requeueStale");
        fx.robot.clickOn("#confirmOk");
        until("the status says what was done", () -> fx.text("#status").equals("requeued 3 events left in flight"),
                () -> fx.text("#status"));
        until("the banner goes", () -> !window.staleBanner().isVisible());
        until("the table shows them queued", () -> states(window).equals(List.of("queued", "queued", "queued",
                "in flight", "in flight", "queued", "queued", "queued", "queued")), () -> states(window));
        try (QueueInspector inspector = QueueInspector.openReadOnly(db, Duration.ofSeconds(2))) {
            for (long id = 1; id <= 3; id++) {
                assertEquals(EventState.QUEUED, inspector.show(id).orElseThrow().state(), "event " + id + " is queued");
            }
            assertEquals(EventState.IN_FLIGHT, inspector.show(4).orElseThrow().state(), "the live sender's are left");
        }
        fx.closeAll();

        // python-logstash-async's next send takes them with the four that waited (its delete then removes every
        // marked row, the live sender's two as well: Python assumes one sender per database)
        assertEquals("delivered 7", python("deliver"), "Python's sender takes the requeued events");
        assertEquals(0, stats().queued(), "nothing left waiting");
    }

    private QueueStats stats() throws Exception {
        try (QueueInspector inspector = QueueInspector.openReadOnly(db, Duration.ofSeconds(2))) {
            return inspector.stats();
        }
    }

    private static List<String> states(MonitorWindow window) {
        List<String> states = new ArrayList<>();
        for (EventTable.Row row : window.events().table().getItems()) {
            states.add(FilterBar.stateName(row.event().state()) + (row.stale() ? ", stale" : ""));
        }
        return states;
    }

    private List<Long> highlightedAsStale() {
        PseudoClass stale = PseudoClass.getPseudoClass("stale");
        List<Long> ids = new ArrayList<>();
        fx.robot.lookup(".table-row-cell").queryAllAs(TableRow.class).forEach(row -> {
            if (row.isVisible() && row.getItem() instanceof EventTable.Row item && row.getPseudoClassStates().contains(stale)) {
                ids.add(item.event().id());
            }
        });
        ids.sort(null);
        return ids.stream().distinct().toList();
    }

    /** Runs python_cache.py on the database with {@code steps}; returns what it printed, trimmed. */
    private String python(String... steps) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", script.toString(), db.toString()));
        command.addAll(List.of(steps));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            // never skipped: python3 comes with the machine image (scripts/install-deps.sh lists it)
            throw new AssertionError("python3 is needed to write a database as python-logstash-async does: " + e, e);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("python_cache.py did not end within 60 s: " + command);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, process.exitValue(), "python_cache.py " + String.join(" ", steps) + ": " + out);
        assertFalse(out.contains("Traceback"), out);
        return out;
    }
}
