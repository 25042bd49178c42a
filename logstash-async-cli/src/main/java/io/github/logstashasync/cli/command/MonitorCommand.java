package io.github.logstashasync.cli.command;

import io.github.logstashasync.fx.QueueMonitor;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code monitor DB | --pid PID | --jmx HOST:PORT | --jvms}: opens the desktop monitor on a queue database or on a
 * running JVM's pipelines, as {@code bin/logstash-async-monitor} does, and waits until its window is closed.
 */
@Command(name = "monitor", description = {
    "Open the desktop monitor (JavaFX) on a queue database: counts, rates, events, repairs (read-only unless"
        + " --read-write); or on a running JVM's pipelines, read live from their MXBeans (--pid, --jmx, --jvms)."
        + " Needs a display; exits 3 without one."})
final class MonitorCommand extends BaseCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DB",
            description = "the queue database file (ours or python-logstash-async's)")
    Path database;

    @Option(names = {"-w", "--read-write"}, description = "allow requeue, delete and flush from the window (a database"
            + " only)")
    boolean readWrite;

    @Option(names = "--pid", paramLabel = "PID", description = "a local JVM of this user, by process id (Attach API)")
    Long pid;

    @Option(names = "--jmx", paramLabel = "HOST:PORT",
            description = "a JVM's JMX port (-Dcom.sun.management.jmxremote.port=PORT, no authentication)")
    String jmx;

    @Option(names = "--jvms", description = "pick from the local JVMs that run a pipeline")
    boolean jvms;

    /** The desktop monitor's module, optional at run time ({@code requires static}). */
    static final String MONITOR_MODULE = "io.github.logstashasync.fx";

    @Override
    public Integer call() throws InterruptedException {
        int sources = (database == null ? 0 : 1) + (pid == null ? 0 : 1) + (jmx == null ? 0 : 1) + (jvms ? 1 : 0);
        if (sources != 1) {
            throw new ParameterException(spec.commandLine(), sources == 0
                    ? "which database or JVM? give DB, --pid PID, --jmx HOST:PORT or --jvms"
                    : "one database or one JVM only: DB, --pid, --jmx and --jvms exclude each other");
        }
        if (readWrite && database == null) {
            throw new ParameterException(spec.commandLine(),
                    "--read-write is for a queue database; a JVM's figures are read only");
        }
        if (!monitorInstalled()) {
            throw new CliException(ExitCodes.IO, "the desktop monitor is not installed: the module " + MONITOR_MODULE
                    + " and JavaFX are not on the module path (the distribution's lib/ has them)");
        }
        try {
            if (database != null) {
                QueueMonitor.open(database, readWrite);
            } else if (pid != null) {
                QueueMonitor.openProcess(pid);
            } else if (jmx != null) {
                QueueMonitor.openJmx(jmx);
            } else {
                QueueMonitor.pickJvm();
            }
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            // a --pid or --jmx value the monitor cannot read: said before any window (the message names the flag)
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        } catch (IOException e) {
            throw new CliException(ExitCodes.IO, e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new CliException(ExitCodes.IO, e.getMessage(), e);
        }
    }

    /** Whether the monitor's module was resolved with this one (or, on the class path, whether its classes are). */
    static boolean monitorInstalled() {
        ModuleLayer layer = MonitorCommand.class.getModule().getLayer();
        if (layer != null) {
            return layer.findModule(MONITOR_MODULE).isPresent();
        }
        try {
            Class.forName(MONITOR_MODULE + ".QueueMonitor", false, MonitorCommand.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
