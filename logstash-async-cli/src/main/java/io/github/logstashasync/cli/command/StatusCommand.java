package io.github.logstashasync.cli.command;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.core.PipelineMXBean;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code status [PID]}: the live figures of the pipelines of a running JVM, read from their MXBeans through the
 * Attach API (a local JVM of the same user) or a JMX port ({@code --jmx host:port}).
 */
@Command(name = "status", description = {
    "Show the live figures of the pipelines in a running JVM: accepted, sent, failed, dropped, queued, the last"
        + " error. Without a PID, list the local JVMs that run pipelines."})
final class StatusCommand extends BaseCommand {

    private static final String PIPELINES = "io.github.logstashasync:type=Pipeline,*";

    @Parameters(index = "0", arity = "0..1", paramLabel = "PID", description = "the process id of a local JVM")
    Long pid;

    @Option(names = "--jmx", paramLabel = "HOST:PORT", description = "read a JVM's JMX port (RMI) instead of attaching")
    String jmx;

    @Option(names = "--watch", arity = "0..1", fallbackValue = "2", paramLabel = "SECONDS",
            description = "refresh every SECONDS (default 2) until Ctrl-C")
    Integer watch;

    @Override
    public Integer call() throws Exception {
        if (pid == null && jmx == null) {
            return listJvms();
        }
        if (watch != null && watch < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--watch needs 1 second or more");
        }
        try (JMXConnector connector = connect()) {
            MBeanServerConnection connection = connector.getMBeanServerConnection();
            while (true) {
                List<PipelineMXBean> pipelines = pipelines(connection);
                print(pipelines);
                if (watch == null) {
                    return pipelines.isEmpty() ? ExitCodes.NOT_FOUND : ExitCodes.OK;
                }
                Thread.sleep(watch * 1_000L);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        }
    }

    private JMXConnector connect() {
        String target = jmx != null ? jmx : "process " + pid;
        try {
            if (jmx != null) {
                return JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + jmx + "/jmxrmi"));
            }
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                return JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | IOException | IllegalArgumentException e) {
            throw new CliException(ExitCodes.IO, "cannot read " + target + ": " + e.getMessage()
                    + (jmx == null ? " (is it a JVM of this user, still running?)" : ""), e);
        }
    }

    private static List<PipelineMXBean> pipelines(MBeanServerConnection connection) throws IOException {
        List<PipelineMXBean> found = new ArrayList<>();
        try {
            for (ObjectName name : new TreeSet<>(connection.queryNames(new ObjectName(PIPELINES), null))) {
                found.add(JMX.newMXBeanProxy(connection, name, PipelineMXBean.class));
            }
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private void print(List<PipelineMXBean> pipelines) {
        if (json()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (PipelineMXBean p : pipelines) {
                rows.add(figures(p));
            }
            out().println(Json.pretty(rows));
        } else if (pipelines.isEmpty()) {
            out().println("no logstash-async pipeline runs in this JVM");
        } else {
            out().println(String.format(Locale.ROOT, "%-20s %-6s %10s %10s %8s %8s %8s %8s %9s %9s  %s", "pipeline",
                    "via", "accepted", "sent", "failed", "dropped", "queued", "retries", "p50 ms", "p99 ms",
                    "last error"));
            for (PipelineMXBean p : pipelines) {
                String error = p.getLastError();
                if (!error.isEmpty()) {
                    Duration ago = Duration.between(Instant.ofEpochMilli(p.getLastErrorTimeMillis()), Instant.now());
                    error = error + " (" + Math.max(0, ago.getSeconds()) + " s ago)";
                }
                out().println(String.format(Locale.ROOT, "%-20s %-6s %,10d %,10d %,8d %,8d %,8d %,8d %9.2f %9.2f  %s",
                        p.getName(), p.getTransport(), p.getAccepted(), p.getSent(), p.getFailed(), p.getDropped(),
                        p.getQueueDepth(), p.getRetries(), p.getSendLatencyP50Millis(), p.getSendLatencyP99Millis(),
                        error));
                for (String destination : p.getDestinations()) {
                    out().println("    " + destination);
                }
            }
        }
        out().flush();
    }

    private static Map<String, Object> figures(PipelineMXBean p) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", p.getName());
        row.put("transport", p.getTransport());
        row.put("databasePath", p.getDatabasePath().isEmpty() ? null : p.getDatabasePath());
        row.put("accepted", p.getAccepted());
        row.put("persisted", p.getPersisted());
        row.put("sent", p.getSent());
        row.put("failed", p.getFailed());
        row.put("dropped", p.getDropped());
        row.put("expired", p.getExpired());
        row.put("retries", p.getRetries());
        row.put("sentTwice", p.getSentTwice());
        row.put("batchesSent", p.getBatchesSent());
        row.put("queueDepth", p.getQueueDepth());
        row.put("inFlight", p.getInFlight());
        row.put("oldestQueuedAgeMillis", p.getOldestQueuedAgeMillis());
        row.put("sendLatencyP50Millis", p.getSendLatencyP50Millis());
        row.put("sendLatencyP99Millis", p.getSendLatencyP99Millis());
        row.put("lastError", p.getLastError().isEmpty() ? null : p.getLastError());
        row.put("lastErrorTime", p.getLastErrorTimeMillis() == 0 ? null
                : Instant.ofEpochMilli(p.getLastErrorTimeMillis()).toString());
        if (!p.getDestinations().isEmpty()) {
            row.put("destinations", p.getDestinations());
        }
        return row;
    }

    /** Attaches to every local JVM but this one and lists those with pipelines. */
    private int listJvms() {
        String self = Long.toString(ProcessHandle.current().pid());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (VirtualMachineDescriptor descriptor : VirtualMachine.list()) {
            if (descriptor.id().equals(self)) {
                continue;
            }
            try {
                VirtualMachine vm = VirtualMachine.attach(descriptor);
                try (JMXConnector connector = JMXConnectorFactory.connect(
                        new JMXServiceURL(vm.startLocalManagementAgent()))) {
                    List<PipelineMXBean> pipelines = pipelines(connector.getMBeanServerConnection());
                    if (!pipelines.isEmpty()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("pid", Long.parseLong(descriptor.id()));
                        row.put("name", descriptor.displayName());
                        row.put("pipelines", pipelines.stream().map(PipelineMXBean::getName).toList());
                        rows.add(row);
                    }
                } finally {
                    vm.detach();
                }
            } catch (AttachNotSupportedException | IOException | RuntimeException e) {
                // a JVM that cannot be attached to (another user's, or ending): not ours to show
            }
        }
        if (json()) {
            out().println(Json.pretty(rows));
        } else if (rows.isEmpty()) {
            out().println("no local JVM runs a logstash-async pipeline");
        } else {
            for (Map<String, Object> row : rows) {
                out().println(row.get("pid") + "  " + row.get("name") + "  " + row.get("pipelines"));
            }
        }
        out().flush();
        return ExitCodes.OK;
    }
}
