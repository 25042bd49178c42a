package io.github.logstashasync.fx;

import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.Severity;
import io.github.logstashasync.core.LogstashPipeline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JVM with a real pipeline for the JVM view to watch: {@code JvmChild NAME PORT} or {@code JvmChild NAME
 * HOST:PORT,HOST:PORT...}. The pipeline {@code NAME} sends to 127.0.0.1:{@code PORT} (or to those destinations,
 * failing over) over TCP, about 200 events a second, until standard input closes; it prints
 * {@code READY} once the first events are delivered. {@link #start} starts it for a test.
 */
public final class JvmChild {

    private JvmChild() {
    }

    /** Runs until its standard input closes, or it is killed. */
    public static void main(String[] args) throws Exception {
        LogstashPipeline.Builder builder = LogstashPipeline.builder().name(args[0]).option("retryInitialDelay", "50ms")
                .option("retryMaxDelay", "200ms").reporter((message, error) -> { });
        if (args[1].contains(",")) {
            builder.option("destinations", args[1]);
        } else {
            builder.option("host", "127.0.0.1").option("port", args[1]);
        }
        LogstashPipeline pipeline = builder.build();
        // one event delivered before READY (the flush below waits for it), then about 200 a second
        pipeline.offer(new LogEvent(Instant.now(), Severity.INFO, "INFO", "child", "main", 1, "order 0 shipped", null,
                null, null));
        Thread events = new Thread(() -> {
            try {
                for (long i = 1; !Thread.currentThread().isInterrupted(); i++) {
                    pipeline.offer(new LogEvent(Instant.now(), Severity.INFO, "INFO", "child", "main", 1,
                            "order " + i + " shipped", null, null, null));
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                // stopping
            }
        }, "child-events");
        events.setDaemon(true);
        events.start();
        pipeline.flush(Duration.ofSeconds(10));
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the end of input
        }
        events.interrupt();
        pipeline.close();
    }

    /** Starts {@link JvmChild} with pipeline {@code name} sending to {@code port}; returns once it delivered. */
    static Process start(String name, int port) throws Exception {
        return start(name, Integer.toString(port));
    }

    /** Starts {@link JvmChild} with pipeline {@code name} sending to {@code where}; returns once it delivered. */
    static Process start(String name, String where) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(javaBin, "-Xmx128m", "-cp", classPath, JvmChild.class.getName(), name,
                where).redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            StringBuilder output = new StringBuilder();
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.equals("READY")) {
                        return line;
                    }
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                output.append(e);
            }
            return output.toString();
        });
        String answer;
        try {
            answer = ready.get(MonitorFx.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not deliver its first events within " + MonitorFx.PATIENCE, e);
        }
        if (!answer.equals("READY")) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not start its pipeline: " + answer);
        }
        // keep reading its output, so that it never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                while (lines.readLine() != null) {
                    // discarded
                }
            } catch (IOException e) {
                // ended
            }
        }, "child-output");
        drain.setDaemon(true);
        drain.start();
        return process;
    }
}
