package io.github.logstashasync.cli.command;

import io.github.logstashasync.fx.QueueMonitor;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code monitor DB}: opens the desktop monitor on a queue database and waits until its window is closed. */
@Command(name = "monitor", description = {
    "Open the desktop monitor (JavaFX) on a queue database: counts, rates, events, repairs. Read-only unless"
        + " --read-write. Needs a display."})
final class MonitorCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "DB", description = "the queue database file (ours or python-logstash-async's)")
    Path database;

    @Option(names = "--read-write", description = "allow requeue, delete and flush from the window")
    boolean readWrite;

    /** The desktop monitor's module, optional at run time ({@code requires static}). */
    static final String MONITOR_MODULE = "io.github.logstashasync.fx";

    @Override
    public Integer call() throws InterruptedException {
        if (!monitorInstalled()) {
            throw new CliException(ExitCodes.IO, "the desktop monitor is not installed: the module " + MONITOR_MODULE
                    + " and JavaFX are not on the module path (the distribution's lib/ has them)");
        }
        try {
            QueueMonitor.open(database, readWrite);
            return ExitCodes.OK;
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
