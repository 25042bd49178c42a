package io.github.logstashasync.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a JMH JSON result file ({@code -rf json}) into the README's Markdown table: the median of the measured
 * iterations of each benchmark, the reference beside ours, the ratio, the target and whether it is met.
 * Run: {@code java -cp benchmarks.jar io.github.logstashasync.bench.Summary results.json}.
 */
public final class Summary {

    private static final String PACKAGE = "io.github.logstashasync.bench.";

    private final JsonNode results;
    private final List<String> rows = new ArrayList<>();

    private Summary(JsonNode results) {
        this.results = results;
    }

    /** Prints the table for the result file given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Summary <jmh-result.json>");
            System.exit(2);
        }
        Summary summary = new Summary(new ObjectMapper().readTree(Path.of(args[0]).toFile()));
        summary.build();
        summary.rows.forEach(System.out::println);
    }

    private void build() {
        rows.add("| benchmark | ours (median) | reference (median) | ratio | target | met? |");
        rows.add("|---|---|---|---|---|---|");
        Double reference = median("EndToEndBenchmark.reference", null);
        Double memory = median("EndToEndBenchmark.ours", "tcp");
        row("end-to-end TCP, memory queue", withCpu(memory, "EndToEndBenchmark.ours", "tcp"),
                withCpu(reference, "EndToEndBenchmark.reference", null), memory, reference, "≥ 1.5 × reference, zero loss",
                memory == null || reference == null ? null : memory >= 1.5 * reference);
        Double sqlite = median("EndToEndBenchmark.ours", "tcp-sqlite");
        row("end-to-end TCP, SQLite queue", withCpu(sqlite, "EndToEndBenchmark.ours", "tcp-sqlite"), "—", sqlite, null,
                "≥ 200,000 events/s, zero loss", sqlite == null ? null : sqlite >= 200_000);
        for (String[] scenario : new String[][] {
            {"tcp-tls", "end-to-end TCP + TLS, memory queue"},
            {"http", "end-to-end HTTP, memory queue"},
            {"http-jdk", "end-to-end HTTP, memory queue, JDK HttpServer as receiver"},
            {"https", "end-to-end HTTPS, memory queue"},
            {"beats", "end-to-end Beats, memory queue"},
            {"beats-tls", "end-to-end Beats + TLS, memory queue"},
        }) {
            Double value = median("EndToEndBenchmark.ours", scenario[0]);
            row(scenario[1], withCpu(value, "EndToEndBenchmark.ours", scenario[0]), "—", value, null,
                    "zero loss (no rate target)", null);
        }
        Double roundRobin = median("EndToEndBenchmark.ours", "tcp-rr2");
        row("end-to-end TCP, round-robin over two sinks (destinations), memory queue", withCpu(roundRobin,
                "EndToEndBenchmark.ours", "tcp-rr2"), withCpu(memory, "EndToEndBenchmark.ours", "tcp") + " (one sink)",
                roundRobin, memory, "≥ one sink's, zero loss", roundRobin == null || memory == null ? null
                        : roundRobin >= memory);
        Double logbackReference = median("LogbackBenchmark.reference", null);
        Double logback = median("LogbackBenchmark.ours", "memory");
        row("Logback appender, end-to-end TCP, memory queue", withCpu(logback, "LogbackBenchmark.ours", "memory"),
                withCpu(logbackReference, "LogbackBenchmark.reference", null), logback, logbackReference,
                "≥ 1.5 × reference, zero loss", logback == null || logbackReference == null ? null
                        : logback >= 1.5 * logbackReference);
        Double logbackSqlite = median("LogbackBenchmark.ours", "sqlite");
        row("Logback appender, end-to-end TCP, SQLite queue", withCpu(logbackSqlite, "LogbackBenchmark.ours", "sqlite"),
                "—", logbackSqlite, null, "≥ 200,000 events/s, zero loss",
                logbackSqlite == null ? null : logbackSqlite >= 200_000);
        Double log4jReference = median("Log4jBenchmark.reference", "defaults");
        Double log4jTuned = median("Log4jBenchmark.reference", "tuned");
        Double log4j = median("Log4jBenchmark.ours", "memory");
        row("Log4j 2 appender, end-to-end TCP, memory queue (reference: Async + Socket + JsonTemplateLayout)",
                withCpu(log4j, "Log4jBenchmark.ours", "memory"), withCpu(log4jReference, "Log4jBenchmark.reference",
                "defaults"), log4j, log4jReference, "≥ 2 × reference, zero loss",
                log4j == null || log4jReference == null ? null : log4j >= 2 * log4jReference);
        row("Log4j 2 appender, the same against the reference tuned (flushed per batch, larger buffers)",
                withCpu(log4j, "Log4jBenchmark.ours", "memory"), withCpu(log4jTuned, "Log4jBenchmark.reference",
                "tuned"), log4j, log4jTuned, "(second row: tuned reference)", null);
        Double log4jSqlite = median("Log4jBenchmark.ours", "sqlite");
        row("Log4j 2 appender, end-to-end TCP, SQLite queue", withCpu(log4jSqlite, "Log4jBenchmark.ours", "sqlite"),
                "—", log4jSqlite, null, "zero loss (no rate target)", null);
        Double drain = median("DrainBenchmark.drain", null);
        row("drain of a 1,000,000-event SQLite backlog", withCpu(drain, "DrainBenchmark.drain", null), "—", drain, null,
                "≥ 300,000 events/s", drain == null ? null : drain >= 300_000);
        for (String threads : new String[] {"1Thread", "4Threads"}) {
            String label = threads.replace("1Thread", "1 thread").replace("4Threads", "4 threads");
            Double baseline = percentile("CallerBenchmark.baseline" + threads, "50.0");
            Double ours = minus(percentile("CallerBenchmark.ours" + threads, "50.0"), baseline);
            Double theirs = minus(percentile("CallerBenchmark.reference" + threads, "50.0"), baseline);
            row("caller cost per log call, " + label + ", median (p50 minus the timer's p50)", ours, theirs, "ns",
                    "≤ 250 ns", ours == null ? null : ours <= 250);
            Double floor = minus(percentile("CallerBenchmark.julOnly" + threads, "50.0"), baseline);
            row("caller, " + label + ", median: JUL alone with a handler that does nothing (the floor)", floor, null, "ns",
                    "—", null);
            Double ours90 = minus(percentile("CallerBenchmark.ours" + threads, "90.0"), baseline);
            Double theirs90 = minus(percentile("CallerBenchmark.reference" + threads, "90.0"), baseline);
            row("caller cost per log call, " + label + ", p90", ours90, theirs90, "ns", "—", null);
        }
        stages();
    }

    /** The second table: one event's cost in each stage, measured alone on one thread. */
    private void stages() {
        String[][] stages = {
            {"ourCapture", "caller: new LogRecord with new Extras, and its snapshot"},
            {"ourFormat", "persister: format the JSON document"},
            {"ourMemoryQueue", "persister + sender: memory queue append, claim, delete (per event, batches of 1000)"},
            {"ourEncode", "sender: the document's bytes for the socket"},
            {"referenceEncode", "reference: LogstashEncoder's JSON bytes"},
        };
        List<String> lines = new ArrayList<>();
        for (String[] stage : stages) {
            Double value = median("StageBenchmark." + stage[0], null);
            if (value != null) {
                lines.add("| " + stage[1] + " | " + format(value, "ns") + " |");
            }
        }
        if (!lines.isEmpty()) {
            rows.add("");
            rows.add("| stage (one thread, alone) | ns per event (median) |");
            rows.add("|---|---|");
            rows.addAll(lines);
        }
    }

