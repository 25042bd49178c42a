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

    @Override
    public Integer call() {
        try {
            QueueMonitor.open(database, readWrite);
            return ExitCodes.OK;
        } catch (IOException e) {
            err().println("error: " + e.getMessage());
            err().flush();
            return ExitCodes.IO;
        } catch (IllegalStateException e) {
            err().println("error: cannot open a window: " + e.getMessage());
            err().flush();
            return ExitCodes.IO;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        }
    }
}
