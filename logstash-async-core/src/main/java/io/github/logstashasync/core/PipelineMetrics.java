package io.github.logstashasync.core;

import io.github.logstashasync.core.internal.worker.Counters;
import io.github.logstashasync.core.internal.worker.ErrorReporter;
import io.github.logstashasync.core.internal.worker.Worker;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The {@link PipelineMXBean} of one pipeline, and its registration under a name no other pipeline has. */
final class PipelineMetrics implements PipelineMXBean {

    /** The domain and type of every pipeline's MXBean. */
    static final String OBJECT_NAME_PREFIX = "io.github.logstashasync:type=Pipeline,name=";

    private final String name;
    private final String transport;
    private final Path databasePath;
    private final Worker worker;
    private final ErrorReporter reporter;
    private final Supplier<List<DestinationStatistics>> destinations;
    private ObjectName registered;

    PipelineMetrics(String name, String transport, Path databasePath, Worker worker, ErrorReporter reporter,
            Supplier<List<DestinationStatistics>> destinations) {
        this.destinations = destinations;
        this.name = name;
        this.transport = transport;
        this.databasePath = databasePath;
        this.worker = worker;
        this.reporter = reporter;
    }

    /** Registers in the platform MBean server; a name taken by another pipeline gets {@code -2}, {@code -3}... */
    void register() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            for (int n = 1; n < 1_000; n++) {
                ObjectName candidate = new ObjectName(OBJECT_NAME_PREFIX
                        + ObjectName.quote(n == 1 ? name : name + "-" + n));
                try {
                    server.registerMBean(this, candidate);
                    registered = candidate;
                    return;
                } catch (InstanceAlreadyExistsException e) {
                    // another pipeline of that name: try the next suffix
                }
            }
            reporter.report("jmx", "cannot register the pipeline's MXBean: a thousand pipelines are named " + name,
                    null);
        } catch (JMException | RuntimeException | LinkageError e) {
            reporter.report("jmx", "cannot register the pipeline's MXBean (its figures are not visible over JMX): "
                    + e, e);
        }
    }

    /** The name it was registered under, or null. */
    ObjectName objectName() {
        return registered;
    }

    void unregister() {
        if (registered == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(registered);
        } catch (JMException | RuntimeException e) {
            reporter.report("jmx", "cannot unregister the pipeline's MXBean " + registered + ": " + e, e);
        }
        registered = null;
    }

    private Counters counters() {
        return worker.counters();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getTransport() {
        return transport;
    }

    @Override
    public String getDatabasePath() {
        return databasePath == null ? "" : databasePath.toString();
    }

    @Override
    public long getAccepted() {
        return counters().accepted();
    }

    @Override
    public long getPersisted() {
        return counters().persisted();
    }

    @Override
    public long getSent() {
        return counters().sent();
    }

    @Override
    public long getFailed() {
        return counters().failed();
    }

    @Override
    public long getDropped() {
        return counters().droppedBuffer() + counters().droppedQueue();
    }

    @Override
    public long getExpired() {
        return counters().expired();
    }

    @Override
    public long getSentTwice() {
        return worker.sentTwice();
    }

    @Override
    public long getRetries() {
        return counters().retries();
    }

    @Override
    public long getBatchesSent() {
        return counters().batchesSent();
    }

    @Override
    public long getQueueDepth() {
        return worker.pending();
    }

    @Override
    public long getInFlight() {
        return worker.inFlight();
    }

    @Override
    public long getOldestQueuedAgeMillis() {
        Instant oldest = worker.oldestQueued();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis());
    }

    @Override
    public double getSendLatencyP50Millis() {
        return counters().sendLatencyMillis(50);
    }

    @Override
    public double getSendLatencyP99Millis() {
        return counters().sendLatencyMillis(99);
    }

    @Override
    public String getLastError() {
        ErrorReporter.LastError last = reporter.lastError();
        return last == null ? "" : last.message();
    }

    @Override
    public List<String> getDestinations() {
        return destinations.get().stream().map(DestinationStatistics::summary).toList();
    }

    @Override
    public long getLastErrorTimeMillis() {
        ErrorReporter.LastError last = reporter.lastError();
        return last == null ? 0 : last.time().toEpochMilli();
    }
}
