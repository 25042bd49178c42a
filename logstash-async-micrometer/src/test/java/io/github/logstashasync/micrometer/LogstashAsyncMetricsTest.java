package io.github.logstashasync.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.Severity;
import io.github.logstashasync.core.LogstashPipeline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A real pipeline sending to a loopback receiver: the registry's meters show what its MXBean shows. */
class LogstashAsyncMetricsTest {

    @Test
    void theMetersShowTheSameCountsAsTheMxBean() throws Exception {
        AtomicInteger lines = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread receiver = new Thread(() -> {
                try (Socket socket = server.accept(); BufferedReader in = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                    while (in.readLine() != null) {
                        lines.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    // the test is over
                }
            });
            receiver.setDaemon(true);
            receiver.start();
            LogstashPipeline pipeline = LogstashPipeline.builder().name("orders").option("host", "127.0.0.1")
                    .option("port", Integer.toString(server.getLocalPort())).build();
            try {
                for (int i = 0; i < 250; i++) {
                    pipeline.offer(new LogEvent(Instant.now(), Severity.INFO, "INFO", "orders", "main", 1,
                            "event " + i, null, null, null));
                }
                assertTrue(pipeline.flush(Duration.ofSeconds(10)), "flushed");

                SimpleMeterRegistry one = new SimpleMeterRegistry();
                new LogstashAsyncMetrics(pipeline).bindTo(one);
                SimpleMeterRegistry all = new SimpleMeterRegistry();
                LogstashAsyncMetrics running = LogstashAsyncMetrics.ofRunningPipelines();
                running.bindTo(all);
                assertTrue(running.pipelineCount() >= 1, "the running pipeline is found over JMX");

                for (SimpleMeterRegistry registry : new SimpleMeterRegistry[] {one, all}) {
                    assertEquals(pipeline.metrics().getSent(), registry.get("logstash.async.events.sent")
                            .tag("pipeline", "orders").functionCounter().count(), "sent as the MXBean says");
                    assertEquals(250, registry.get("logstash.async.events.accepted").tag("pipeline", "orders")
                            .functionCounter().count(), "accepted");
                    assertEquals(0, registry.get("logstash.async.events.dropped").tag("pipeline", "orders")
                            .functionCounter().count(), "dropped");
                    assertEquals(0, registry.get("logstash.async.queue.depth").tag("pipeline", "orders").gauge()
                            .value(), "nothing left queued");
                }
                assertEquals(250, pipeline.metrics().getSent(), "all 250 sent");
            } finally {
                pipeline.close();
            }
        }
    }
}
