package io.github.logstashasync.bench;

import io.github.logstashasync.core.AsynchronousLogstashHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
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
 * End-to-end events per second: the application's {@link Application#callers} threads (one by default, optionally
 * beside a busy application thread) log {@value #EVENTS} events as fast as they can, and the invocation ends
 * when a loopback receiver has counted every one of them. The score (ops/s) is events per second from the first
 * log call to the last event received; the secondary results {@code cpuMicros} and {@code events} give the
 * process's CPU time per event ({@link CpuCounters}). Nothing may be lost: a drop, a failed event or a missing event fails the
 * benchmark.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(EndToEndBenchmark.EVENTS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EndToEndBenchmark {

    /** Events per invocation. */
    public static final int EVENTS = 200_000;

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** Our handler, for each scenario: transport, TLS, queue. */
    @State(Scope.Benchmark)
    public static class Ours {
        /**
         * {@code tcp}, {@code tcp-sqlite}, {@code tcp-tls}, {@code http}, {@code https}, {@code http-jdk} (the JDK's
         * HttpServer as the receiver), {@code beats}, {@code beats-tls}, {@code tcp-rr2} (two sinks as
         * {@code destinations}, {@code connectionStrategy=round-robin}); all with the memory queue except
         * {@code tcp-sqlite}.
         */
        @Param({"tcp", "tcp-sqlite", "tcp-tls", "http", "https", "http-jdk", "beats", "beats-tls", "tcp-rr2"})
        public String scenario;

        Sink sink;
        /** The second sink of {@code tcp-rr2}, else null. */
        Sink second;
        AsynchronousLogstashHandler handler;
        Logger logger;
        private final ThreadCpu threadCpu = new ThreadCpu();
        private Path directory;
        private long logged;
        private long loggedBefore;

        /** Notes each thread's CPU time at the start of an iteration. */
        @Setup(org.openjdk.jmh.annotations.Level.Iteration)
        public void iterationStart() {
            loggedBefore = logged;
            threadCpu.start();
        }

        /** Prints where the CPU time of the iteration went. */
        @TearDown(org.openjdk.jmh.annotations.Level.Iteration)
        public void iterationEnd() {
            System.out.println("[bench] ours/" + scenario + ": " + threadCpu.report(logged - loggedBefore));
        }

        /** Starts the sink and the handler. */
        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void start() throws IOException {
            boolean tls = scenario.endsWith("-tls") || scenario.equals("https");
            String transport = scenario.startsWith("tcp") ? "tcp" : scenario.startsWith("beats") ? "beats" : "http";
            if (scenario.equals("http-jdk")) {
                sink = new JdkHttpSink();
            } else {
                var context = tls ? Pki.get().serverContext() : null;
                sink = switch (transport) {
                    case "tcp" -> new LineSink(context);
                    case "http" -> new HttpSink(context);
                    default -> new BeatsSink(context);
                };
            }
            Path database = null;
            if (scenario.endsWith("-sqlite")) {
                directory = Files.createTempDirectory("logstash-async-bench-");
                database = directory.resolve("queue.db");
            }
            if (scenario.equals("tcp-rr2")) {
                second = new LineSink(null);
                Sink.join(List.of(sink, second));
                handler = OurSide.handler(transport, tls, sink.port(), database, List.of("127.0.0.1:" + sink.port(),
                        "127.0.0.1:" + second.port()));
            } else {
                handler = OurSide.handler(transport, tls, sink.port(), database);
            }
            logger = OurSide.logger("bench.e2e", handler);
            System.out.println("\n[bench] ours/" + scenario + ": " + OurSide.describe()
                    + (database == null ? "; memory queue" : "; SQLite queue " + database));
        }

        /** Stops the handler and the sink, checks the counts and reports the size of an event on the wire. */
        @TearDown(org.openjdk.jmh.annotations.Level.Trial)
        public void stop() throws IOException {
            handler.close();
            OurSide.checkNoLoss(handler, scenario);
            long received = received();
            long bytes = sink.bytes() + (second == null ? 0 : second.bytes());
            System.out.printf("[bench] ours/%s: logged %,d, received %,d%s, %.0f bytes per event, %d connection(s), %s%n",
                    scenario, logged, received, second == null ? "" : " (" + sink.events() + " + " + second.events() + ")",
                    received == 0 ? 0.0 : (double) bytes / received, sink.connections(), handler.statistics());
            sink.close();
            if (second != null) {
                second.close();
            }
            if (directory != null) {
                Cleanup.deleteTree(directory);
            }
            if (received != logged) {
                throw new IllegalStateException(scenario + ": logged " + logged + " events, the sink received " + received);
            }
        }

        /** Events the sink, or both sinks, counted. */
        long received() {
            return sink.events() + (second == null ? 0 : second.events());
        }

        /** Waits until the sinks have counted {@code target} events together. */
        void await(long target) throws InterruptedException, TimeoutException {
            if (second == null) {
                sink.await(target, TIMEOUT);
                return;
            }
            Sink.awaitAll(List.of(sink, second), target, TIMEOUT);
        }
    }

    /** The reference appender in blocking mode with a json_lines sink. */
    @State(Scope.Benchmark)
    public static class Reference {
        LineSink sink;
        ReferenceSide reference;
        org.slf4j.Logger logger;
        private final ThreadCpu threadCpu = new ThreadCpu();
        private long logged;
        private long loggedBefore;

        /** Notes each thread's CPU time at the start of an iteration. */
        @Setup(org.openjdk.jmh.annotations.Level.Iteration)
        public void iterationStart() {
            loggedBefore = logged;
            threadCpu.start();
        }

        /** Prints where the CPU time of the iteration went. */
        @TearDown(org.openjdk.jmh.annotations.Level.Iteration)
        public void iterationEnd() {
            System.out.println("[bench] reference: " + threadCpu.report(logged - loggedBefore));
        }

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
            System.out.printf("[bench] reference: logged %,d, received %,d, %.0f bytes per event, %d connection(s)%n",
                    logged, received, received == 0 ? 0.0 : (double) sink.bytes() / received, sink.connections());
            sink.close();
            if (received != logged) {
                throw new IllegalStateException("reference: logged " + logged + " events, the sink received " + received);
            }
        }
    }

    /** Our handler: log every event, wait until the handler has sent them all and the sink has counted them. */
    @Benchmark
    public void ours(Ours state, Application application, CpuCounters cpu) throws InterruptedException, TimeoutException {
        cpu.begin();
        long target = state.received() + EVENTS;
        Logger logger = state.logger;
        application.run(EVENTS, i -> logger.log(Level.INFO, BenchEvent.MESSAGE, BenchEvent.extras()));
        state.logged += EVENTS;
        if (!state.handler.flush(TIMEOUT)) {
            throw new IllegalStateException(state.scenario + ": not everything was sent within " + TIMEOUT + ": "
                    + state.handler.statistics());
        }
        state.await(target);
        cpu.end(EVENTS);
        OurSide.checkNoLoss(state.handler, state.scenario);
    }

    /** The reference: log every event, wait until the sink has counted them all. */
    @Benchmark
    public void reference(Reference state, Application application, CpuCounters cpu)
            throws InterruptedException, TimeoutException {
        cpu.begin();
        long target = state.sink.events() + EVENTS;
        org.slf4j.Logger logger = state.logger;
        application.run(EVENTS, i -> logger.info(BenchEvent.MESSAGE, BenchEvent.structuredArguments()));
        state.logged += EVENTS;
        state.sink.await(target, TIMEOUT);
        cpu.end(EVENTS);
    }
}
