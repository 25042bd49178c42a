package io.github.logstashasync.fx;

import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.core.internal.queue.EventFilter;
import io.github.logstashasync.core.internal.queue.EventLines;
import io.github.logstashasync.core.internal.queue.EventState;
import io.github.logstashasync.core.internal.queue.InspectedEvent;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import io.github.logstashasync.core.internal.transport.TransportRegistry;
import java.io.BufferedWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * The monitor's window: counts, charts, filters, the event table with its detail pane, and the actions. Every
 * database access runs on the {@link QueueSource}'s threads; this class only reacts on the JavaFX thread. The
 * repairs are enabled only when the database is open read-write; each destructive one asks first.
 */
final class MonitorWindow {

    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");

    private final Stage stage;
    private final QueueSource source;
    private final MonitorSettings settings;
    private final StatsBar stats;
    private final MonitorCharts charts;
    private final FilterBar filters;
    private final EventTable events;
    private final DetailPane detail;
    private final StaleBanner staleBanner;
    private final Label status = new Label();
    private final ToggleButton readWrite = new ToggleButton();
    private final BooleanProperty writable = new SimpleBooleanProperty();
    private final BooleanProperty flushing = new SimpleBooleanProperty();
    private final RateHistory history;
    private final StatsPoller poller;
    private Sample lastSample;
    private Thread flushThread;

    private MonitorWindow(Stage stage, QueueSource source, MonitorSettings settings) {
        this.stage = stage;
        this.source = source;
        this.settings = settings;
        this.stats = new StatsBar(settings.zone());
        this.history = new RateHistory(settings.chartWindow());
        this.charts = new MonitorCharts(settings.chartWindow().toSeconds());
        this.filters = new FilterBar(settings.zone(), this::applyFilter);
        this.events = new EventTable(source, settings.pageSize(), settings.zone(), settings.clock(), this::error);
        this.detail = new DetailPane(settings.zone());
        this.staleBanner = new StaleBanner(source, settings.clock(), writable, this::requeueStale);
        this.poller = new StatsPoller(source, settings.refreshPeriod(), settings.clock());
        writable.set(!source.readOnly());
    }

    /**
     * Fills {@code stage} with a monitor of {@code source}, shows it, and starts reading; closing the stage stops
     * the reading and closes the source.
     */
    static MonitorWindow show(Stage stage, QueueSource source, MonitorSettings settings) {
        MonitorWindow window = new MonitorWindow(stage, source, settings);
        window.build();
        stage.show();
        OpenWindows.track(stage);
        window.start();
        return window;
    }

