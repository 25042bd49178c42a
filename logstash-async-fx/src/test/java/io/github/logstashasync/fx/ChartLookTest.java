package io.github.logstashasync.fx;

import static io.github.logstashasync.fx.MonitorFx.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.core.internal.queue.SqliteEventQueue;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.shape.Path;
import javafx.scene.shape.SVGPath;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The series of every chart, queue view and JVM view, as CSS computed them in a shown window: colours that stay
 * apart for people with any of the three dichromacies (simulated), a line style per series, and a legend that
 * draws each series' line style in its colour. Modena's default (#f3622d beside #fba71b, both solid, round
 * legend dots) fails all three checks.
 */
class ChartLookTest {

    /**
     * The smallest CIE76 colour difference between two series of one chart, under every simulation. Modena's
     * first two colours differ by 19.7 for a deuteranope; the palette's worst pair (blue and black, tritanopia)
     * by 57. A difference of about 2.3 is just noticeable; 40 is two colours no one calls alike.
     */
    private static final double MIN_DIFFERENCE = 40;

    /** Machado, Oliveira and Fernandes (2009), full severity, applied to linear sRGB. */
    private static final Map<String, double[][]> VISION = Map.of(
            "normal vision", new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
            "protanopia", new double[][] {
                {0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
            "deuteranopia", new double[][] {
                {0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
            "tritanopia", new double[][] {
                {1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}});

    @TempDir
    java.nio.file.Path dir;

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
    void theQueueViewsChartsAreColourBlindSafeWithALineStylePerSeries() throws Exception {
        java.nio.file.Path db = dir.resolve("queue.db");
        try (SqliteEventQueue queue = TestQueues.open(db)) {
            queue.append(TestQueues.events("charted", 5));
        }
        MonitorWindow window = fx.open(db, false, MonitorFx.settings(() -> dir.resolve("export.jsonl")));
        for (String id : List.of("#depthChart", "#rateChart")) {
            LineChart<?, ?> chart = onFx(() -> (LineChart<?, ?>) window.charts().lookup(id));
            assertNotNull(chart, id);
            checkLook(id, chart);
        }
    }

    @Test
    void theJvmViewsChartsLookTheSame() throws Exception {
        // the JVM window's pane as JvmWindow shows it (its stylesheet, its charts), without a JVM to connect to
        Stage stage = WaitForAsyncUtils.asyncFx(() -> {
            PipelinePane pane = new PipelinePane("orders", ZoneOffset.UTC, Duration.ofMinutes(5));
            Scene scene = new Scene(pane, 1200, 500);
            scene.getStylesheets().add(JvmWindow.class.getResource("monitor.css").toExternalForm());
            Stage shown = new Stage();
            shown.setScene(scene);
            shown.show();
            return shown;
        }).get(MonitorFx.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        for (String id : List.of("#jvmRateChart", "#jvmDepthChart")) {
            LineChart<?, ?> chart = onFx(() -> (LineChart<?, ?>) stage.getScene().lookup(id));
            assertNotNull(chart, id);
            checkLook(id, chart);
        }
    }

    /** What the CSS made of the series of {@code chart}: colours, dashes and legend symbols, pairwise distinct. */
    private static void checkLook(String chartId, LineChart<?, ?> chart) {
        List<Color> strokes = new ArrayList<>();
        List<List<Double>> dashes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        onFx(() -> {
            chart.applyCss();
            for (XYChart.Series<?, ?> series : chart.getData()) {
                Path line = (Path) series.getNode();
                Paint stroke = line.getStroke();
                assertTrue(stroke instanceof Color, chartId + " " + series.getName() + " is drawn in a colour: " + stroke);
                strokes.add((Color) stroke);
                dashes.add(List.copyOf(line.getStrokeDashArray()));
                names.add(series.getName());
            }
            return null;
        });
        assertTrue(strokes.size() >= 2, chartId + " has several series: " + names);
        for (int i = 0; i < strokes.size(); i++) {
            for (int j = i + 1; j < strokes.size(); j++) {
                String pair = chartId + ": '" + names.get(i) + "' (" + strokes.get(i) + ") and '" + names.get(j)
                        + "' (" + strokes.get(j) + ")";
                for (Map.Entry<String, double[][]> vision : VISION.entrySet()) {
                    double difference = difference(strokes.get(i), strokes.get(j), vision.getValue());
                    assertTrue(difference >= MIN_DIFFERENCE, pair + " differ by only " + Math.round(difference)
                            + " (CIE76) with " + vision.getKey() + "; at least " + MIN_DIFFERENCE + " expected");
                }
                assertNotEquals(dashes.get(i), dashes.get(j), pair + " have the same line style " + dashes.get(i));
            }
        }
        List<String> legendShapes = new ArrayList<>();
        List<Paint> legendFills = new ArrayList<>();
        onFx(() -> {
            for (Node symbol : chart.lookupAll(".chart-legend-item-symbol")) {
                Region region = (Region) symbol;
                legendShapes.add(region.getShape() instanceof SVGPath svg ? svg.getContent() : null);
                legendFills.add(region.getBackground() == null ? null : region.getBackground().getFills().get(0).getFill());
            }
            return null;
        });
        assertEquals(strokes.size(), legendShapes.size(), chartId + ": one legend symbol per series");
        assertEquals(strokes.size(), legendShapes.stream().distinct().filter(shape -> shape != null).count(),
                chartId + ": each legend symbol draws its series' line style, not a dot: " + legendShapes);
        assertEquals(strokes, legendFills, chartId + ": each legend symbol has its series' colour");
    }

    /** The CIE76 difference of two colours as someone with {@code vision} sees them (sRGB, D65). */
    static double difference(Color a, Color b, double[][] vision) {
        double[] labA = lab(simulate(a, vision));
        double[] labB = lab(simulate(b, vision));
        return Math.sqrt(Math.pow(labA[0] - labB[0], 2) + Math.pow(labA[1] - labB[1], 2)
                + Math.pow(labA[2] - labB[2], 2));
    }

    private static double[] simulate(Color color, double[][] vision) {
        double[] linear = {linear(color.getRed()), linear(color.getGreen()), linear(color.getBlue())};
        double[] seen = new double[3];
        for (int i = 0; i < 3; i++) {
            double sum = 0;
            for (int j = 0; j < 3; j++) {
                sum += vision[i][j] * linear[j];
            }
            seen[i] = Math.max(0, Math.min(1, sum));
        }
        return seen;
    }

    private static double linear(double channel) {
        return channel <= 0.04045 ? channel / 12.92 : Math.pow((channel + 0.055) / 1.055, 2.4);
    }

    private static double[] lab(double[] rgb) {
        double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
        double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
        double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double f(double t) {
        return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116;
    }
}
