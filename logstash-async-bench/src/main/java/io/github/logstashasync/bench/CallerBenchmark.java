package io.github.logstashasync.bench;

import io.github.logstashasync.core.AsynchronousLogstashHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What one log call costs the calling thread when the pipeline is not saturated: each measured call is preceded
 * by some unmeasured application work ({@link Pace}, a JMH invocation-level fixture, so the work is outside the
 * timestamps), which keeps the event rate below what the worker and the loopback sink can take. Each call is
 * timed on its own (JMH's sample mode), so the score includes the cost of reading the clock twice: subtract the
 * {@code baseline} of the same thread count. Read the median ({@code p0.50}): on a shared machine a call is now
 * and then descheduled for a whole time slice, which makes the mean meaningless.
 *
 * <p>With 4 threads on a 2-core machine a call may also wait for a core: that is part of the caller's cost there.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CallerBenchmark {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** The application's work between two log calls, per thread; not measured. */
    @State(Scope.Thread)
    public static class Pace {
        /** {@link Blackhole#consumeCPU} tokens between two log calls. */
        @Param("2000")
        public long paceTokens;

        /** Works for a while before every call. */
        @Setup(org.openjdk.jmh.annotations.Level.Invocation)
        public void work() {
            Blackhole.consumeCPU(paceTokens);
        }
    }

    /** Our handler with the memory queue, sending over TCP to a counting sink. */
    @State(Scope.Benchmark)
    public static class Ours {
        LineSink sink;
        AsynchronousLogstashHandler handler;
        Logger logger;
        private long startNanos;
        private long lastAccepted;

        /** Starts the sink and the handler. */
        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void start() throws IOException {
            sink = new LineSink(null);
            handler = OurSide.handler("tcp", false, sink.port(), null);
            logger = OurSide.logger("bench.caller", handler);
            System.out.println("\n[bench] ours: " + OurSide.describe());
        }

        /** Notes the time, to report the event rate the iteration produced. */
        @Setup(org.openjdk.jmh.annotations.Level.Iteration)
        public void mark() {
            startNanos = System.nanoTime();
        }

        /** Lets the pipeline empty between iterations, so that each starts unsaturated; checks nothing was lost. */
        @TearDown(org.openjdk.jmh.annotations.Level.Iteration)
        public void settle() throws InterruptedException, TimeoutException {
            long accepted = handler.statistics().accepted();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            if (!handler.flush(TIMEOUT)) {
                throw new IllegalStateException("the handler did not send everything within " + TIMEOUT);
            }
            sink.await(accepted, TIMEOUT);
            OurSide.checkNoLoss(handler, "caller");
            System.out.printf("[bench] ours: %,d events so far, this iteration about %,.0f events/s%n", accepted,
                    (accepted - lastAccepted) / seconds);
            lastAccepted = accepted;
        }

        /** Stops the handler and the sink. */
        @TearDown(org.openjdk.jmh.annotations.Level.Trial)
        public void stop() throws IOException {
            handler.close();
            System.out.println("[bench] ours: " + handler.statistics());
            sink.close();
        }
    }

    /** Our Logback appender (memory queue, every option at its default), sending over TCP to a counting sink. */
    @State(Scope.Benchmark)
    public static class OursLogback {
        LineSink sink;
        io.github.logstashasync.logback.LogstashAppender appender;
        org.slf4j.Logger logger;

        /** Starts the sink and the appender. */
        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void start() throws IOException {
            sink = new LineSink(null);
            appender = OurSide.logbackAppender("bench.caller.logback", sink.port(), null);
            logger = org.slf4j.LoggerFactory.getLogger("bench.caller.logback");
        }

        /** Lets the pipeline empty between iterations, so that each starts unsaturated; checks nothing was lost. */
        @TearDown(org.openjdk.jmh.annotations.Level.Iteration)
        public void settle() throws InterruptedException, TimeoutException {
            long accepted = appender.pipeline().statistics().accepted();
            if (!appender.flush(TIMEOUT)) {
                throw new IllegalStateException("the appender did not send everything within " + TIMEOUT);
            }
            sink.await(accepted, TIMEOUT);
            var statistics = appender.pipeline().statistics();
            if (statistics.dropped() > 0 || statistics.failed() > 0) {
                throw new IllegalStateException("caller (logback): events were lost: " + statistics);
            }
        }

        /** Stops the appender and the sink. */
        @TearDown(org.openjdk.jmh.annotations.Level.Trial)
        public void stop() throws IOException {
            appender.stop();
            sink.close();
        }
    }

    /** A JUL logger whose handler does nothing: what the JDK's logging costs before any handler runs. */
    @State(Scope.Benchmark)
    public static class JulOnly {
        Logger logger;

        /** Builds the logger. */
        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void start() {
            logger = Logger.getLogger("bench.jul-only");
            logger.setUseParentHandlers(false);
            logger.setLevel(Level.INFO);
            logger.addHandler(new java.util.logging.Handler() {
                @Override
                public void publish(java.util.logging.LogRecord record) {
                    // nothing: the floor
                }

                @Override
                public void flush() {
                    // nothing to flush
                }

                @Override
                public void close() {
                    // nothing to close
                }
            });
        }
    }

    /** The reference appender in blocking mode, sending to the same kind of sink. */
    @State(Scope.Benchmark)
    public static class Reference {
        LineSink sink;
        ReferenceSide reference;
        org.slf4j.Logger logger;

        /** Starts the sink and the appender. */
        @Setup(org.openjdk.jmh.annotations.Level.Trial)
        public void start() throws IOException {
            sink = new LineSink(null);
            reference = new ReferenceSide(sink.port());
            logger = reference.logger();
            System.out.println("\n[bench] reference: " + reference.describe());
        }

        /** Stops the appender and the sink. */
        @TearDown(org.openjdk.jmh.annotations.Level.Trial)
        public void stop() throws IOException {
            reference.close();
            System.out.printf("[bench] reference: %,d events received%n", sink.events());
            sink.close();
        }
    }

    /** The cost of timing one call (two clock reads), 1 thread. */
    @Benchmark
    @Threads(1)
    public void baseline1Thread(Pace pace) {
        // nothing: measures JMH's per-invocation timestamps
    }

    /** The cost of timing one call (two clock reads), 4 threads. */
    @Benchmark
    @Threads(4)
    public void baseline4Threads(Pace pace) {
        // nothing: measures JMH's per-invocation timestamps
    }

    /** One JUL call with five extras through our handler, 1 thread. */
    @Benchmark
    @Threads(1)
    public void ours1Thread(Pace pace, Ours ours) {
        ours.logger.log(Level.INFO, BenchEvent.MESSAGE, BenchEvent.extras());
    }

    /** One JUL call with five extras through our handler, 4 threads. */
    @Benchmark
    @Threads(4)
    public void ours4Threads(Pace pace, Ours ours) {
        ours.logger.log(Level.INFO, BenchEvent.MESSAGE, BenchEvent.extras());
    }

    /** One SLF4J call with five extras through our Logback appender, 1 thread: compare with reference1Thread. */
    @Benchmark
    @Threads(1)
    public void oursLogback1Thread(Pace pace, OursLogback ours) {
        ours.logger.info(BenchEvent.MESSAGE, BenchEvent.extras());
    }

    /** The floor: the same JUL call (new LogRecord, new Extras) with a handler that does nothing, 1 thread. */
    @Benchmark
    @Threads(1)
    public void julOnly1Thread(Pace pace, JulOnly jul) {
        jul.logger.log(Level.INFO, BenchEvent.MESSAGE, BenchEvent.extras());
    }

    /** The floor: the same JUL call (new LogRecord, new Extras) with a handler that does nothing, 4 threads. */
    @Benchmark
    @Threads(4)
    public void julOnly4Threads(Pace pace, JulOnly jul) {
        jul.logger.log(Level.INFO, BenchEvent.MESSAGE, BenchEvent.extras());
    }

    /** One SLF4J call with five structured arguments through the reference appender, 1 thread. */
    @Benchmark
    @Threads(1)
    public void reference1Thread(Pace pace, Reference reference) {
        reference.logger.info(BenchEvent.MESSAGE, BenchEvent.structuredArguments());
    }

    /** One SLF4J call with five structured arguments through the reference appender, 4 threads. */
    @Benchmark
    @Threads(4)
    public void reference4Threads(Pace pace, Reference reference) {
        reference.logger.info(BenchEvent.MESSAGE, BenchEvent.structuredArguments());
    }
}
