package io.github.logstashasync.fx;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The desktop monitor's own launcher: {@code logstash-async-monitor [--read-write] DB} for a queue database,
 * {@code --pid PID}, {@code --jmx HOST:PORT} or {@code --jvms} for a running JVM. A plain main class, not an
 * {@code Application} subclass, so that it also starts from the class path.
 *
 * <p>Exit codes, those of the command-line tool's {@code monitor} command: 0 after the window was closed, 2 for
 * wrong arguments, 3 for a database that cannot be opened, a JVM that cannot be read, or a window that cannot
 * (no display).
 */
public final class MonitorLauncher {

    /** The window was closed. */
    public static final int EXIT_OK = 0;
    /** Wrong arguments. */
    public static final int EXIT_USAGE = 2;
    /** The database or JVM cannot be opened, or JavaFX cannot open a window (no display): the tool's I/O error. */
    public static final int EXIT_CANNOT_OPEN = 3;
    /** Interrupted while the window was open. */
    public static final int EXIT_INTERRUPTED = 130;

    private static final String USAGE = "Usage: logstash-async-monitor [--read-write] DB\n"
            + "       logstash-async-monitor --pid PID | --jmx HOST:PORT | --jvms\n"
            + "Shows a logstash-async (or python-logstash-async) queue database live: counts by state, rates,\n"
            + "the events with filters and details; requeue, delete, flush and export. Or shows the pipelines of\n"
            + "a running JVM live, read from their MXBeans: accepted, sent, failed, dropped, queued, the last error.\n"
            + "  -w, --read-write   enable requeue, delete and flush from the start (default: read-only,\n"
            + "                     which holds no lock a writing application would wait for)\n"
            + "  --pid PID          a local JVM of this user, by process id (Attach API)\n"
            + "  --jmx HOST:PORT    a JVM's JMX port (-Dcom.sun.management.jmxremote.port=PORT)\n"
            + "  --jvms             pick from the local JVMs that run a pipeline\n"
            + "  -h, --help         show this help";

    private MonitorLauncher() {
    }

    /** Opens the monitor and exits with its exit code when the window is closed. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** What the command line asks to open. */
    private record Request(Path db, boolean readWrite, JvmTarget jvm, boolean pick) {
    }

    /** Runs the launcher without exiting; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Request request;
        try {
            request = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("logstash-async-monitor: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (request == null) {
            out.println(USAGE);
            return EXIT_OK;
        }
        try {
            MonitorSettings settings = MonitorSettings.defaults();
            if (request.db() != null) {
                QueueMonitor.open(request.db(), request.readWrite(), settings);
            } else if (request.jvm() != null) {
                QueueMonitor.openJvm(request.jvm(), settings);
            } else {
                QueueMonitor.pickJvm(settings);
            }
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

    /** Reads the arguments; null for {@code --help}. */
    private static Request parse(String[] args) {
        boolean readWrite = false;
        boolean pick = false;
        Path db = null;
        JvmTarget jvm = null;
        int sources = 0;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (arg.equals("-h") || arg.equals("--help")) {
                return null;
            } else if (arg.equals("-w") || arg.equals("--read-write")) {
                readWrite = true;
            } else if (flag.equals("--pid") || flag.equals("--jmx")) {
                String value;
                if (!flag.equals(arg)) {
                    value = arg.substring(flag.length() + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
                }
                jvm = flag.equals("--pid") ? JvmTarget.parsePid(flag, value) : JvmTarget.parseJmx(flag, value);
                sources++;
            } else if (arg.equals("--jvms")) {
                pick = true;
                sources++;
            } else if (arg.startsWith("-")) {
                throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            } else if (db == null) {
                db = Path.of(arg);
                sources++;
            } else {
                throw new IllegalArgumentException("one database only, got " + db + " and " + arg);
            }
        }
        if (sources == 0) {
            throw new IllegalArgumentException("which database or JVM? " + USAGE);
        }
        if (sources > 1) {
            throw new IllegalArgumentException("one database or one JVM (--pid, --jmx, --jvms) only");
        }
        if (readWrite && db == null) {
            throw new IllegalArgumentException("--read-write is for a queue database; a JVM's figures are read only");
        }
        return new Request(db, readWrite, jvm, pick);
    }
}
