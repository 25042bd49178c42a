package io.github.logstashasync.bench;

import io.github.logstashasync.core.AsynchronousLogstashHandler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Why round-robin over two loopback sinks costs more than one sink (issue 13): runs one sink ({@code tcp}) and two
 * sinks round-robin with several {@code rotateEvery} values, interleaved in one JVM, and prints per thread group
 * the CPU time, the time spent runnable but waiting for a core, and the times it was put on a core (all per event,
 * from the kernel's {@code /proc/self/task/<tid>/schedstat}, Linux only), and the rate.
 * {@code java -cp logstash-async-bench/target/benchmarks.jar io.github.logstashasync.bench.RotationDiagnosis
 * [rounds] [events] [config...]}; a config is {@code tcp}, {@code rr2/N} (rotateEvery N) or {@code rr2/Nms}
 * (rotateInterval N ms alone).
 */
public final class RotationDiagnosis {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private RotationDiagnosis() {
    }

    /** Runs the rounds and prints one line per configuration and round. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        List<String> configs = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("tcp", "rr2/1", "rr2/20");
        for (String config : configs) {
            run(config, events / 4, false); // warm-up
        }
        for (int round = 1; round <= rounds; round++) {
            for (String config : configs) {
                System.out.println("round " + round + " " + run(config, events, true));
            }
        }
    }

    private static String run(String config, int events, boolean report) throws Exception {
        try (LineSink first = new LineSink(null); LineSink second = new LineSink(null)) {
            AsynchronousLogstashHandler handler;
            if (config.equals("tcp")) {
                handler = OurSide.handler("tcp", false, first.port(), null);
            } else {
                String rotation = config.substring("rr2/".length());
                List<String> both = List.of("127.0.0.1:" + first.port(), "127.0.0.1:" + second.port());
                if (rotation.endsWith("ms")) {
                    System.setProperty("bench.rotateInterval", rotation.replace("ms", ""));
                    System.clearProperty("bench.rotateEvery");
                } else {
                    System.clearProperty("bench.rotateInterval");
                    System.setProperty("bench.rotateEvery", rotation);
                }
                handler = OurSide.handler("tcp", false, first.port(), null, both);
            }
            Logger logger = OurSide.logger("bench.rotation." + config, handler);
            try {
                Map<String, long[]> before = sample();
                long start = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    logger.log(Level.INFO, BenchEvent.MESSAGE, BenchEvent.extras());
                }
                if (!handler.flush(TIMEOUT)) {
                    throw new TimeoutException(config + ": not flushed: " + handler.statistics());
                }
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (first.events() + second.events() < events) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new TimeoutException(config + ": the sinks counted " + (first.events() + second.events()));
                    }
                    Thread.onSpinWait();
                }
                long elapsed = System.nanoTime() - start;
                Map<String, long[]> after = sample();
                OurSide.checkNoLoss(handler, config);
                return report ? describe(config, events, elapsed, before, after, first.events(), second.events()) : "";
            } finally {
                handler.close();
                logger.removeHandler(handler);
            }
        }
    }

    private static String describe(String config, int events, long elapsed, Map<String, long[]> before,
            Map<String, long[]> after, long firstEvents, long secondEvents) throws IOException {
        Map<String, long[]> groups = new TreeMap<>();
        after.forEach((key, now) -> {
            String tid = key.substring(0, key.indexOf(' '));
            long[] then = before.entrySet().stream().filter(e -> e.getKey().startsWith(tid + " ")).map(Map.Entry::getValue)
                    .findFirst().orElse(new long[5]);
            String group = key.substring(key.indexOf(' ') + 1);
            long[] sum = groups.computeIfAbsent(group, g -> new long[5]);
            for (int i = 0; i < 5; i++) {
                sum[i] += now[i] - then[i];
            }
        });
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s %,9.0f events/s (%d+%d), load %s;",
                config, events / (elapsed / 1e9), firstEvents, secondEvents,
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
        line.append(" per event: cpu/wait ns, per 1000 events: slices, voluntary+involuntary switches:");
        groups.forEach((group, sum) -> {
            if (sum[0] * 50 > elapsed) { // more than 2% of a core
                line.append(String.format(Locale.ROOT, " %s %.0f/%.0f %.1f %.1f+%.1f;", group,
                        sum[0] / (double) events, sum[1] / (double) events, sum[2] * 1000.0 / events,
                        sum[3] * 1000.0 / events, sum[4] * 1000.0 / events));
            }
        });
        return line.toString();
    }

    /**
     * Per native thread ({@code tid name}): run time, run-queue wait (both ns) and timeslices; the Java name is
     * found by matching the thread's CPU time, since the kernel keeps only 15 characters of it.
     */
    private static Map<String, long[]> sample() throws IOException {
        Map<Long, String> byCpu = new HashMap<>();
        List<long[]> javaCpu = new ArrayList<>();
        for (long id : THREADS.getAllThreadIds()) {
            var info = THREADS.getThreadInfo(id);
            long cpu = THREADS.getThreadCpuTime(id);
            if (info != null && cpu >= 0) {
                String name = info.getThreadName().replaceAll("-\\d+", "-N").replaceAll("bench\\.rotation.*", "");
                byCpu.put(id, name);
                javaCpu.add(new long[] {id, cpu});
            }
        }
        Map<String, long[]> result = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String[] stat;
                try {
                    stat = Files.readString(task.resolve("schedstat")).trim().split(" ");
                } catch (IOException e) {
                    continue; // the thread ended
                }
                long run = Long.parseLong(stat[0]);
                String name = Files.readString(task.resolve("comm")).trim();
                long best = Long.MAX_VALUE;
                for (long[] java : javaCpu) {
                    long distance = Math.abs(java[1] - run);
                    if (distance < best && distance < 2_000_000) {
                        best = distance;
                        name = byCpu.get(java[0]);
                    }
                }
                long voluntary = 0;
                long involuntary = 0;
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException e) {
                    continue;
                }
                result.put(task.getFileName() + " " + name, new long[] {run, Long.parseLong(stat[1]),
                        Long.parseLong(stat[2]), voluntary, involuntary});
            }
        }
        return result;
    }
}
