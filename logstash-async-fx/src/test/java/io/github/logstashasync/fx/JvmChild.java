package io.github.logstashasync.fx;

import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.Severity;
import io.github.logstashasync.core.LogstashPipeline;
import java.time.Duration;
import java.time.Instant;

/**
 * A JVM with a real pipeline for the JVM view to watch: {@code JvmChild NAME PORT}. The pipeline {@code NAME}
 * sends to 127.0.0.1:{@code PORT} over TCP, about 200 events a second, until standard input closes; it prints
 * {@code READY} once the first events are delivered.
 */
public final class JvmChild {

    private JvmChild() {
    }

    /** Runs until its standard input closes, or it is killed. */
    public static void main(String[] args) throws Exception {
        LogstashPipeline pipeline = LogstashPipeline.builder().name(args[0]).option("host", "127.0.0.1")
                .option("port", args[1]).option("retryInitialDelay", "50ms").option("retryMaxDelay", "200ms")
                .reporter((message, error) -> { }).build();
        Thread events = new Thread(() -> {
            try {
                for (long i = 0; !Thread.currentThread().isInterrupted(); i++) {
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
        Thread.sleep(100);
        pipeline.flush(Duration.ofSeconds(10));
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the end of input
        }
        events.interrupt();
        pipeline.close();
    }
}
