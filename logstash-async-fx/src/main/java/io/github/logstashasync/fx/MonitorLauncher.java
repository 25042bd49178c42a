package io.github.logstashasync.fx;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The desktop monitor's own launcher: {@code logstash-async-monitor [--read-write] DB}. A plain main class,
 * not an {@code Application} subclass, so that it also starts from the class path.
 *
 * <p>Exit codes: 0 after the window was closed, 1 when no window can be opened, 2 for wrong arguments or a
 * database that cannot be opened.
 */
public final class MonitorLauncher {

    /** The window was closed. */
    public static final int EXIT_OK = 0;
    /** JavaFX cannot open a window (no display). */
    public static final int EXIT_NO_WINDOW = 1;
    /** Wrong arguments, or the database cannot be opened. */
    public static final int EXIT_USAGE = 2;

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
            return EXIT_USAGE;
        } catch (IllegalStateException e) {
            err.println("logstash-async-monitor: " + e.getMessage());
            return EXIT_NO_WINDOW;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_NO_WINDOW;
        }
    }
}
