package io.github.logstashasync.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Logback appender as an application uses it (issue 11): {@link LogbackApp} in a JVM of its own, with Logback
 * finding {@code blackbox-logback.xml} itself, once with every jar on the module path (the application a named
 * module) and once with every jar on the class path; the event arrives through the SQLite queue either way.
 */
class LogbackBlackBoxTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theAppenderShipsAnEventFromLogbackXml(boolean modulePath) throws Exception {
        try (JsonLinesServer server = new JsonLinesServer()) {
            Process app = start(modulePath, server.port(), dir.resolve("app.db"));
            assertTrue(app.waitFor(60, TimeUnit.SECONDS), "the application ends");
            String out = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, app.exitValue(), "the application exits normally: " + out);
            assertTrue(out.contains("appender module: " + (modulePath ? "io.github.logstashasync.logback" : "unnamed")),
                    "the appender came from the " + (modulePath ? "module" : "class") + " path: " + out);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (server.lines().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, server.lines().size(), "one document, sent before Logback stopped: " + out);
            JsonNode doc = new ObjectMapper().readTree(server.lines().get(0));
            assertEquals("hello from the " + (modulePath ? "module" : "class") + " path", doc.get("message").asText());
            assertEquals("WARN", doc.get("level").asText());
            assertEquals("blackbox.app", doc.get("extra").get("logger_name").asText(), "the logger: " + doc);
            assertEquals("r-1", doc.get("extra").get("request_id").asText(), "MDC: " + doc);
            assertEquals(42, doc.get("extra").get("order_id").asInt(), "the key-value pair, typed: " + doc);
            List<String> tags = new ArrayList<>();
            doc.get("tags").forEach(tag -> tags.add(tag.asText()));
            assertEquals(List.of("blackbox", "audit"), tags, "the static tag, then the marker");
        }
    }

    private static Process start(boolean modulePath, int port, Path db) throws Exception {
        List<String> entries = new ArrayList<>();
        Path target = Path.of(System.getProperty("user.dir"), "target");
        entries.add(target.resolve("classes").toString());
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                for (String entry : value.split(File.pathSeparator)) {
                    // the test's own classes and JUnit are not part of the application
                    if (!entry.contains("test-classes") && !entry.contains("junit") && !entry.contains("opentest4j")
                            && !entry.contains("apiguardian") && !entries.contains(entry)) {
                        entries.add(entry);
                    }
                }
            }
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-Dlogback.configurationFile=" + target.resolve("test-classes").resolve("blackbox-logback.xml"),
                "-DBLACKBOX_PORT=" + port, "-DBLACKBOX_DB=" + db));
        String path = String.join(File.pathSeparator, entries);
        if (modulePath) {
            command.addAll(List.of("-p", path, "-m", "io.github.logstashasync.blackbox/" + LogbackApp.class.getName()));
        } else {
            command.addAll(List.of("-cp", path, LogbackApp.class.getName()));
        }
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
