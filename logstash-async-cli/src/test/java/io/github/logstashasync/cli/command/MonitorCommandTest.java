package io.github.logstashasync.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code monitor}: its help, and one-line errors before any window: a database that is not there, a JVM that cannot
 * be read (so {@code --pid} and {@code --jmx} reach the JVM view), and usage errors that name the option.
 */
class MonitorCommandTest {

    private final CliRunner cli = new CliRunner();

    @TempDir
    Path dir;

    @Test
    void helpDescribesTheCommand() {
        CliRunner.Result result = cli.run("monitor", "--help");
        assertEquals(ExitCodes.OK, result.exitCode(), result.err());
        assertTrue(result.out().contains("--read-write"), result.out());
        for (String option : List.of("--pid=PID", "--jmx=HOST:PORT", "--jvms")) {
            assertTrue(result.out().contains(option), "the help lists " + option + ": " + result.out());
        }
    }

    @Test
    void aJvmThatCannotBeReadIsAnIoErrorWithoutAWindow() throws Exception {
        CliRunner.Result pid = cli.run("monitor", "--pid", "999999999");
        assertEquals(ExitCodes.IO, pid.exitCode(), "exit code 3 expected: " + pid.err());
        assertTrue(pid.err().contains("cannot read process 999999999"), "the JVM view tried the process: " + pid.err());

        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }
        CliRunner.Result jmx = cli.run("monitor", "--jmx", "127.0.0.1:" + closed);
        assertEquals(ExitCodes.IO, jmx.exitCode(), "exit code 3 expected: " + jmx.err());
        assertTrue(jmx.err().contains("cannot read 127.0.0.1:" + closed), "the JVM view tried the port: " + jmx.err());
    }

    @Test
    void usageErrorsNameWhatIsWrong() {
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("monitor"), "which database or JVM? give DB, --pid PID, --jmx HOST:PORT or --jvms");
        cases.put(List.of("monitor", "q.db", "--pid", "12"), "one database or one JVM only");
        cases.put(List.of("monitor", "--jvms", "--jmx", "127.0.0.1:9010"), "one database or one JVM only");
        cases.put(List.of("monitor", "--pid", "12", "--read-write"), "--read-write is for a queue database");
        cases.put(List.of("monitor", "--pid", "0"), "--pid: '0' is no process id");
        cases.put(List.of("monitor", "--pid", "twelve"), "--pid");
        cases.put(List.of("monitor", "--jmx", "localhost"), "--jmx: 'localhost' is no HOST:PORT");
        for (Map.Entry<List<String>, String> each : cases.entrySet()) {
            CliRunner.Result result = cli.run(each.getKey().toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, result.exitCode(), each.getKey() + ": " + result.err());
            assertTrue(result.err().contains(each.getValue()), each.getKey() + " says " + each.getValue() + ": "
                    + result.err());
        }
    }

    @Test
    void aMissingDatabaseIsAnIoErrorWithoutAWindow() {
        Path missing = dir.resolve("nothing-here.db");
        CliRunner.Result result = cli.run("monitor", missing.toString());
        assertEquals(ExitCodes.IO, result.exitCode(), "exit code 3 expected: " + result.err());
        assertTrue(result.err().contains("nothing-here.db"), "the file should be named: " + result.err());
    }
}
