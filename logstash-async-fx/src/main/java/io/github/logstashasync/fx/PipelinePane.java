package io.github.logstashasync.fx;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * One pipeline of a running JVM: its figures in large type, its last error with the time, a line per destination
 * when there are several, and charts of the last minutes (events sent and failed per second, failed sends retried
 * per second; queue depth and in flight).
 */
final class PipelinePane extends VBox {

    private static final PseudoClass NONZERO = PseudoClass.getPseudoClass("nonzero");
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass CLOSED = PseudoClass.getPseudoClass("closed");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final String key;
    private final ZoneId zone;
    private final FigureHistory history;
    private final Label name = new Label();
    private final Label where = new Label();
    private final Label state = new Label();
    private final Label accepted = StatsBar.value("accepted");
    private final Label persisted = StatsBar.value("persisted");
    private final Label sent = StatsBar.value("sent");
    private final Label failed = StatsBar.value("failed");
    private final Label dropped = StatsBar.value("dropped");
    private final Label expired = StatsBar.value("expired");
    private final Label retries = StatsBar.value("retries");
    private final Label sentTwice = StatsBar.value("sentTwice");
    private final Label queueDepth = StatsBar.value("queueDepth");
    private final Label inFlight = StatsBar.value("inFlight");
    private final Label oldest = StatsBar.value("oldestQueued");
    private final Label p50 = StatsBar.value("latencyP50");
    private final Label p99 = StatsBar.value("latencyP99");
    private final Label batches = StatsBar.value("batchesSent");
    private final Label lastError = new Label("no error reported");
    private final Label destinations = new Label();
    private final XYChart.Series<Number, Number> sentRate = MonitorCharts.series("sent");
    private final XYChart.Series<Number, Number> failedRate = MonitorCharts.series("failed");
    private final XYChart.Series<Number, Number> retryRate = MonitorCharts.series("sends retried");
    private final XYChart.Series<Number, Number> depth = MonitorCharts.series("queued");
    private final XYChart.Series<Number, Number> inFlightDepth = MonitorCharts.series("in flight");
    private PipelineFigures current;

    PipelinePane(String key, ZoneId zone, Duration chartWindow) {
        this.key = key;
        this.zone = zone;
        this.history = new FigureHistory(chartWindow);
        setId("pipeline-" + key);
        getStyleClass().add("pipeline-pane");
        setSpacing(6);
        setPadding(new Insets(8, 12, 8, 12));

        name.setId("pipelineName");
        name.getStyleClass().add("pipeline-name");
        name.setText(key);
        where.setId("pipelineWhere");
        where.getStyleClass().add("stat-caption");
        state.setId("pipelineState");
        state.getStyleClass().add("error-text");
        HBox header = new HBox(12, name, where, state);
        header.setAlignment(Pos.BASELINE_LEFT);

        for (Label problem : List.of(failed, dropped, expired, retries)) {
            problem.getStyleClass().add("stat-failed");
        }
        HBox outcomes = row(StatsBar.stat("Accepted", accepted), StatsBar.stat("Persisted", persisted),
                StatsBar.stat("Sent", sent), StatsBar.stat("Failed", failed), StatsBar.stat("Dropped", dropped),
                StatsBar.stat("Expired", expired), StatsBar.stat("Retries", retries),
                StatsBar.stat("Sent twice", sentTwice));
        HBox now = row(StatsBar.stat("Queue depth", queueDepth), StatsBar.stat("In flight", inFlight),
                StatsBar.stat("Oldest queued", oldest), StatsBar.stat("Send p50", p50), StatsBar.stat("Send p99", p99),
                StatsBar.stat("Batches sent", batches));

        lastError.setId("lastError");
        lastError.setWrapText(true);
        lastError.setMaxWidth(Double.MAX_VALUE);
        destinations.setId("destinations");
        destinations.getStyleClass().add("destinations");
        destinations.setWrapText(true);
        destinations.setMaxWidth(Double.MAX_VALUE);
        destinations.managedProperty().bind(destinations.visibleProperty());
        destinations.setVisible(false);

        double seconds = chartWindow.toSeconds();
        LineChart<Number, Number> rates = MonitorCharts.chart("Sent and failed", "events / s", seconds);
        rates.setId("jvmRateChart");
        rates.getData().add(sentRate);
        rates.getData().add(failedRate);
        rates.getData().add(retryRate);
        LineChart<Number, Number> depths = MonitorCharts.chart("Queue depth", "events", seconds);
        depths.setId("jvmDepthChart");
        depths.getData().add(depth);
        depths.getData().add(inFlightDepth);
        HBox.setHgrow(rates, Priority.ALWAYS);
        HBox.setHgrow(depths, Priority.ALWAYS);
        HBox charts = new HBox(8, rates, depths);
        VBox.setVgrow(charts, Priority.ALWAYS);
        getChildren().addAll(header, outcomes, now, lastError, destinations, charts);
    }

