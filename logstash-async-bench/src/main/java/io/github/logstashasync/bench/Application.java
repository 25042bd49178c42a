package io.github.logstashasync.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The application around the log calls of an end-to-end benchmark (issue 18): how many of its threads log at once
 * ({@code callers}), and whether another of its threads keeps a core busy meanwhile ({@code busy}: the application
 * at work, which takes a core from the shipper's threads on a 2-core machine). The same for ours and the reference.
 */
@State(Scope.Benchmark)
public class Application {

    /** Threads that log, each its share of the invocation's events. */
    @Param("1")
    public int callers;

    /** Whether a thread of the application computes all the time (a busy co-running thread). */
    @Param("false")
    public boolean busy;

    private ExecutorService pool;
    private Thread worker;
    private volatile boolean working;
    /** What the busy thread computes, published so that the JIT keeps the work. */
    static volatile long result;

    /** One log call; {@code i} counts the caller's calls. */
    @FunctionalInterface
    public interface Call {
        void log(int i);
    }

    /** Starts the callers' pool and the busy thread. */
    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void start() {
        if (callers < 1) {
            throw new IllegalArgumentException("callers must be at least 1: " + callers);
        }
        if (callers > 1) {
            pool = Executors.newFixedThreadPool(callers, r -> {
                Thread t = new Thread(r, "bench-caller");
                t.setDaemon(true);
                return t;
            });
        }
        if (busy) {
            working = true;
            worker = new Thread(this::work, "bench-busy-application");
            worker.setDaemon(true);
            worker.start();
        }
    }

    /** Stops the busy thread and the pool. */
    @TearDown(org.openjdk.jmh.annotations.Level.Trial)
    public void stop() throws InterruptedException {
        working = false;
        if (worker != null) {
            worker.join();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Makes {@code events} calls, split over the callers; returns when all are made. */
    public void run(int events, Call call) throws InterruptedException {
        if (pool == null) {
            for (int i = 0; i < events; i++) {
                call.log(i);
            }
            return;
        }
        List<Callable<Void>> shares = new ArrayList<>(callers);
        for (int c = 0; c < callers; c++) {
            int share = events / callers + (c < events % callers ? 1 : 0);
            shares.add(() -> {
                for (int i = 0; i < share; i++) {
                    call.log(i);
                }
                return null;
            });
        }
        for (Future<Void> done : pool.invokeAll(shares)) {
            try {
                done.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a caller failed", e.getCause());
            }
        }
    }

    /** Describes the application, for the benchmark's output. */
    public String describe() {
        return callers + " caller thread(s)" + (busy ? ", one busy application thread" : "");
    }

    private void work() {
        long x = 1;
        while (working) {
            for (int i = 0; i < 1_000_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            result = x;
        }
    }
}
