package io.github.logstashasync.fx;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * The monitor's window on a running JVM: one pane per pipeline with its live figures and charts, read every
 * period through JMX on a thread of its own. When the JVM ends or the connection breaks, the window says so and
 * keeps the last figures; a pipeline that closes stays, marked closed; one that starts gets a pane.
 */
final class JvmWindow {

    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass GONE = PseudoClass.getPseudoClass("gone");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    /** How many periods without an answer before the header says that the JVM does not answer. */
    private static final int SILENT_PERIODS = 5;

    private final Stage stage;
    private final JvmConnection connection;
    private final MonitorSettings settings;
    private final JvmPoller poller;
    private final Map<String, PipelinePane> panes = new LinkedHashMap<>();
    private final VBox pipelines = new VBox();
    private final Label title = new Label();
    private final Label reading = new Label("reading…");
    private final Label none = new Label("No logstash-async pipeline is registered in this JVM now; a pipeline that"
            + " starts appears here.");
    private final Label status = new Label();
    private final Timeline silence;
    private Instant lastReadingAt;
    private boolean gone;

    private JvmWindow(Stage stage, JvmConnection connection, MonitorSettings settings) {
        this.stage = stage;
        this.connection = connection;
        this.settings = settings;
        this.poller = new JvmPoller(connection, settings.refreshPeriod(), settings.clock());
        this.silence = new Timeline(new KeyFrame(javafx.util.Duration.seconds(1), event -> checkSilence()));
        silence.setCycleCount(Animation.INDEFINITE);
    }

    /**
     * Fills {@code stage} with a monitor of the JVM {@code connection} reads, shows it, and starts reading;
     * closing the stage stops the reading and closes the connection.
     */
    static JvmWindow show(Stage stage, JvmConnection connection, MonitorSettings settings) {
        JvmWindow window = new JvmWindow(stage, connection, settings);
        window.build();
        stage.show();
        OpenWindows.track(stage);
        window.start();
        return window;
    }

    private void build() {
        title.setId("jvmTitle");
        title.getStyleClass().add("pipeline-name");
        title.setText(connection.describe());
        reading.setId("jvmReading");
        reading.getStyleClass().add("stat-caption");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox header = new HBox(12, title, grow, reading);
        header.getStyleClass().add("stats-bar");
        header.setPadding(new Insets(8, 12, 8, 12));
        header.setAlignment(Pos.CENTER_LEFT);

        Button openJvm = new Button("Open JVM…");
        openJvm.setId("openJvm");
        openJvm.setTooltip(new Tooltip("Open another running JVM: a local one, or a JMX port"));
        openJvm.setOnAction(event -> JvmOpener.pickAndOpen(stage, settings, this::info, this::error));
        ToolBar toolbar = new ToolBar(openJvm);

        none.setId("noPipelines");
        none.setWrapText(true);
        none.setPadding(new Insets(24));
        none.setVisible(false);
        pipelines.setFillWidth(true);
        ScrollPane scroll = new ScrollPane(pipelines);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        StackPane center = new StackPane(scroll, none);
        StackPane.setAlignment(none, Pos.TOP_LEFT);

        status.setId("status");
        status.getStyleClass().add("status-line");
        status.setMaxWidth(Double.MAX_VALUE);
        BorderPane root = new BorderPane(center, new VBox(toolbar, header), null, status, null);
        root.getStyleClass().add("monitor");
        Scene scene = new Scene(root, 1280, 800);
        scene.getStylesheets().add(JvmWindow.class.getResource("monitor.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("JVM monitor — " + connection.describe());
        // a handler added, not set: whoever opened the stage may wait for it to close
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, event -> stop());
        long millis = settings.refreshPeriod().toMillis();
        info("Reading the pipelines' MXBeans of " + connection.target() + " every "
                + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms") + ". Times are in "
                + settings.zone().getId() + ".");
    }

    private void start() {
        poller.setOnSucceeded(event -> onReading(poller.getValue()));
        poller.setOnFailed(event -> onFailure(poller.getException()));
        poller.start();
        silence.play();
    }

    private void stop() {
        silence.stop();
        poller.close();
    }

    private void onReading(JvmReading next) {
        if (next == null || gone) {
            return;
        }
        lastReadingAt = next.at();
        Set<String> present = new HashSet<>();
        for (PipelineFigures figures : next.pipelines()) {
            present.add(figures.key());
            PipelinePane pane = panes.get(figures.key());
            if (pane == null) {
                pane = new PipelinePane(figures.key(), settings.zone(), settings.chartWindow());
                panes.put(figures.key(), pane);
                VBox.setVgrow(pane, Priority.ALWAYS);
                pipelines.getChildren().add(pane);
            }
            pane.show(next.at(), figures);
        }
        for (PipelinePane pane : panes.values()) {
            if (!present.contains(pane.key())) {
                pane.showClosed(next.at());
            }
        }
        none.setVisible(present.isEmpty());
        int count = next.pipelines().size();
        reading.setText("updated " + CLOCK.format(next.at().atZone(settings.zone())) + " · " + count
                + (count == 1 ? " pipeline" : " pipelines"));
        reading.pseudoClassStateChanged(ERROR, false);
    }

    private void onFailure(Throwable error) {
        if (error instanceof JvmPoller.Gone lost) {
            gone = true;
            silence.stop();
            String last = lastReadingAt == null ? "" : "; the figures are those read at "
                    + CLOCK.format(lastReadingAt.atZone(settings.zone()));
            String now = CLOCK.format(settings.clock().instant().atZone(settings.zone()));
            String what = lost.ended()
                    ? "The JVM has ended (" + connection.target() + " is gone since " + now + ")"
                    : "The connection to " + connection.target() + " is lost since " + now + ": " + lost.getMessage();
            reading.setText(lost.ended() ? "JVM ended" : "connection lost");
            reading.pseudoClassStateChanged(ERROR, true);
            for (PipelinePane pane : panes.values()) {
                pane.pseudoClassStateChanged(GONE, true);
            }
            error(what + last + ".");
            return;
        }
        // the JVM answered, but not as expected (an MBean of an unexpected kind): try again at the next period
        reading.setText("cannot read: " + JvmConnection.message(error));
        reading.pseudoClassStateChanged(ERROR, true);
        PauseTransition pause = new PauseTransition(javafx.util.Duration.millis(settings.refreshPeriod().toMillis()));
        pause.setOnFinished(event -> {
            if (!gone && stage.isShowing()) {
                poller.restart();
            }
        });
        pause.play();
    }

    /** Says in the header when the JVM has not answered for several periods (a JVM stopped in a debugger). */
    private void checkSilence() {
        if (gone || lastReadingAt == null) {
            return;
        }
        Duration quiet = Duration.between(lastReadingAt, settings.clock().instant());
        if (quiet.compareTo(settings.refreshPeriod().multipliedBy(SILENT_PERIODS)) > 0) {
            reading.setText("no answer for " + StatsBar.age(quiet) + " (last reading "
                    + CLOCK.format(lastReadingAt.atZone(settings.zone())) + ")");
            reading.pseudoClassStateChanged(ERROR, true);
        }
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

    /** The pane of the pipeline whose MXBean's name key is {@code key}, or null; for tests. */
    PipelinePane pipeline(String key) {
        return panes.get(key);
    }

    /** The panes shown, in order; for tests. */
    List<PipelinePane> pipelines() {
        return List.copyOf(panes.values());
    }

    /** Whether the window found the JVM gone. */
    boolean gone() {
        return gone;
    }

    /** The reading thread, for tests that check it ends with the window. */
    JvmPoller poller() {
        return poller;
    }
}
