package io.github.logstashasync.bench;

import io.github.logstashasync.core.HandlerStatistics;
import io.github.logstashasync.log4j.LogstashAsyncAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.message.MapMessage;
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

/**
 * End-to-end events per second through the Log4j 2 API (issue 11): our {@code <LogstashAsync>} appender with the
 * library's defaults against Log4j's own asynchronous TCP shipping, an {@code <Async>} appender (blocking when
 * full) in front of a {@code <Socket>} appender writing {@code JsonTemplateLayout} lines, at its defaults and
 * tuned (flushed per batch instead of per event). Both log the same {@link MapMessage} (the message and the five
 * fields of {@link BenchEvent}), built anew for every call, to the same kind of loopback json_lines sink, in the
 * same run. One thread logs {@value #EVENTS} events; the invocation ends when the sink has counted every one.
 * Nothing may be lost. Each benchmark method runs in a fork of its own, with a Log4j context of its own.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(Log4jBenchmark.EVENTS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class Log4jBenchmark {

    /** Events per invocation. */
    public static final int EVENTS = 200_000;

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** The event: the message and the five fields, as a Log4j application passes structured data. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static MapMessage<?, ?> event() {
        MapMessage message = new MapMessage(8);
        return message.with("message", BenchEvent.MESSAGE)
                .with("request_id", "5f0c3a7e-1b2d-4e6f-8a9b-0c1d2e3f4a5b")
                .with("user_id", 42_4242)
                .with("duration_ms", 12.75)
                .with("cached", true)
                .with("region", "eu-central-1");
    }

    /** A Log4j context of its own on one of the bench's configuration files, with the sink's port. */
    static LoggerContext context(String name, String configuration, int port, Path database) {
        System.setProperty("bench.port", Integer.toString(port));
        if (database != null) {
            System.setProperty("bench.database", database.toString());
        }
        return Configurator.initialize(name, Log4jBenchmark.class.getClassLoader(), "classpath:" + configuration);
    }

    /** Our appender, configured through log4j2.xml, every option at the library's default. */
    @State(Scope.Benchmark)
    public static class Ours {
        /** {@code memory}: the memory queue; {@code sqlite}: a SQLite queue in a temporary directory. */
        @Param({"memory", "sqlite"})
        public String scenario;

        LineSink sink;
        LoggerContext context;
        LogstashAsyncAppender appender;
        Logger logger;
        private Path directory;
        private long logged;

        /** Starts the sink and the appender. */
        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void start() throws IOException {
            sink = new LineSink(null);
            boolean sqlite = scenario.equals("sqlite");
            if (sqlite) {
                directory = Files.createTempDirectory("logstash-async-bench-");
            }
            context = context("bench-ours", sqlite ? "bench-log4j-ours-sqlite.xml" : "bench-log4j-ours.xml",
                    sink.port(), sqlite ? directory.resolve("queue.db") : null);
            appender = context.getConfiguration().getAppender("LOGSTASH");
            if (appender == null) {
                throw new IllegalStateException("log4j/" + scenario + ": the LogstashAsync appender did not start");
            }
            logger = context.getLogger("bench.log4j");
            System.out.println("\n[bench] log4j/" + scenario + ": LogstashAsync, every option at its default");
        }

        /** Stops the appender and the sink, checks the counts. */
        @TearDown(org.openjdk.jmh.annotations.Level.Trial)
        public void stop() throws IOException {
            HandlerStatistics before = appender.pipeline().statistics();
            Configurator.shutdown(context);
            HandlerStatistics statistics = appender.pipeline().statistics();
            long received = sink.events();
            System.out.printf("[bench] log4j/%s: logged %,d, received %,d, %.0f bytes per event, %s%n", scenario, logged,
                    received, received == 0 ? 0.0 : (double) sink.bytes() / received, statistics);
            sink.close();
            if (directory != null) {
                Cleanup.deleteTree(directory);
            }
            checkNoLoss(before);
            checkNoLoss(statistics);
            if (received != logged) {
                throw new IllegalStateException("log4j/" + scenario + ": logged " + logged + ", the sink received "
                        + received);
            }
        }

        private void checkNoLoss(HandlerStatistics statistics) {
            OurSide.checkNoLoss(statistics, "log4j/" + scenario);
        }
    }

    /** The reference: Log4j's Async + Socket appenders with JsonTemplateLayout. */
    @State(Scope.Benchmark)
    public static class Reference {
        /** {@code defaults}: every option at Log4j's default; {@code tuned}: flushed per batch, larger buffers. */
        @Param({"defaults", "tuned"})
        public String setting;

        LineSink sink;
        LoggerContext context;
        Logger logger;
        private long logged;

        /** Starts the sink and the appenders. */
        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void start() throws IOException {
            sink = new LineSink(null);
            context = context("bench-reference", setting.equals("tuned") ? "bench-log4j-reference-tuned.xml"
                    : "bench-log4j-reference.xml", sink.port(), null);
            if (context.getConfiguration().getAppender("ASYNC") == null) {
                throw new IllegalStateException("reference/" + setting + ": the Async appender did not start");
            }
            logger = context.getLogger("bench.log4j");
            System.out.println("\n[bench] log4j reference/" + setting + ": Async + Socket + JsonTemplateLayout");
        }

        /** Stops the appenders and the sink, checks the counts. */
        @TearDown(org.openjdk.jmh.annotations.Level.Trial)
        public void stop() throws IOException {
            Configurator.shutdown(context);
            long received = sink.events();
            System.out.printf("[bench] log4j reference/%s: logged %,d, received %,d, %.0f bytes per event%n", setting,
                    logged, received, received == 0 ? 0.0 : (double) sink.bytes() / received);
            sink.close();
            if (received != logged) {
                throw new IllegalStateException("reference/" + setting + ": logged " + logged + " events, the sink"
                        + " received " + received);
            }
        }
    }

    /** Our appender: log every event, wait until it has sent them all and the sink has counted them. */
    @Benchmark
    public void ours(Ours state, CpuCounters cpu) throws InterruptedException, TimeoutException {
        cpu.begin();
        long target = state.sink.events() + EVENTS;
        Logger logger = state.logger;
        for (int i = 0; i < EVENTS; i++) {
            logger.info(event());
        }
        state.logged += EVENTS;
        if (!state.appender.flush(TIMEOUT)) {
            throw new IllegalStateException("log4j/" + state.scenario + ": not everything was sent within " + TIMEOUT
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
        Logger logger = state.logger;
        for (int i = 0; i < EVENTS; i++) {
            logger.info(event());
        }
        state.logged += EVENTS;
        state.sink.await(target, TIMEOUT);
        cpu.end(EVENTS);
    }
}
