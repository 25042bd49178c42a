package io.github.logstashasync.bench;

import io.github.logstashasync.core.AsynchronousLogstashHandler;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The caller's tail (issue 18): {@code threads} application threads each make {@code calls} log calls as fast as
 * they can, timed in windows of 1,000 calls; prints the median, the slowest 1% and the slowest window as
 * microseconds per call, and the GCs meanwhile. Ours at the library's defaults (memory queue, TCP) or the
 * reference (logstash-logback-encoder's blocking TCP appender), the same event, a loopback sink; nothing may be
 * lost. One scenario per JVM, as JMH forks:
 * {@code java -Xms1g -Xmx1g -cp logstash-async-bench/target/benchmarks.jar io.github.logstashasync.bench.CallerTail
 * ours|reference [threads, default 1] [calls per thread, default 1000000] [busy: true for a busy application thread]}.
 * The first fifth of each thread's calls is warm-up and not counted.
 */
public final class CallerTail {

    private static final int WINDOW = 1_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private CallerTail() {
    }

    /** Runs one scenario; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "ours";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        boolean busy = args.length > 3 && Boolean.parseBoolean(args[3]);
        int windows = calls / WINDOW;
        int warmUp = windows / 5;
        try (LineSink sink = new LineSink(null)) {
            Runnable call;
            AutoCloseable stop;
            AsynchronousLogstashHandler handler = null;
            if (scenario.equals("ours")) {
                handler = OurSide.handler("tcp", false, sink.port(), null);
                Logger logger = OurSide.logger("bench.tail", handler);
                call = () -> logger.log(Level.INFO, BenchEvent.MESSAGE, BenchEvent.extras());
                stop = handler::close;
            } else if (scenario.equals("reference")) {
                ReferenceSide reference = new ReferenceSide(sink.port());
                org.slf4j.Logger logger = reference.logger();
                call = () -> logger.info(BenchEvent.MESSAGE, BenchEvent.structuredArguments());
                stop = reference::close;
            } else {
                throw new IllegalArgumentException("unknown scenario " + scenario + "; ours or reference");
            }
            Application application = new Application();
            application.callers = 1;
            application.busy = busy;
            application.start();
            long[][] perWindow = new long[threads][windows];
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long[] mine = perWindow[t];
                Thread caller = new Thread(() -> {
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long last = System.nanoTime();
                    for (int w = 0; w < windows; w++) {
                        for (int i = 0; i < WINDOW; i++) {
                            call.run();
                        }
                        long now = System.nanoTime();
                        mine[w] = now - last;
                        last = now;
                    }
                }, "bench-caller-" + t);
                callers.add(caller);
                caller.start();
            }
            ready.await();
            long gcBefore = gcCount();
            long start = System.nanoTime();
            go.countDown();
            for (Thread caller : callers) {
                caller.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long gcs = gcCount() - gcBefore;
            long total = (long) threads * windows * WINDOW;
            if (handler != null) {
                if (!handler.flush(TIMEOUT)) {
                    throw new IllegalStateException("not everything was sent: " + handler.statistics());
                }
                OurSide.checkNoLoss(handler, "tail");
            }
            sink.await(total, TIMEOUT);
            stop.close();
            application.stop();
            long[] counted = new long[threads * (windows - warmUp)];
            int k = 0;
            for (long[] mine : perWindow) {
                for (int w = warmUp; w < windows; w++) {
                    counted[k++] = mine[w];
                }
            }
            Arrays.sort(counted);
            System.out.printf(Locale.ROOT, "%s, %d thread(s)%s: %,d calls in %.2f s (%,.0f calls/s), %d GCs; windows of"
                    + " %,d calls, us per call: median %.3f, slowest 1%% %.3f, slowest %.3f%n",
                    scenario, threads, busy ? " beside a busy thread" : "", total, seconds, total / seconds, gcs, WINDOW,
                    perCall(counted, 0.50), perCall(counted, 0.99), counted[counted.length - 1] / 1e3 / WINDOW);
        }
    }

    private static double perCall(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1e3 / WINDOW;
    }

    private static long gcCount() {
        long count = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }
}
