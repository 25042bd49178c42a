package io.github.logstashasync.core;

import static io.github.logstashasync.core.LineReceiver.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's figures over JMX (platform server and a real connector) and in Flight Recorder recordings. */
class PipelineMetricsTest {

    @TempDir
    Path dir;

    @Test
    void theMxBeanFollowsSendsThenFailuresWhenTheReceiverDies() throws Exception {
        MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
        JMXConnectorServer connectorServer = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null, platform);
        connectorServer.start();
        try (LineReceiver receiver = new LineReceiver();
             JMXConnector client = JMXConnectorFactory.connect(connectorServer.getAddress())) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).retryInitialDelay(Duration.ofMillis(50))
                    .retryMaxDelay(Duration.ofMillis(200)).build();
            ObjectName name = handler.pipeline().objectName();
            assertTrue(platform.isRegistered(name), "registered as " + name);
            assertTrue(name.toString().startsWith("io.github.logstashasync:type=Pipeline,name="), name.toString());
            PipelineMXBean local = JMX.newMXBeanProxy(platform, name, PipelineMXBean.class);
            MBeanServerConnection connection = client.getMBeanServerConnection();
            PipelineMXBean remote = JMX.newMXBeanProxy(connection, name, PipelineMXBean.class);

            Logger logger = TestSupport.logger("metrics", handler);
            for (int i = 0; i < 100; i++) {
                logger.info("event " + i);
            }
            assertTrue(handler.flush(Duration.ofSeconds(10)), "flushed");
            assertEquals(100, local.getSent(), "sent, through the platform server");
            assertEquals(100, remote.getSent(), "sent, through the JMX connector");
            assertEquals(100, remote.getAccepted(), "accepted");
            assertTrue(remote.getBatchesSent() >= 1, "batches");
            assertTrue(remote.getSendLatencyP99Millis() >= remote.getSendLatencyP50Millis(), "percentiles in order");
            assertEquals("tcp", remote.getTransport(), "transport");

            receiver.stop();
            for (int i = 0; i < 50; i++) {
                logger.info("while the receiver is down " + i);
            }
            await(Duration.ofSeconds(15), () -> remote.getRetries() >= 2, "failed sends counted as retries");
            assertTrue(remote.getQueueDepth() >= 1, "events wait in the queue: " + remote.getQueueDepth());
            String lastError = remote.getLastError().toLowerCase(java.util.Locale.ROOT);
            assertTrue(lastError.contains("refused") || lastError.contains("connect"),
                    "the last error names the refused connection: " + remote.getLastError());
            assertTrue(remote.getLastErrorTimeMillis() > 0, "with its time");
            assertEquals(100, remote.getSent(), "nothing more sent while down");

            handler.close();
            assertFalse(platform.isRegistered(name), "unregistered on close");
        } finally {
            connectorServer.stop();
        }
    }

    @Test
    void twoPipelinesOfOneNameGetDistinctObjectNames() {
        LogstashPipeline a = LogstashPipeline.builder().name("same").host("127.0.0.1").port(1).build();
        LogstashPipeline b = LogstashPipeline.builder().name("same").host("127.0.0.1").port(1).build();
        try {
            assertNotEquals(a.objectName(), b.objectName(), "distinct names");
            assertTrue(b.objectName().toString().contains("same-2"), "the second gets a suffix: " + b.objectName());
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aFlightRecordingHoldsTheBatchesSent() throws Exception {
        Path file = dir.resolve("run.jfr");
        try (LineReceiver receiver = new LineReceiver(); Recording recording = new Recording()) {
            recording.enable("io.github.logstashasync.BatchSent");
            recording.enable("io.github.logstashasync.EventsDropped");
            recording.start();
            LogstashPipeline pipeline = LogstashPipeline.builder().name("jfr").host("127.0.0.1")
                    .port(receiver.port()).build();
            for (int i = 0; i < 300; i++) {
                pipeline.offer(Events.event("INFO", "recorded " + i));
            }
            assertTrue(pipeline.flush(Duration.ofSeconds(10)), "flushed");
            pipeline.close();
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        long sent = events.stream().filter(e -> e.getEventType().getName().equals("io.github.logstashasync.BatchSent"))
                .filter(e -> "jfr".equals(e.getString("pipeline"))).mapToLong(e -> e.getInt("count")).sum();
        assertEquals(300, sent, "the recording's batches add up to the events sent");
    }

    @Test
    void aFlightRecordingShowsADestinationGoingDownAndComingBack() throws Exception {
        Path file = dir.resolve("destinations.jfr");
        int primaryPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            primaryPort = probe.getLocalPort(); // closed at once: the primary is down at the start
        }
        String primary = "127.0.0.1:" + primaryPort;
        LineReceiver revived = null;
        try (LineReceiver secondary = new LineReceiver(); Recording recording = new Recording()) {
            recording.enable("io.github.logstashasync.DestinationDown");
            recording.enable("io.github.logstashasync.DestinationUp");
            recording.start();
            LogstashPipeline pipeline = LogstashPipeline.builder().name("jfr-destinations")
                    .destinations(List.of(primary, "127.0.0.1:" + secondary.port()))
                    .flushInterval(Duration.ofMillis(50)).secondaryConnectionTtl(Duration.ofMillis(200))
                    .retryInitialDelay(Duration.ofMillis(50))
                    .retryMaxDelay(Duration.ofMillis(200)).build();
            try {
                pipeline.offer(Events.event("INFO", "while the primary is down"));
                LineReceiver.await(Duration.ofSeconds(10), () -> secondary.lines().size() == 1, "the secondary takes it");
                revived = new LineReceiver(primaryPort);
                LineReceiver receiver = revived;
                for (int i = 0; i < 100 && receiver.lines().isEmpty(); i++) {
                    pipeline.offer(Events.event("INFO", "later " + i));
                    Thread.sleep(50);
                }
                LineReceiver.await(Duration.ofSeconds(10), () -> !receiver.lines().isEmpty(), "back to the primary");
            } finally {
                pipeline.close();
            }
            recording.stop();
            recording.dump(file);
        } finally {
            if (revived != null) {
                revived.close();
            }
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<String> life = events.stream().filter(e -> e.getEventType().getName().startsWith("io.github.logstashasync.Dest"))
                .filter(e -> primary.equals(e.getString("destination")))
                .map(e -> e.getEventType().getName().replace("io.github.logstashasync.", "")).toList();
        assertEquals(List.of("DestinationDown", "DestinationUp"), life, "the primary's life in the recording");
    }
}
