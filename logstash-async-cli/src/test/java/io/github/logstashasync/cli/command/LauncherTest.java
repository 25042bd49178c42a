package io.github.logstashasync.cli.command;

import static io.github.logstashasync.cli.command.TestReceivers.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool as a separate process on the module path, as the launcher runs it (the launcher itself, from the unpacked
 * distribution, is tested by the distribution module's {@code DistributionTest}).
 */
class LauncherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAIN = "io.github.logstashasync.cli/io.github.logstashasync.cli.Main";

    @TempDir
    Path dir;

    /** One finished process: exit code and output. */
    record Run(int exitCode, String out, String err) {
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Process start(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_OPTS");
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private static Run finish(Process process, Duration timeout) throws Exception {
        // read both streams fully; the outputs here are small
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the process did not end within " + timeout);
        }
        return new Run(process.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> tool(String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-p", System.getProperty("jdk.module.path"), "-m", MAIN));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void sendsToALoopbackReceiverAsAProcessOnTheModulePath() throws Exception {
        try (TestReceivers.Lines receiver = new TestReceivers.Lines()) {
            Run run = finish(start(tool("send", "--host", "127.0.0.1", "--port", "" + receiver.port(), "--json")),
                    Duration.ofSeconds(60));
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertEquals(4, JSON.readTree(run.out()).get("sent").asInt(), run.out());
            await(Duration.ofSeconds(5), () -> receiver.lines.size() == 4, "the four seed events");
            assertEquals("java-logstash-async: test logstash error message.",
                    JSON.readTree(receiver.lines.get(0)).get("message").asString());
        }
    }

    @Test
    void aFlushStoppedBySigtermLeavesNothingClaimedAndResumes() throws Exception {
        int events = 30_000;
        Path db = dir.resolve("signal.db");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            texts.add(PythonDatabase.event("INFO", "drained across a signal", i));
        }
        PythonDatabase.create(db, texts);
        try (QueueFlushTest.GatedReceiver receiver = new QueueFlushTest.GatedReceiver()) {
            Process flush = start(tool("queue", "flush", db.toString(), "--host", "127.0.0.1", "--port",
                    "" + receiver.port(), "--progress", "none"));
            CliRunner cli = new CliRunner();
            await(Duration.ofSeconds(30), () -> inFlight(cli, db) > 0, "a batch in flight in the child");
            // SIGTERM, the same shutdown hooks as Ctrl-C; through the handle: Process.destroy() closes our end of
            // the pipes, and the last lines the process writes would be lost to the test
            flush.toHandle().destroy();
            Thread.sleep(200);
            receiver.open();
            Run stopped = finish(flush, Duration.ofSeconds(30));
            // SIGTERM: the JVM ends with 128 + 15 once the hooks ran (Ctrl-C gives 128 + 2, ExitCodes.INTERRUPTED)
            assertEquals(143, stopped.exitCode(), "a stopped flush does not report success: " + stopped.err());
            // the process ends when the shutdown hooks are done: the last lines must be out by then
            assertTrue(stopped.out().startsWith("delivered "), "the final line of figures: " + stopped.out() + stopped.err());
            assertTrue(stopped.out().contains(" remaining "), stopped.out());
            assertTrue(stopped.err().contains("stopped: ") && stopped.err().contains("run the same command again to"
                    + " resume"), "how to resume: " + stopped.err());
            assertEquals(0, inFlight(cli, db), "the stopped drain returned what it had claimed");

            CliRunner.Result resumed = cli.run("queue", "flush", db.toString(), "--host", "127.0.0.1", "--port",
                    "" + receiver.port(), "--progress", "none");
            assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
            await(Duration.ofSeconds(10), () -> receiver.lines.size() >= events, "every event");
            assertEquals(events, List.copyOf(receiver.lines).stream().map(line -> line.replaceAll(".*\"seq\": (\\d+).*", "$1"))
                    .distinct().count(), "every event arrived, none lost");
        }
    }

    private static long inFlight(CliRunner cli, Path db) {
        CliRunner.Result result = cli.run("queue", "stats", db.toString(), "--json");
        try {
            return result.exitCode() == 0 ? JSON.readTree(result.out()).get("inFlight").asLong() : 0;
        } catch (JacksonException e) {
            return 0;
        }
    }
}
