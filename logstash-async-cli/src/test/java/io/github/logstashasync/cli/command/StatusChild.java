package io.github.logstashasync.cli.command;

import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.Severity;
import io.github.logstashasync.core.LogstashPipeline;
import java.time.Duration;
import java.time.Instant;

/** A JVM with a pipeline for {@code status} to read: 40 events to a port where nothing listens, then it waits. */
public final class StatusChild {

    private StatusChild() {
    }

    /** Runs until its standard input closes. */
    public static void main(String[] args) throws Exception {
        LogstashPipeline pipeline = LogstashPipeline.builder().name("status-child").option("host", "127.0.0.1")
                .option("port", args[0]).option("retryInitialDelay", "50ms").option("retryMaxDelay", "200ms")
                .reporter((message, error) -> { }).build();
        for (int i = 0; i < 40; i++) {
            pipeline.offer(new LogEvent(Instant.now(), Severity.INFO, "INFO", "child", "main", 1, "event " + i, null,
                    null, null));
        }
        pipeline.flush(Duration.ofMillis(500));
        System.out.println("READY");
        System.out.flush();
        System.in.read();
        pipeline.close();
    }
}
