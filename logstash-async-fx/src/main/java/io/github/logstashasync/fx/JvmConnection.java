package io.github.logstashasync.fx;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.management.AttributeList;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JMX connection to a running JVM and the reading of its pipelines' MXBeans. Every call blocks on the network
 * (a local socket for an attached process): use it off the JavaFX thread.
 */
final class JvmConnection implements AutoCloseable {

    /** The object names of every pipeline's MXBean, as the core registers them. */
    static final String PIPELINES = "io.github.logstashasync:type=Pipeline,*";

    /** The property the JVM's agent keeps the address of its local JMX connector in, once started. */
    private static final String LOCAL_CONNECTOR = "com.sun.management.jmxremote.localConnectorAddress";

    private final JvmTarget target;
    private final JMXConnector connector;
    private final MBeanServerConnection server;
    private final ObjectName pipelines;
    private final long pid;
    private final String program;

    private JvmConnection(JvmTarget target, JMXConnector connector) throws IOException {
        this.target = target;
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
        try {
            this.pipelines = new ObjectName(PIPELINES);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        RuntimeMXBean runtime = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.RUNTIME_MXBEAN_NAME,
                RuntimeMXBean.class);
        this.pid = runtime.getPid();
        this.program = program(runtime.getSystemProperties().get("sun.java.command"));
    }

    /**
     * Connects to {@code target}: attaches to a local process and starts its local JMX agent unless it runs, or
     * opens the RMI connector of a JMX port.
     *
     * @throws IOException when the JVM cannot be reached; the message names it and says why
     */
    static JvmConnection open(JvmTarget target) throws IOException {
        JMXConnector connector;
        try {
            connector = JMXConnectorFactory.connect(address(target));
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read " + target + ": " + message(e)
                    + (target instanceof JvmTarget.Local ? " (is it a JVM of this user, still running?)" : ""), e);
        }
        try {
            return new JvmConnection(target, connector);
        } catch (IOException | RuntimeException e) {
            closeQuietly(connector);
            throw new IOException("cannot read " + target + ": " + message(e), e);
        }
    }

    private static JMXServiceURL address(JvmTarget target) throws IOException {
        if (target instanceof JvmTarget.Remote remote) {
            return new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + remote + "/jmxrmi");
        }
        long pid = ((JvmTarget.Local) target).pid();
        if (pid == ProcessHandle.current().pid()) {
            throw new IOException("that is the monitor's own process");
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            throw new IOException(e.getMessage(), e);
        }
        try {
            String address = vm.getAgentProperties().getProperty(LOCAL_CONNECTOR);
            return new JMXServiceURL(address != null ? address : vm.startLocalManagementAgent());
        } finally {
            vm.detach();
        }
    }

    /** What the user asked to read. */
    JvmTarget target() {
        return target;
    }

    /** The JVM's process id (on its own machine, for a JMX port). */
    long pid() {
        return pid;
    }

    /** The JVM's main class or jar, or empty when it does not say. */
    String program() {
        return program;
    }

    /** A title for the window: the target, the process id when the target does not say it, and the program. */
    String describe() {
        String what = target instanceof JvmTarget.Remote ? target + " · process " + pid : target.toString();
        return program.isEmpty() ? what : what + " · " + program;
    }

    /**
     * Reads the figures of every pipeline registered now, sorted by object name. A pipeline that closes between
     * the query and its reading is left out.
     *
     * @throws IOException when the JVM cannot be read any more (it ended, or the connection broke)
     */
    JvmReading read(Clock clock) throws IOException {
        List<PipelineFigures> figures = new ArrayList<>();
        for (ObjectName name : new TreeSet<>(server.queryNames(pipelines, null))) {
            try {
                AttributeList attributes = server.getAttributes(name, PipelineFigures.ATTRIBUTES);
                figures.add(PipelineFigures.of(key(name), attributes));
            } catch (InstanceNotFoundException e) {
                // closed just now: it will be missing from the next query too
            } catch (JMException e) {
                throw new IllegalStateException("cannot read " + name + ": " + e, e);
            }
        }
        return new JvmReading(clock.instant(), figures);
    }

    /**
     * Whether the process is known to have ended: always false for a JMX port, whose process may live on another
     * machine.
     */
    boolean ended() {
        return target instanceof JvmTarget.Local local
                && !ProcessHandle.of(local.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Closes the connection; the JVM read is not affected. */
    @Override
    public void close() {
        closeQuietly(connector);
    }

    /** The {@code name} key of a pipeline's object name, unquoted. */
    static String key(ObjectName name) {
        String key = name.getKeyProperty("name");
        if (key == null) {
            return name.getCanonicalName();
        }
        try {
            return key.startsWith("\"") ? ObjectName.unquote(key) : key;
        } catch (IllegalArgumentException e) {
            return key;
        }
    }

    /** The main class or jar of a {@code sun.java.command} value, without the arguments. */
    static String program(String command) {
        if (command == null || command.isBlank()) {
            return "";
        }
        String first = command.strip().split("\\s+", 2)[0];
        int slash = Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'));
        return first.endsWith(".jar") && slash >= 0 ? first.substring(slash + 1) : first;
    }

    private static void closeQuietly(JMXConnector connector) {
        try {
            connector.close();
        } catch (IOException | RuntimeException e) {
            // the JVM is gone or the connection broke: nothing is left to close on its side
        }
    }

    static String message(Throwable error) {
        Throwable cause = error;
        // RMI wraps the reason (connection refused, no such object) in one or two layers
        while (cause.getCause() != null && cause.getCause() != cause
                && (cause.getMessage() == null || cause.getMessage().contains("Exception"))) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
