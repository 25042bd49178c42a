package io.github.logstashasync.fx;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The desktop monitor's own launcher: {@code logstash-async-monitor [--read-write] DB}. A plain main class,
 * not an {@code Application} subclass, so that it also starts from the class path.
 *
 * <p>Exit codes, those of the command-line tool's {@code monitor} command: 0 after the window was closed, 2 for
 * wrong arguments, 3 for a database that cannot be opened or a window that cannot (no display).
 */
public final class MonitorLauncher {

    /** The window was closed. */
    public static final int EXIT_OK = 0;
    /** Wrong arguments. */
    public static final int EXIT_USAGE = 2;
    /** The database cannot be opened, or JavaFX cannot open a window (no display): the tool's I/O error. */
    public static final int EXIT_CANNOT_OPEN = 3;
    /** Interrupted while the window was open. */
    public static final int EXIT_INTERRUPTED = 130;

    private static final String USAGE = "Usage: logstash-async-monitor [--read-write] DB\n"
            + "Shows a logstash-async (or python-logstash-async) queue database live: counts by state, rates,\n"
            + "the events with filters and details; requeue, delete, flush and export.\n"
            + "  -w, --read-write   enable requeue, delete and flush from the start (default: read-only,\n"
            + "                     which holds no lock a writing application would wait for)\n"
            + "  -h, --help         show this help";

    private MonitorLauncher() {
    }

    /** Opens the monitor and exits with its exit code when the window is closed. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the launcher without exiting; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean readWrite = false;
        Path db = null;
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                out.println(USAGE);
                return EXIT_OK;
            } else if (arg.equals("-w") || arg.equals("--read-write")) {
                readWrite = true;
            } else if (arg.startsWith("-")) {
                err.println("logstash-async-monitor: unknown option " + arg + "\n" + USAGE);
                return EXIT_USAGE;
            } else if (db == null) {
                db = Path.of(arg);
            } else {
                err.println("logstash-async-monitor: one database only, got " + db + " and " + arg);
                return EXIT_USAGE;
            }
        }
        if (db == null) {
            err.println("logstash-async-monitor: which database? " + USAGE);
            return EXIT_USAGE;
        }
        try {
            QueueMonitor.open(db, readWrite);
            return EXIT_OK;
        } catch (IOException e) {
            err.println("logstash-async-monitor: " + e.getMessage());
            return EXIT_CANNOT_OPEN;
        } catch (IllegalStateException e) {
            err.println("logstash-async-monitor: " + e.getMessage());
            return EXIT_CANNOT_OPEN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_INTERRUPTED;
        }
    }
}
