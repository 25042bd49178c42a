package io.github.logstashasync.core;

import io.github.logstashasync.api.ConnectionStrategy;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * The child JVM of {@link ResolveAgainTest}: its resolver reads the hosts file the test rewrites
 * ({@code -Djdk.net.hosts.file}, the JDK's own name service, with its caches off), so the name {@code logs.test}
 * resolves to 127.0.0.1, then to 127.0.0.1 and ::1, then to nothing, then to ::1 alone. Prints one line per step
 * and exits 0, or prints {@code FAIL ...} and exits 1.
 */
public final class ResolveAgainChild {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NAME = "logs.test";

    private ResolveAgainChild() {
    }

    /** Runs the steps: args are the hosts file. */
    public static void main(String[] args) throws Exception {
        Path hosts = Path.of(args[0]);
        Files.writeString(hosts, "127.0.0.1 " + NAME + "\n");
        List<String> reports = new CopyOnWriteArrayList<>();
        try (LineReceiver v4 = new LineReceiver(InetAddress.getByName("127.0.0.1"), 0);
                LineReceiver v6 = new LineReceiver(InetAddress.getByName("::1"), v4.port())) {
            String v4Name = "127.0.0.1:" + v4.port() + " (" + NAME + ")";
            String v6Name = "[0:0:0:0:0:0:0:1]:" + v4.port() + " (" + NAME + ")";
            LogstashPipeline pipeline = LogstashPipeline.builder().name("resolve-again")
                    .reporter((message, error) -> reports.add(message))
                    .destinations(NAME + ":" + v4.port()).resolveAll(true).resolveInterval(Duration.ofMillis(200))
                    .connectionStrategy(ConnectionStrategy.ROUND_ROBIN)
                    .batchSize(1).flushCount(1).flushInterval(Duration.ofMillis(20))
                    .retryInitialDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(200)).build();
            try {
                check(List.of(v4Name).equals(names(pipeline)), "first one address: " + names(pipeline));
                send(pipeline, 10);
                arrives(() -> v4.lines().size() == 10 && v6.lines().isEmpty(), () -> "10 to 127.0.0.1: " + v4.lines().size()
                        + "/" + v6.lines().size());
                System.out.println("STEP one address: 10 events to 127.0.0.1");

                Files.writeString(hosts, "127.0.0.1 " + NAME + "\n::1 " + NAME + "\n");
                await(pipeline, () -> names(pipeline).equals(List.of(v4Name, v6Name)), () -> "a second address: "
                        + names(pipeline));
                arrives(() -> v4.lines().size() + v6.lines().size() == offered, () -> "what the wait sent arrived");
                int v4Before = v4.lines().size();
                send(pipeline, 20);
                arrives(() -> v4.lines().size() == v4Before + 10 && v6.lines().size() == 10, () -> "round-robin over both: "
                        + v4.lines().size() + "/" + v6.lines().size());
                System.out.println("STEP two addresses: 10 more to each; " + last(reports, "resolves to other"));

                Files.writeString(hosts, "# " + NAME + " is gone\n");
                int before = reports.size();
                // two reports: the failed lookup is retried (after 200 ms, the resolveInterval here)
                await(pipeline, () -> reports.subList(before, reports.size()).stream()
                        .filter(m -> m.contains("cannot resolve '" + NAME + "' again")).count() >= 2,
                        () -> "two reports: " + reports);
                send(pipeline, 10);
                arrives(() -> v4.lines().size() + v6.lines().size() == offered,
                        () -> "the last known addresses take the batches: "
                        + v4.lines().size() + "/" + v6.lines().size() + " of " + offered);
                check(names(pipeline).equals(List.of(v4Name, v6Name)), "both kept: " + names(pipeline));
                System.out.println("STEP stops resolving: reported and retried (" + count(reports, "cannot resolve '")
                        + " reports), 10 events to the last known addresses; " + last(reports, "cannot resolve"));

                Files.writeString(hosts, "::1 " + NAME + "\n");
                await(pipeline, () -> names(pipeline).equals(List.of(v6Name, v4Name)), () -> "::1 alone, 127.0.0.1 retired: "
                        + pipeline.destinations());
                arrives(() -> v4.lines().size() + v6.lines().size() == offered, () -> "what the wait sent arrived");
                int v4Kept = v4.lines().size();
                int v6Before = v6.lines().size();
                send(pipeline, 10);
                arrives(() -> v4.lines().size() == v4Kept && v6.lines().size() == v6Before + 10, () -> "all to ::1: "
                        + v4.lines().size() + "/" + v6.lines().size());
                DestinationStatistics retired = pipeline.destinations().get(1);
                check(retired.summary().contains(" retired, ") && retired.lastError().contains("no longer an address"),
                        "the retired one says why: " + retired.summary());
                long sent = pipeline.destinations().stream().mapToLong(DestinationStatistics::sent).sum();
                check(sent == offered && pipeline.statistics().sent() == offered, "the counts add up: " + sent + " / "
                        + pipeline.statistics().sent() + " of " + offered);
                arrives(() -> v4.lines().size() + v6.lines().size() == offered,
                        () -> "every event arrived once: " + v4.lines().size()
                        + " + " + v6.lines().size() + " of " + offered);
                System.out.println("STEP ::1 alone: 10 events to ::1, 127.0.0.1 retired (" + retired.summary()
                        + "); " + offered + " events in all, each arrived once, the destinations' counts add up");
            } finally {
                pipeline.close();
            }
        } catch (AssertionError e) {
            System.out.println("FAIL " + e.getMessage() + "; reports: " + reports);
            System.exit(1);
        }
        System.exit(0);
    }

    private static List<String> names(LogstashPipeline pipeline) {
        return pipeline.destinations().stream().map(DestinationStatistics::destination).toList();
    }

    private static void send(LogstashPipeline pipeline, int n) {
        for (int i = 0; i < n; i++) {
            pipeline.offer(Events.event("INFO", "event-" + offered++));
        }
        check(pipeline.flush(WAIT), "flushed: " + pipeline.statistics());
    }

    /** Events offered so far. */
    private static int offered;

    /**
     * Sends one event after another until {@code condition} holds: the transport starts a lookup that is due, and
     * picks up its outcome, when it sends a batch, so the steps between two hosts files need batches going.
     */
    private static void await(LogstashPipeline pipeline, BooleanSupplier condition,
            java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + WAIT + ": " + what.get());
            }
            send(pipeline, 1);
        }
    }

    /** Waits until the receivers have read what {@code condition} expects. */
    private static void arrives(BooleanSupplier condition, java.util.function.Supplier<String> what) throws Exception {
        try {
            LineReceiver.await(WAIT, condition, "the receivers' lines");
        } catch (AssertionError e) {
            throw new AssertionError(what.get(), e);
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    private static String last(List<String> reports, String start) {
        for (int i = reports.size() - 1; i >= 0; i--) {
            if (reports.get(i).contains(start)) {
                return "report: " + reports.get(i);
            }
        }
        return "no report";
    }

    private static long count(List<String> reports, String start) {
        return reports.stream().filter(m -> m.contains(start)).count();
    }
}
