package io.github.logstashasync.fx;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Side;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * Two charts of the last minutes, side by side: the queue's depth (waiting and failed events) and the rates at
 * which events arrive and leave. The x axis is seconds before the newest reading.
 */
final class MonitorCharts extends HBox {

    private final XYChart.Series<Number, Number> depth = series("waiting");
    private final XYChart.Series<Number, Number> failed = series("failed");
    private final XYChart.Series<Number, Number> arrivals = series("arrived");
    private final XYChart.Series<Number, Number> sent = series("sent or removed");

    MonitorCharts(double windowSeconds) {
        setSpacing(8);
        LineChart<Number, Number> depthChart = chart("Queue depth", "events", windowSeconds);
        depthChart.setId("depthChart");
        depthChart.getData().add(depth);
        depthChart.getData().add(failed);
        LineChart<Number, Number> rateChart = chart("Rates", "events / s", windowSeconds);
        rateChart.setId("rateChart");
        rateChart.getData().add(arrivals);
        rateChart.getData().add(sent);
        HBox.setHgrow(depthChart, Priority.ALWAYS);
        HBox.setHgrow(rateChart, Priority.ALWAYS);
        getChildren().addAll(depthChart, rateChart);
    }

    /** Redraws from the history's points. */
    void show(List<RateHistory.Point> points) {
        List<XYChart.Data<Number, Number>> depthData = new ArrayList<>(points.size());
        List<XYChart.Data<Number, Number>> failedData = new ArrayList<>(points.size());
        List<XYChart.Data<Number, Number>> arrivalData = new ArrayList<>(points.size());
        List<XYChart.Data<Number, Number>> sentData = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            RateHistory.Point point = points.get(i);
            double x = -point.secondsAgo();
            depthData.add(new XYChart.Data<>(x, point.depth()));
            failedData.add(new XYChart.Data<>(x, point.failed()));
            if (i > 0) {
                // the first reading has no reading before it to make a rate from
                arrivalData.add(new XYChart.Data<>(x, point.arrivalsPerSec()));
                sentData.add(new XYChart.Data<>(x, point.sentPerSec()));
            }
        }
        depth.getData().setAll(depthData);
        failed.getData().setAll(failedData);
        arrivals.getData().setAll(arrivalData);
        sent.getData().setAll(sentData);
    }

    /** The points drawn for the waiting events, for tests. */
    List<XYChart.Data<Number, Number>> depthData() {
        return depth.getData();
    }

    /** The points drawn for the arrival rate, for tests. */
    List<XYChart.Data<Number, Number>> arrivalData() {
        return arrivals.getData();
    }

    /** A named series, for charts drawn as these are. */
    static XYChart.Series<Number, Number> series(String name) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(name);
        return series;
    }

    /** A line chart of the last {@code windowSeconds}, in the monitor's style: no animation, legend on the right. */
    static LineChart<Number, Number> chart(String title, String unit, double windowSeconds) {
        NumberAxis x = new NumberAxis(-windowSeconds, 0, windowSeconds <= 120 ? 10 : 60);
        x.setLabel("seconds ago");
        x.setAutoRanging(false);
        NumberAxis y = new NumberAxis();
        y.setLabel(unit);
        y.setForceZeroInRange(true);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        // on the right the legend does not take height from the plot, which is short in a window of 800 pixels
        chart.setLegendSide(Side.RIGHT);
        chart.setMinHeight(150);
        chart.setPrefHeight(210);
        chart.setMinWidth(200);
        return chart;
    }
}
