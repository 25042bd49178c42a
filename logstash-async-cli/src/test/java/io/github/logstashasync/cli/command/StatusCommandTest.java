package io.github.logstashasync.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code status} attaches to a child JVM started here and reads its pipeline's figures. */
class StatusCommandTest {

    @Test
    void statusOfAChildJvmShowsItsPipelineAsTableAndJson() throws Exception {
        int closedPort;
        try (ServerSocket free = new ServerSocket(0)) {
            closedPort = free.getLocalPort(); // closed again: the child's sends are refused
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // on the class path: the test classes are patched into the module only inside Surefire's own JVM
        String classPath = System.getProperty("jdk.module.path") + java.io.File.pathSeparator
                + Path.of(StatusChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process child = new ProcessBuilder(List.of(javaBin, "-cp", classPath, StatusChild.class.getName(),
                Integer.toString(closedPort))).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            StringBuilder output = new StringBuilder();
            while ((line = lines.readLine()) != null && !line.equals("READY")) {
                output.append(line).append('\n');
            }
            assertEquals("READY", line, "the child started its pipeline: " + output);
            Thread.sleep(500); // a few refused sends

            CliRunner.Result json = new CliRunner().run("status", Long.toString(child.pid()), "--json");
            assertEquals(ExitCodes.OK, json.exitCode(), json.both());
            JsonNode rows = new ObjectMapper().readTree(json.out());
            assertEquals(1, rows.size(), "one pipeline: " + json.out());
            JsonNode row = rows.get(0);
            assertEquals("status-child", row.get("name").asString(), "its name");
            assertEquals(40, row.get("accepted").asLong(), "accepted");
            assertEquals(0, row.get("sent").asLong(), "nothing sent: the port is closed");
            assertEquals(40, row.get("queueDepth").asLong(), "all queued");
            assertTrue(row.get("retries").asLong() >= 1, "retries counted");
            assertTrue(row.get("lastError").asString().toLowerCase(Locale.ROOT).contains("refused"),
                    "the last error names the refusal: " + row.get("lastError"));

            CliRunner.Result table = new CliRunner().run("status", Long.toString(child.pid()));
            assertEquals(ExitCodes.OK, table.exitCode(), table.both());
            assertTrue(table.out().contains("status-child") && table.out().contains("last error"), table.out());
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    @Test
    void aProcessThatIsNotThereIsAnIoError() {
        CliRunner.Result result = new CliRunner().run("status", "999999999");
        assertEquals(ExitCodes.IO, result.exitCode(), result.both());
        assertTrue(result.err().contains("cannot read process 999999999"), result.err());
    }
}
