package io.github.logstashasync.bench;

import io.github.logstashasync.core.AsynchronousLogstashHandler;
import io.github.logstashasync.core.PipelineListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How long an event takes from the log call to the queue database (issue 18: the crash guarantee holds from
 * there): one thread logs at a steady rate through our handler at the library's defaults with a SQLite queue,
 * and the pipeline's {@link PipelineListener#persisted} hook, called after each commit in the order of the calls,
 * takes the time of every event committed. Prints p50, p99, p99.9 and the maximum:
 * {@code java -cp logstash-async-bench/target/benchmarks.jar io.github.logstashasync.bench.PersistLatency
 * [events per second, default 100000] [seconds, default 10] [seconds of warm-up, default 3]}: the warm-up is not
 * counted (with 1 s, the JIT's first seconds and the backlog they left were the p99). With
 * {@code -Dbench.latency.timeline=true} it also prints the slowest event of every tenth of a second.
 */
public final class PersistLatency {

    private PersistLatency() {
    }

    /** Runs the measurement; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmUpSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        if (warmUpSeconds >= seconds) {
            throw new IllegalArgumentException("the warm-up (" + warmUpSeconds + " s) must be shorter than the run ("
                    + seconds + " s)");
        }
        int events = rate * seconds;
        int warmUp = rate * warmUpSeconds;
        long[] called = new long[events];
        long[] persisted = new long[events];
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        PipelineListener listener = new PipelineListener() {
            @Override
            public void persisted(int count) {
                long now = System.nanoTime();
                int from = done.get();
                int to = Math.min(events, from + count);
                for (int i = from; i < to; i++) {
                    persisted[i] = now;
                }
                done.set(to);
            }
        };
        Path directory = Files.createTempDirectory("logstash-async-latency-");
        try (LineSink sink = new LineSink(null)) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(sink.port()).transport("tcp")
                    .databasePath(directory.resolve("queue.db")).listener(listener).build();
            Logger logger = OurSide.logger("bench.persist-latency", handler);
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                long due = start + i * interval;
                long now;
                while ((now = System.nanoTime()) < due) {
                    if (due - now > 20_000) {
                        LockSupport.parkNanos(due - now - 10_000);
                    } else {
                        Thread.onSpinWait();
                    }
                }
                called[i] = now;
                logger.log(Level.INFO, BenchEvent.MESSAGE, BenchEvent.extras());
            }
            long elapsed = System.nanoTime() - start;
            if (!handler.flush(Duration.ofMinutes(1))) {
                throw new IllegalStateException("not everything was sent: " + handler.statistics());
            }
            handler.close();
            OurSide.checkNoLoss(handler, "persist-latency");
            if (done.get() != events) {
                throw new IllegalStateException("persisted " + done.get() + " of " + events + " events");
            }
            long[] latency = new long[events - warmUp];
            for (int i = warmUp; i < events; i++) {
                latency[i - warmUp] = persisted[i] - called[i];
            }
            if (Boolean.getBoolean("bench.latency.timeline")) {
                int bucket = rate / 10;
                for (int b = warmUp; b + bucket <= events; b += bucket) {
                    long max = 0;
                    for (int i = b; i < b + bucket; i++) {
                        max = Math.max(max, persisted[i] - called[i]);
                    }
                    System.out.printf(Locale.ROOT, "%.1f s: max %.1f ms%n", (called[b] - start) / 1e9, max / 1e6);
                }
            }
            Arrays.sort(latency);
            System.out.printf(Locale.ROOT, "log call to committed in the queue database at %,d events/s (achieved %,.0f),"
                    + " %,d events after %,d of warm-up: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
                    rate, events * 1e9 / elapsed, latency.length, warmUp, millis(latency, 0.50), millis(latency, 0.99),
                    millis(latency, 0.999), latency[latency.length - 1] / 1e6);
        } finally {
            Cleanup.deleteTree(directory);
        }
    }

    private static double millis(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1e6;
    }
}
