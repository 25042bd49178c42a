package io.github.logstashasync.bench;

import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.SqliteEventQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast a backlog drains: a SQLite queue holding {@value #BACKLOG} events (written before the invocation, not
 * measured, through the core's own queue class) is opened by a new handler, which sends it over TCP to a
 * counting sink. The invocation runs from building the handler until the sink has counted every event; the score
 * (ops/s) is events per second. One invocation per iteration (it lasts longer than the iteration time).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(DrainBenchmark.BACKLOG)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DrainBenchmark {

    /** Events in the backlog. */
    public static final int BACKLOG = 1_000_000;

    private static final int FILL_CHUNK = 10_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** The backlog database, filled again before every invocation. */
    @State(Scope.Benchmark)
    public static class Backlog {
        LineSink sink;
        Path database;
        AsynchronousLogstashHandler handler;
        private Path directory;
        private final ThreadCpu threadCpu = new ThreadCpu();
        private String document;
        private int round;

        /** Starts the sink; formats the event once with our formatter. */
        @Setup(Level.Trial)
        public void start() throws IOException {
            sink = new LineSink(null);
            directory = Files.createTempDirectory("logstash-async-bench-drain-");
            document = BenchEvent.ourDocument();
            System.out.println("\n[bench] drain: " + OurSide.describe() + "; event of " + document.length()
                    + " characters");
        }

        /** Writes the backlog into a new database, in transactions of {@value #FILL_CHUNK} events. */
        @Setup(Level.Invocation)
        public void fill() throws QueueException {
            database = directory.resolve("backlog-" + (++round) + ".db");
            long begin = System.nanoTime();
            List<String> chunk = Collections.nCopies(FILL_CHUNK, document);
            try (SqliteEventQueue queue = SqliteEventQueue.open(database, PipelineSettings.defaults())) {
                for (int written = 0; written < BACKLOG; written += FILL_CHUNK) {
                    queue.append(chunk);
                }
            }
            System.out.printf("[bench] drain: backlog of %,d events written in %.1f s (not measured)%n", BACKLOG,
                    (System.nanoTime() - begin) / 1e9);
            threadCpu.start();
        }

        /** Closes the handler, checks that nothing was lost, deletes the database. */
        @TearDown(Level.Invocation)
        public void empty() throws IOException {
            if (handler != null) {
                // before close: the handler's threads must still be alive to be measured
                System.out.println("[bench] drain: " + threadCpu.report(BACKLOG));
                handler.close();
                OurSide.checkNoLoss(handler, "drain");
                handler = null;
            }
            Cleanup.deleteDatabase(database);
        }

        /** Stops the sink, removes the folder. */
        @TearDown(Level.Trial)
        public void stop() throws IOException {
            System.out.printf("[bench] drain: %,d events received, %.0f bytes per event, %d connection(s)%n",
                    sink.events(), sink.events() == 0 ? 0.0 : (double) sink.bytes() / sink.events(), sink.connections());
            sink.close();
            Cleanup.deleteTree(directory);
            if (sink.events() != (long) round * BACKLOG) {
                throw new IllegalStateException("drain: " + round + " backlogs of " + BACKLOG + " events, the sink received "
                        + sink.events());
            }
        }
    }

    /** Opens the backlog with a new handler and waits until the sink has received all of it. */
    @Benchmark
    public void drain(Backlog backlog, CpuCounters cpu) throws InterruptedException, TimeoutException {
        cpu.begin();
        long target = backlog.sink.events() + BACKLOG;
        backlog.handler = OurSide.handler("tcp", false, backlog.sink.port(), backlog.database);
        backlog.sink.await(target, TIMEOUT);
        cpu.end(BACKLOG);
    }
}