    private void build() {
        events.selectedRow().addListener((observable, before, after) -> {
            if (after == null) {
                detail.show(null, false);
            } else {
                detail.show(after.event(), after.stale());
            }
        });
        charts.setMinHeight(0);
        SplitPane table = new SplitPane(events, detail);
        table.setDividerPositions(0.68);
        SplitPane center = new SplitPane(table, charts);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.70);
        status.setId("status");
        status.getStyleClass().add("status-line");
        status.setMaxWidth(Double.MAX_VALUE);
        BorderPane root = new BorderPane(center, new VBox(toolbar(), stats, staleBanner, filters), null, status, null);
        root.getStyleClass().add("monitor");
        Scene scene = new Scene(root, 1280, 800);
        scene.getStylesheets().add(MonitorWindow.class.getResource("monitor.css").toExternalForm());
        stage.setScene(scene);
        stage.titleProperty().bind(Bindings.when(writable)
                .then("Queue monitor — " + source.path() + " (read-write)")
                .otherwise("Queue monitor — " + source.path() + " (read-only)"));
        // a handler added, not set: whoever opened the stage may wait for it to close (QueueMonitor does)
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, event -> stop());
        info("Times are in " + settings.zone().getId() + ". "
                + (source.readOnly() ? "Read-only: the repairs need read-write." : "Read-write: repairs enabled."));
    }

    private ToolBar toolbar() {
        readWrite.setId("readWriteToggle");
        readWrite.setSelected(writable.get());
        readWrite.textProperty().bind(Bindings.when(writable).then("Read-write").otherwise("Read-only"));
        readWrite.setTooltip(new Tooltip("Read-only holds no lock a writing application waits for;"
                + " read-write enables requeue, delete and flush"));
        readWrite.setOnAction(event -> toggleMode());
        Button requeueSelected = button("requeueSelected", "Requeue selected", this::requeueSelected);
        Button requeueAll = button("requeueAll", "Requeue all failed", this::requeueAll);
        Button delete = button("deleteSelected", "Delete selected", this::deleteSelected);
        Button flush = button("flush", "Flush to…", this::flush);
        Button cancelFlush = button("cancelFlush", "Cancel flush", this::cancelFlush);
        cancelFlush.visibleProperty().bind(flushing);
        cancelFlush.managedProperty().bind(flushing);
        Button export = button("exportSelected", "Export selected…", this::exportSelected);
        Button exportMatching = button("exportMatching", "Export all matching…", this::exportMatching);
        var nothingSelected = Bindings.isEmpty(events.table().getSelectionModel().getSelectedItems());
        requeueSelected.disableProperty().bind(writable.not().or(nothingSelected));
        requeueAll.disableProperty().bind(writable.not());
        delete.disableProperty().bind(writable.not().or(nothingSelected));
        flush.disableProperty().bind(writable.not().or(flushing));
        export.disableProperty().bind(nothingSelected);
        Button openJvm = button("openJvm", "Open JVM…",
                () -> JvmOpener.pickAndOpen(stage, settings, this::info, this::error));
        openJvm.setTooltip(new Tooltip("Watch a running application's pipelines live: a local JVM, or a JMX port"));
        return new ToolBar(readWrite, new Separator(), requeueSelected, requeueAll, delete, flush, cancelFlush,
                new Separator(), export, exportMatching, new Separator(), openJvm);
    }

    private void start() {
        poller.setOnSucceeded(event -> onSample(poller.getValue()));
        poller.setOnFailed(event -> stats.showError(message(poller.getException())));
        poller.start();
        applyFilter();
    }

    private void stop() {
        poller.cancel();
        if (flushThread != null) {
            flushThread.interrupt();
        }
        source.close();
    }

    private void onSample(Sample sample) {
        if (sample == null) {
            return;
        }
        stats.show(sample);
        history.add(sample);
        charts.show(history.points());
        staleBanner.onSample(sample);
        if (sample.changedSince(lastSample)) {
            events.reload();
        }
        lastSample = sample;
    }

    private void applyFilter() {
        EventFilter filter;
        try {
            filter = filters.read(settings.clock().instant(), settings.zone());
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return;
        }
        if (status.getPseudoClassStates().contains(ERROR)) {
            info("");
        }
        events.setFilter(filter);
    }

    private void toggleMode() {
        boolean wanted = readWrite.isSelected();
        if (wanted && !confirm("Open the database read-write?", "Requeue, delete and flush become possible. A database"
                + " written by Python is brought up to this schema (Python keeps working with it) and switched to WAL"
                + " mode.", "Open read-write")) {
            readWrite.setSelected(false);
            return;
        }
        readWrite.setDisable(true);
        source.reopen(wanted, () -> {
            readWrite.setDisable(false);
            writable.set(wanted);
            info(wanted ? "Read-write: repairs enabled." : "Read-only again.");
        }, error -> {
            readWrite.setDisable(false);
            readWrite.setSelected(writable.get());
            error("cannot reopen the database: " + message(error));
        });
    }

    private void requeueSelected() {
        List<Long> ids = new ArrayList<>();
        for (InspectedEvent event : events.selectedEvents()) {
            if (event.state() == EventState.FAILED) {
                ids.add(event.id());
            }
        }
        if (ids.isEmpty()) {
            error("none of the selected events is failed; only failed events can be requeued here"
                    + (staleBanner.stale() > 0 ? ", stale ones with Requeue stale…" : ""));
            return;
        }
        if (confirm("Requeue " + count(ids.size()) + "?", (ids.size() == 1 ? "The failed event goes" : "The failed events go")
                + " back to the queue and will be sent again by the application (or a flush).", "Requeue")) {
            source.submit(inspector -> inspector.requeue(ids), moved -> done("requeued " + count(moved)), this::failed);
        }
    }

    private void requeueAll() {
        long failed = lastSample == null ? 0 : lastSample.stats().failed();
        if (confirm("Requeue all failed events (" + StatsBar.count(failed) + ")?", "Every failed event goes back to"
                + " the queue and will be sent again.", "Requeue all")) {
            source.submit(inspector -> inspector.requeueAllFailed(), moved -> done("requeued " + count(moved)),
                    this::failed);
        }
    }

    /** Requeues the events {@link StaleBanner} counts, as {@code requeueAll} does the failed ones. */
    private void requeueStale() {
        long stale = staleBanner.stale();
        Instant cutoff = staleBanner.cutoff();
        if (confirm("Requeue " + count(stale) + " left in flight?", "Events marked in flight without a claim time that"
                + " entered more than " + StaleBanner.STALE_AFTER.toHours() + " h ago go back to the queue under their"
                + " ids and will be sent again. Should a process still be sending one, it is sent twice.", "Requeue")) {
            source.submit(inspector -> inspector.requeueStaleMarks(cutoff), moved -> {
                done("requeued " + count(moved) + " left in flight");
                staleBanner.recount();
            }, this::failed);
        }
    }

    private void deleteSelected() {
        List<Long> ids = new ArrayList<>();
        for (InspectedEvent event : events.selectedEvents()) {
            ids.add(event.id());
        }
        if (confirm("Delete " + count(ids.size()) + "?", (ids.size() == 1 ? "It is" : "They are") + " removed from the"
                + " database for good and will never be sent. This cannot be undone.", "Delete")) {
            source.submit(inspector -> inspector.delete(ids), deleted -> done("deleted " + count(deleted)), this::failed);
        }
    }

    private void flush() {
        List<String> skipped = new ArrayList<>();
        TransportRegistry registry = settings.transports().apply(skipped::add);
        FlushDialog dialog = new FlushDialog(stage, registry.ids(), lastSample == null ? 0 : lastSample.stats().queued());
        Optional<QueueFlusher.Request> answer = dialog.showAndWait();
        if (answer.isEmpty()) {
            return;
        }
        QueueFlusher.Request request = answer.get();
        String where = request.transport() + "://" + request.settings().host() + ":" + request.settings().port()
                + (request.settings().tls().enabled() ? " (TLS)" : "");
        String how = request.limit() == Long.MAX_VALUE ? "every queued event" : "at most " + count(request.limit());
        if (!confirm("Flush to " + where + "?", "Sends " + how + " and deletes each batch from the database once the"
                + " receiver has it. Events the receiver rejects for good become failed.", "Flush")) {
            return;
        }
        QueueFlusher flusher = new QueueFlusher(source.path(), registry, PipelineSettings.builder()
                .databaseTimeout(settings.busyTimeout()).build());
        flushing.set(true);
        info("flushing to " + where + (skipped.isEmpty() ? "" : " (skipped providers: " + String.join("; ", skipped) + ")"));
        flushThread = new Thread(() -> {
            try {
                QueueFlusher.Result result = flusher.flush(request,
                        settled -> Platform.runLater(() -> info("flushing to " + where + ": " + count(settled) + " so far")));
                String summary = "flushed to " + where + ": " + count(result.sent()) + " sent"
                        + (result.failed() > 0 ? ", " + count(result.failed()) + " failed for good" : "")
                        + (result.stoppedBy() == null ? "" : "; stopped: " + result.stoppedBy());
                Platform.runLater(() -> {
                    flushing.set(false);
                    if (result.stoppedBy() == null) {
                        done(summary);
                    } else if (QueueFlusher.CANCELLED.equals(result.stoppedBy())) {
                        info(summary + "; the rest stays queued");
                        events.reload();
                    } else {
                        error(summary);
                        events.reload();
                    }
                });
            } catch (Exception e) {
                Platform.runLater(() -> {
                    flushing.set(false);
                    failed(e);
                });
            }
        }, "logstash-async-monitor-flush");
        flushThread.setDaemon(true);
        flushThread.start();
    }

    /** Stops the running flush after the batch in hand; the rest stays queued. */
    private void cancelFlush() {
        Thread thread = flushThread;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void exportSelected() {
        List<InspectedEvent> selected = events.selectedEvents();
        if (selected.isEmpty()) {
            return;
        }
        export(selected.size(), (inspector, writer) -> {
            for (InspectedEvent event : selected) {
                EventLines.write(writer, event);
            }
            return selected.size();
        });
    }

    /**
     * Exports every event that matches the filter, not only the page shown: read from one snapshot of the
     * database on the monitor's database thread, one event at a time, so a queue of millions does not sit in
     * memory.
     */
    private void exportMatching() {
        long matching = events.matching();
        if (matching <= 0) {
            info("no event matches the filter: nothing to export");
            return;
        }
        EventFilter filter = events.filter();
        export(matching, (inspector, writer) -> inspector.forEach(filter, event -> EventLines.write(writer, event)));
    }

    /** Writes events as JSON lines. */
    @FunctionalInterface
    private interface Export {
        /** Writes the events with {@code writer}; returns how many. */
        long write(QueueInspector inspector, Writer writer) throws Exception;
    }

    /** Asks where to export about {@code events} events, then has {@code export} write them there. */
    private void export(long events, Export export) {
        Path target = settings.exportTarget().choose(stage, events);
        if (target == null) {
            return;
        }
        info("exporting " + count(events) + " to " + target + "…");
        source.submit(inspector -> {
            try (BufferedWriter writer = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                return export.write(inspector, writer);
            }
        }, written -> info("exported " + count(written) + " to " + target), this::failed);
    }

    /** Asks before a repair; returns whether the user agreed. */
    private boolean confirm(String header, String content, String proceed) {
        ButtonType go = new ButtonType(proceed, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, content, go, ButtonType.CANCEL);
        alert.initOwner(stage);
        alert.setTitle("Queue monitor");
        alert.setHeaderText(header);
        alert.getDialogPane().lookupButton(go).setId("confirmOk");
        alert.getDialogPane().lookupButton(ButtonType.CANCEL).setId("confirmCancel");
        return alert.showAndWait().filter(go::equals).isPresent();
    }

    private void done(String message) {
        info(message);
        events.reload();
    }

    private void failed(Throwable error) {
        error(message(error));
        events.reload();
    }

    private void info(String message) {
        status.setText(message);
        status.pseudoClassStateChanged(ERROR, false);
    }

    private void error(String message) {
        status.setText(message);
        status.pseudoClassStateChanged(ERROR, true);
    }

    /** The JavaFX stage. */
    Stage stage() {
        return stage;
    }

    /** The event table, for tests. */
    EventTable events() {
        return events;
    }

    /** The banner about events left in flight, for tests. */
    StaleBanner staleBanner() {
        return staleBanner;
    }

    /** The charts, for tests. */
    MonitorCharts charts() {
        return charts;
    }

    private static String count(long events) {
        return StatsBar.count(events) + (events == 1 ? " event" : " events");
    }

    private static String message(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        return error.getMessage() == null ? error.toString() : error.getMessage();
    }

    private static Button button(String id, String text, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.setOnAction(event -> action.run());
        return button;
    }
}
