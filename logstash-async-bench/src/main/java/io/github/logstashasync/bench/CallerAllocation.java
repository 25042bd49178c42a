package io.github.logstashasync.bench;

import io.github.logstashasync.core.AsynchronousLogstashHandler;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Bytes allocated on the caller's thread per log call (issue 18), read from the JVM's per-thread allocation
 * counter around a million calls, in bursts that the pipeline drains in between (so no call meets a full buffer).
 * What JMH's {@code -prof gc} shows is the whole JVM's allocation, the worker's formatting and sending included;
 * this is the application's share. One scenario per JVM:
 * {@code java -cp logstash-async-bench/target/benchmarks.jar io.github.logstashasync.bench.CallerAllocation
 * julOnly|ours|logbackOnly|oursLogback|logbackOnlyKv|reference}: the floors ({@code julOnly},
 * {@code logbackOnly} with our {@code Extras} argument, {@code logbackOnlyKv} with the reference's structured
 * arguments) are the same calls to an appender that does nothing.
 */
public final class CallerAllocation {

    private static final int CALLS = 1_000_000;
    private static final int BURST = 2_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    /** What a floor's handler keeps of the last call, so that the JIT cannot remove the call's allocations. */
    private static volatile Object kept;

    private CallerAllocation() {
    }

    /** Runs the scenario named by the first argument and prints its bytes per call. */
    public static void main(String[] args) throws Exception {
        String scenario = args.length == 0 ? "ours" : args[0];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (LineSink sink = new LineSink(null)) {
            Runnable call;
            Runnable drain;
            AutoCloseable stop;
            switch (scenario) {
                case "julOnly" -> {
                    Logger logger = Logger.getLogger("bench.alloc.jul-only");
                    logger.setUseParentHandlers(false);
                    logger.addHandler(new java.util.logging.Handler() {
                        @Override
                        public void publish(java.util.logging.LogRecord record) {
                            // the floor: JUL's own LogRecord and the call's arguments, kept, as a real handler
                            // keeps them (a handler that drops them lets the JIT scalar-replace the record)
                            kept = record;
                        }

                        @Override
                        public void flush() {
                            // nothing
                        }

                        @Override
                        public void close() {
                            // nothing
                        }
                    });
                    call = () -> logger.log(Level.INFO, BenchEvent.MESSAGE, BenchEvent.extras());
                    drain = () -> { };
                    stop = () -> { };
                }
                case "ours" -> {
                    AsynchronousLogstashHandler handler = OurSide.handler("tcp", false, sink.port(), null);
                    Logger logger = OurSide.logger("bench.alloc.ours", handler);
                    call = () -> logger.log(Level.INFO, BenchEvent.MESSAGE, BenchEvent.extras());
                    drain = () -> handler.flush(TIMEOUT);
                    stop = handler::close;
                }
                case "oursLogback" -> {
                    var appender = OurSide.logbackAppender("bench.alloc.logback", sink.port(), null);
                    org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger("bench.alloc.logback");
                    call = () -> logger.info(BenchEvent.MESSAGE, BenchEvent.extras());
                    drain = () -> appender.flush(TIMEOUT);
                    stop = appender::stop;
                }
                case "logbackOnly", "logbackOnlyKv" -> {
                    // the floor on Logback: the same call to an appender that does nothing
                    var context = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
                    var appender = new ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent>() {
                        @Override
                        protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
                            kept = event; // as the JUL floor: the event escapes, as it does to a real appender
                        }
                    };
                    appender.setContext(context);
                    appender.start();
                    ch.qos.logback.classic.Logger logger = context.getLogger("bench.alloc.logback-only");
                    logger.setAdditive(false);
                    logger.addAppender(appender);
                    call = scenario.equals("logbackOnly") ? () -> logger.info(BenchEvent.MESSAGE, BenchEvent.extras())
                            : () -> logger.info(BenchEvent.MESSAGE, BenchEvent.structuredArguments());
                    drain = () -> { };
                    stop = appender::stop;
                }
                case "reference" -> {
                    ReferenceSide reference = new ReferenceSide(sink.port());
                    org.slf4j.Logger logger = reference.logger();
                    long[] target = {0};
                    call = () -> logger.info(BenchEvent.MESSAGE, BenchEvent.structuredArguments());
                    drain = () -> {
                        target[0] += BURST;
                        try {
                            sink.await(target[0], TIMEOUT);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    };
                    stop = reference::close;
                }
                default -> throw new IllegalArgumentException("unknown scenario " + scenario
                        + "; one of julOnly, ours, logbackOnly, oursLogback, logbackOnlyKv, reference");
            }
            run(call, drain, CALLS / 5); // warm-up
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            long gcBefore = gcCount();
            long drained = run(call, drain, CALLS);
            long bytes = threads.getThreadAllocatedBytes(id) - before - drained;
            System.out.printf(Locale.ROOT, "%s: %.1f bytes per call on the caller's thread (%,d calls; %d GCs)%n",
                    scenario, (double) bytes / CALLS, CALLS, gcCount() - gcBefore);
            stop.close();
        }
    }

    /** Logs {@code calls} events in bursts, draining after each; the drain's own allocation is not counted. */
    private static long run(Runnable call, Runnable drain, int calls) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long drainBytes = 0;
        for (int done = 0; done < calls; done += BURST) {
            for (int i = 0; i < BURST; i++) {
                call.run();
            }
            long before = threads.getThreadAllocatedBytes(id);
            drain.run();
            drainBytes += threads.getThreadAllocatedBytes(id) - before;
        }
        return drainBytes;
    }

    private static long gcCount() {
        long count = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }
}
