package io.github.logstashasync.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's arguments and errors, in this JVM and as a separate process on the module path (the way
 * {@code bin/logstash-async-monitor} runs it), where the core's qualified exports to this module must hold.
 */
class MonitorLauncherTest {

    @TempDir
    Path dir;

    @Test
    void printsHelp() {
        Outcome outcome = run("--help");
        assertEquals(MonitorLauncher.EXIT_OK, outcome.code, "help is no error");
        assertTrue(outcome.out.startsWith("Usage: logstash-async-monitor [--read-write] DB"), "usage: " + outcome.out);
    }

    @Test
    void rejectsWrongArguments() {
        assertEquals(MonitorLauncher.EXIT_USAGE, run().code, "no database");
        assertEquals(MonitorLauncher.EXIT_USAGE, run("--colour", "q.db").code, "an unknown option");
        Outcome two = run("a.db", "b.db");
        assertEquals(MonitorLauncher.EXIT_USAGE, two.code, "two databases");
        assertTrue(two.err.contains("one database only"), "says why: " + two.err);
    }

    @Test
    void rejectsWrongJvmArguments() {
        Outcome pid = run("--pid", "twelve");
        assertEquals(MonitorLauncher.EXIT_USAGE, pid.code, "no process id");
        assertTrue(pid.err.contains("--pid: 'twelve' is no process id"), "names the flag: " + pid.err);
        Outcome jmx = run("--jmx=localhost");
        assertEquals(MonitorLauncher.EXIT_USAGE, jmx.code, "no port");
        assertTrue(jmx.err.contains("--jmx: 'localhost' is no HOST:PORT"), "names the flag: " + jmx.err);
        assertEquals(MonitorLauncher.EXIT_USAGE, run("--pid").code, "no value");
        Outcome both = run("--pid", "12", "q.db");
        assertEquals(MonitorLauncher.EXIT_USAGE, both.code, "a JVM and a database");
        assertTrue(both.err.contains("one database or one JVM"), "says why: " + both.err);
        Outcome readWrite = run("--read-write", "--jvms");
        assertEquals(MonitorLauncher.EXIT_USAGE, readWrite.code, "read-write is for databases");
        assertTrue(readWrite.err.contains("--read-write is for a queue database"), "says why: " + readWrite.err);
    }

    @Test
    void namesAJvmThatCannotBeReadBeforeAnyWindow() throws Exception {
        Outcome missing = run("--pid", "999999999");
        assertEquals(MonitorLauncher.EXIT_CANNOT_OPEN, missing.code, "a process that is not there: 3, as a missing database");
        assertTrue(missing.err.contains("cannot read process 999999999"), "names the process: " + missing.err);
        int closedPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = free.getLocalPort();
        }
        Outcome refused = run("--jmx", "127.0.0.1:" + closedPort);
        assertEquals(MonitorLauncher.EXIT_CANNOT_OPEN, refused.code, "nothing listens on the JMX port");
        assertTrue(refused.err.contains("cannot read 127.0.0.1:" + closedPort + ": "), "names the port: " + refused.err);
    }

    @Test
    void namesADatabaseThatCannotBeOpenedBeforeAnyWindow() throws Exception {
        Outcome missing = run(dir.resolve("missing.db").toString());
        assertEquals(MonitorLauncher.EXIT_CANNOT_OPEN, missing.code, "a missing database: 3, as the tool's monitor");
        assertTrue(missing.err.contains("missing.db does not exist"), "names the file: " + missing.err);
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a database at all, just text. ".repeat(100));
        Outcome notDb = run("--read-write", text.toString());
        assertEquals(MonitorLauncher.EXIT_CANNOT_OPEN, notDb.code, "a file that is no database");
        assertTrue(notDb.err.contains("notes.txt"), "names the file: " + notDb.err);
    }

    @Test
    void runsOnTheModulePath() throws Exception {
        Process help = modulePathLauncher("--help");
        String out = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, exit(help), "--help on the module path exits 0; stderr: " + stderr(help));
        assertTrue(out.startsWith("Usage: logstash-async-monitor"), "prints the usage: " + out);

        // opening a database uses the core's queue package, exported only to this module
        Path missing = dir.resolve("missing.db");
        Process open = modulePathLauncher(missing.toString());
        assertEquals(MonitorLauncher.EXIT_CANNOT_OPEN, exit(open), "a missing database, on the module path");
        assertTrue(stderr(open).contains("missing.db does not exist"), "names the file");

        // reading a JVM uses jdk.attach, which the module requires
        Process attach = modulePathLauncher("--pid", "999999999");
        assertEquals(MonitorLauncher.EXIT_CANNOT_OPEN, exit(attach), "a process that is not there, on the module path");
        String error = stderr(attach);
        assertTrue(error.contains("cannot read process 999999999") && !error.contains("NoClassDefFoundError"),
                "the Attach API is there and says the process is not: " + error);
    }

    @Test
    void readsARunningJvmOnTheModulePathBeforeItNeedsAWindow() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            Process child = JvmChild.start("launched", receiver.port());
            try {
                // without a display: connected (Attach API, the local JMX connector over RMI), then no window
                Process launcher = modulePathLauncher("--pid", Long.toString(child.pid()));
                int code = exit(launcher);
                String error = stderr(launcher);
                assertEquals(MonitorLauncher.EXIT_CANNOT_OPEN, code, "no window: " + error);
                assertTrue(error.contains("cannot open the monitor window") && !error.contains("cannot read process"),
                        "the JVM was read, only the window failed: " + error);
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts the launcher as {@code bin/logstash-async-monitor} does: this module and its dependencies as modules. */
    private static Process modulePathLauncher(String... args) throws Exception {
        List<String> modulePath = new ArrayList<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classPath.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            boolean mainClasses = entry.endsWith("classes") && !entry.endsWith("test-classes");
            if (mainClasses || name.startsWith("logstash-async-") || name.startsWith("jackson-")
                    || name.startsWith("sqlite-jdbc") || name.startsWith("javafx-")) {
                modulePath.add(entry);
            }
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", String.join(File.pathSeparator, modulePath),
                "--module", "io.github.logstashasync.fx/io.github.logstashasync.fx.MonitorLauncher"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("DISPLAY");
        return builder.start();
    }

    private static int exit(Process process) throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the launcher did not end within 60 s");
        }
        return process.exitValue();
    }

    private static String stderr(Process process) throws Exception {
        return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MonitorLauncher.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
