package io.github.logstashasync.bench;

import io.github.logstashasync.core.HandlerStatistics;
import io.github.logstashasync.logback.LogstashAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;

/**
 * End-to-end events per second through SLF4J on Logback (issue 11): our {@link LogstashAppender} with the library's
 * defaults against logstash-logback-encoder's {@code LogstashTcpSocketAppender} in blocking mode
 * ({@link ReferenceSide}), the same event, the same kind of loopback json_lines sink, in the same run. One thread
 * logs {@value #EVENTS} events; the invocation ends when the sink has counted every one. Nothing may be lost: a
 * drop, a failed event or a missing event fails the benchmark. Each benchmark method runs in a fork of its own, so
 * each has SLF4J's Logback context to itself.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(LogbackBenchmark.EVENTS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LogbackBenchmark {

    /** Events per invocation. */
    public static final int EVENTS = 200_000;

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** Our appender, configured through its logback.xml setters, every option at the library's default. */
    @State(Scope.Benchmark)
    public static class Ours {
        /** {@code memory}: the memory queue; {@code sqlite}: a SQLite queue in a temporary directory. */
        @Param({"memory", "sqlite"})
        public String scenario;

        LineSink sink;
        LogstashAppender appender;
        org.slf4j.Logger logger;
        private Path directory;
        private long logged;

        /** Starts the sink and the appender. */
        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void start() throws IOException {
            sink = new LineSink(null);
            if (scenario.equals("sqlite")) {
                directory = Files.createTempDirectory("logstash-async-bench-");
            }
            appender = OurSide.logbackAppender("bench.logback", sink.port(),
                    directory == null ? null : directory.resolve("queue.db"));
            logger = LoggerFactory.getLogger("bench.logback");
            System.out.println("\n[bench] logback/" + scenario + ": LogstashAppender, every option at its default");
        }

        /** Stops the appender and the sink, checks the counts. */
        @TearDown(org.openjdk.jmh.annotations.Level.Trial)
        public void stop() throws IOException {
            appender.stop();
            HandlerStatistics statistics = appender.pipeline().statistics();
            long received = sink.events();
            System.out.printf("[bench] logback/%s: logged %,d, received %,d, %.0f bytes per event, %s%n", scenario, logged,
                    received, received == 0 ? 0.0 : (double) sink.bytes() / received, statistics);
            sink.close();
            if (directory != null) {
                Cleanup.deleteTree(directory);
            }
            checkNoLoss(statistics);
            if (received != logged) {
                throw new IllegalStateException("logback/" + scenario + ": logged " + logged + ", the sink received "
                        + received);
            }
        }

        private void checkNoLoss(HandlerStatistics statistics) {
            OurSide.checkNoLoss(statistics, "logback/" + scenario);
        }
    }

    /** The reference appender in blocking mode with a json_lines sink. */
    @State(Scope.Benchmark)
    public static class Reference {
        LineSink sink;
        ReferenceSide reference;
        org.slf4j.Logger logger;
        private long logged;

        /** Starts the sink and the appender. */
        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void start() throws IOException {
            sink = new LineSink(null);
            reference = new ReferenceSide(sink.port());
            logger = reference.logger();
            System.out.println("\n[bench] reference: " + reference.describe());
        }

        /** Stops the appender and the sink, checks the counts. */
        @TearDown(org.openjdk.jmh.annotations.Level.Trial)
        public void stop() throws IOException {
            reference.close();
            long received = sink.events();
            sink.close();
            if (received != logged) {
                throw new IllegalStateException("reference: logged " + logged + " events, the sink received " + received);
            }
        }
    }

    /** Our appender: log every event, wait until it has sent them all and the sink has counted them. */
    @Benchmark
    public void ours(Ours state, CpuCounters cpu) throws InterruptedException, TimeoutException {
        cpu.begin();
        long target = state.sink.events() + EVENTS;
        org.slf4j.Logger logger = state.logger;
        for (int i = 0; i < EVENTS; i++) {
            logger.info(BenchEvent.MESSAGE, BenchEvent.extras());
        }
        state.logged += EVENTS;
        if (!state.appender.flush(TIMEOUT)) {
            throw new IllegalStateException("logback/" + state.scenario + ": not everything was sent within " + TIMEOUT
                    + ": " + state.appender.pipeline().statistics());
        }
        state.sink.await(target, TIMEOUT);
        cpu.end(EVENTS);
        state.checkNoLoss(state.appender.pipeline().statistics());
    }

    /** The reference: log every event, wait until the sink has counted them all. */
    @Benchmark
    public void reference(Reference state, CpuCounters cpu) throws InterruptedException, TimeoutException {
        cpu.begin();
        long target = state.sink.events() + EVENTS;
        org.slf4j.Logger logger = state.logger;
        for (int i = 0; i < EVENTS; i++) {
            logger.info(BenchEvent.MESSAGE, BenchEvent.structuredArguments());
        }
        state.logged += EVENTS;
        state.sink.await(target, TIMEOUT);
        cpu.end(EVENTS);
    }
}