    private static Double minus(Double value, Double baseline) {
        return value == null || baseline == null ? null : value - baseline;
    }

    private void row(String label, Double ours, Double reference, String unit, String target, Boolean met) {
        row(label, format(ours, unit), format(reference, unit), ours, reference, target, met);
    }

    private void row(String label, String oursText, String referenceText, Double ours, Double reference, String target,
            Boolean met) {
        String ratio = ours == null || reference == null || reference == 0 ? "—"
                : String.format(Locale.ROOT, "%.2f", ours / reference);
        rows.add("| " + label + " | " + oursText + " | " + referenceText + " | " + ratio + " | "
                + target + " | " + (met == null ? "—" : met ? "yes" : "**no**") + " |");
    }

    private static String format(Double value, String unit) {
        if (value == null) {
            return "—";
        }
        return unit.equals("ns") ? String.format(Locale.ROOT, "%.0f ns", value)
                : String.format(Locale.ROOT, "%,.0f %s", value, unit);
    }

    /** The rate with the process's CPU time per event in parentheses, when the benchmark recorded it. */
    private String withCpu(Double rate, String benchmark, String scenario) {
        String text = format(rate, "events/s");
        JsonNode result = result(benchmark, scenario);
        if (rate == null || result == null) {
            return text;
        }
        double cpu = sum(result.path("secondaryMetrics").path("cpuMicros"));
        double events = sum(result.path("secondaryMetrics").path("events"));
        return events > 0 ? text + String.format(Locale.ROOT, " (%.2f µs CPU/event)", cpu / events) : text;
    }

    private static double sum(JsonNode metric) {
        double total = 0;
        for (JsonNode fork : metric.path("rawData")) {
            for (JsonNode value : fork) {
                total += value.asDouble();
            }
        }
        return total;
    }

    /** A percentile over all samples of a sample-time benchmark, for example {@code "50.0"}. */
    private Double percentile(String benchmark, String which) {
        JsonNode result = result(benchmark, null);
        if (result == null) {
            return null;
        }
        JsonNode value = result.path("primaryMetric").path("scorePercentiles").path(which);
        return value.isMissingNode() ? null : value.asDouble();
    }

    private JsonNode result(String benchmark, String scenario) {
        for (JsonNode result : results) {
            if (result.path("benchmark").asString().equals(PACKAGE + benchmark) && (scenario == null
                    || hasParameter(result, scenario))) {
                return result;
            }
        }
        return null;
    }

    /** Whether one of the result's JMH parameters ({@code scenario}, {@code setting}, ...) has {@code value}. */
    private static boolean hasParameter(JsonNode result, String value) {
        for (JsonNode parameter : result.path("params")) {
            if (value.equals(parameter.asString())) {
                return true;
            }
        }
        return false;
    }

    /** The median of the measured iterations of {@code benchmark} (with {@code scenario}, when given). */
    private Double median(String benchmark, String scenario) {
        JsonNode result = result(benchmark, scenario);
        if (result == null) {
            return null;
        }
        List<Double> values = new ArrayList<>();
        for (JsonNode fork : result.path("primaryMetric").path("rawData")) {
            for (JsonNode value : fork) {
                values.add(value.asDouble());
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