    /** The {@code name} key of the pipeline's MXBean. */
    String key() {
        return key;
    }

    /** The figures shown now, or null before the first reading. */
    PipelineFigures current() {
        return current;
    }

    /** Shows a reading taken at {@code at}. */
    void show(Instant at, PipelineFigures figures) {
        current = figures;
        pseudoClassStateChanged(CLOSED, false);
        state.setText("");
        name.setText(figures.name().equals(figures.key()) ? figures.key() : figures.name() + " (" + figures.key() + ")");
        where.setText(figures.transport() + " · " + (figures.databasePath().isEmpty() ? "memory queue"
                : "queue " + figures.databasePath()));
        accepted.setText(StatsBar.count(figures.accepted()));
        persisted.setText(StatsBar.count(figures.persisted()));
        sent.setText(StatsBar.count(figures.sent()));
        problem(failed, figures.failed());
        problem(dropped, figures.dropped());
        problem(expired, figures.expired());
        problem(retries, figures.retries());
        sentTwice.setText(StatsBar.count(figures.sentTwice()));
        queueDepth.setText(StatsBar.count(figures.queueDepth()));
        inFlight.setText(StatsBar.count(figures.inFlight()));
        oldest.setText(figures.queueDepth() == 0 && figures.oldestQueuedAgeMillis() == 0 ? "—"
                : StatsBar.age(Duration.ofMillis(figures.oldestQueuedAgeMillis())));
        p50.setText(millis(figures.latencyP50Millis()));
        p99.setText(millis(figures.latencyP99Millis()));
        batches.setText(StatsBar.count(figures.batchesSent()));
        if (figures.lastError().isEmpty()) {
            lastError.setText("No error reported.");
            lastError.pseudoClassStateChanged(ERROR, false);
        } else {
            Instant when = Instant.ofEpochMilli(figures.lastErrorTimeMillis());
            lastError.setText("Last error at " + CLOCK.format(when.atZone(zone)) + " ("
                    + StatsBar.age(Duration.between(when, at)) + " ago): " + figures.lastError());
            lastError.pseudoClassStateChanged(ERROR, true);
        }
        destinations.setText(String.join("\n", figures.destinations()));
        destinations.setVisible(!figures.destinations().isEmpty());
        history.add(at, figures);
        drawCharts();
    }

    /** Says that the pipeline is no longer registered (it was closed), keeping its last figures. */
    void showClosed(Instant at) {
        if (!getPseudoClassStates().contains(CLOSED)) {
            state.setText("closed (no longer registered) at " + CLOCK.format(at.atZone(zone)));
            pseudoClassStateChanged(CLOSED, true);
        }
    }

    /** The text of the figure whose label has {@code id} (for example {@code sent}), for tests. */
    String figure(String id) {
        return ((Label) lookup("#" + id)).getText();
    }

    /** The points drawn for the sent rate, for tests. */
    List<XYChart.Data<Number, Number>> sentData() {
        return sentRate.getData();
    }

    private void drawCharts() {
        List<FigureHistory.Point> points = history.points();
        List<XYChart.Data<Number, Number>> sentData = new ArrayList<>(points.size());
        List<XYChart.Data<Number, Number>> failedData = new ArrayList<>(points.size());
        List<XYChart.Data<Number, Number>> retryData = new ArrayList<>(points.size());
        List<XYChart.Data<Number, Number>> depthData = new ArrayList<>(points.size());
        List<XYChart.Data<Number, Number>> inFlightData = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            FigureHistory.Point point = points.get(i);
            double x = -point.secondsAgo();
            depthData.add(new XYChart.Data<>(x, point.queueDepth()));
            inFlightData.add(new XYChart.Data<>(x, point.inFlight()));
            if (i > 0) {
                // the first reading has no reading before it to make a rate from
                sentData.add(new XYChart.Data<>(x, point.sentPerSec()));
                failedData.add(new XYChart.Data<>(x, point.failedPerSec()));
                retryData.add(new XYChart.Data<>(x, point.retriesPerSec()));
            }
        }
        sentRate.getData().setAll(sentData);
        failedRate.getData().setAll(failedData);
        retryRate.getData().setAll(retryData);
        depth.getData().setAll(depthData);
        inFlightDepth.getData().setAll(inFlightData);
    }

    private static void problem(Label label, long value) {
        label.setText(StatsBar.count(value));
        label.pseudoClassStateChanged(NONZERO, value > 0);
    }

    /** A latency for people: {@code 0.42 ms}, {@code 12.3 ms}, {@code 1,204 ms}. */
    static String millis(double value) {
        if (value < 10) {
            return String.format(Locale.ROOT, "%.2f ms", value);
        }
        if (value < 100) {
            return String.format(Locale.ROOT, "%.1f ms", value);
        }
        return String.format(Locale.ROOT, "%,.0f ms", value);
    }

    private static HBox row(VBox... stats) {
        HBox row = new HBox(28, stats);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }
}
