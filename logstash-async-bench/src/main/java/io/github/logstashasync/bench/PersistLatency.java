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
 * {@code java -Xms1g -Xmx1g -cp logstash-async-bench/target/benchmarks.jar io.github.logstashasync.bench.PersistLatency
 * [events per second, default 100000] [seconds, default 10] [seconds of warm-up, default 3]}: the warm-up is not
 * counted (with 1 s, the JIT's first seconds and the backlog they left were the p99). With
 * {@code -Dbench.latency.timeline=true} it also prints the slowest event of every tenth of a second.
 *
 * <p>The logging thread sleeps at least a millisecond at a time and then logs what fell due meanwhile, in a burst:
 * it used to spin (or park for each 10 us gap), which took one of the two cores from the pipeline. It also prints
 * how late the calls were made, which is where a handler that holds callers up shows. Give it a fixed heap as the
 * JMH benchmarks have ({@code -Xms1g -Xmx1g}): with the default one the heap grew all through the run, and the
 * page faults of memory touched for the first time made every thread of the pipeline 2-5 times slower per event
 * (the persister's format alone 3.6 us instead of 0.7), which is a measure of the JVM starting, not of the handler.
 */
public final class PersistLatency {

    /** The shortest park of the logging thread: it logs the events that fell due meanwhile, in a burst. */
    private static final long PACE_NANOS = 1_000_000;

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
        long[] late = new long[events];
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
                long now = System.nanoTime();
                if (now < due) {
                    // at least a millisecond: a park per event (every 10 us) took most of a core in wake-ups
                    LockSupport.parkNanos(Math.max(due - now, PACE_NANOS));
                    now = System.nanoTime();
                }
                called[i] = now;
                late[i] = now - due;
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
            long[] lateness = Arrays.copyOfRange(late, warmUp, events);
            Arrays.sort(lateness);
            System.out.printf(Locale.ROOT, "log call to committed in the queue database at %,d events/s (achieved %,.0f),"
                    + " %,d events after %,d of warm-up: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
                    rate, events * 1e9 / elapsed, latency.length, warmUp, millis(latency, 0.50), millis(latency, 0.99),
                    millis(latency, 0.999), latency[latency.length - 1] / 1e6);
            System.out.printf(Locale.ROOT, "log calls after their time (bursts of up to %.0f ms, and calls held up by the"
                    + " handler): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", PACE_NANOS / 1e6, millis(lateness, 0.50),
                    millis(lateness, 0.99), lateness[lateness.length - 1] / 1e6);
        } finally {
            Cleanup.deleteTree(directory);
        }
    }

    private static double millis(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1e6;
    }
}
