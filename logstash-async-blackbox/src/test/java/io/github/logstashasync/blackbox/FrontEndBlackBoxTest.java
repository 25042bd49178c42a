package io.github.logstashasync.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
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
 * The Logback and Log4j 2 appenders as an application uses them (issue 11): {@link LogbackApp} and
 * {@link Log4jApp} in a JVM of their own, the framework finding its configuration file itself, once with every
 * jar on the module path (the application a named module) and once with every jar on the class path; the event
 * arrives through the SQLite queue either way.
 */
class FrontEndBlackBoxTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theLogbackAppenderShipsAnEventFromLogbackXml(boolean modulePath) throws Exception {
        JsonNode doc = run(LogbackApp.class, "-Dlogback.configurationFile=", "blackbox-logback.xml", modulePath,
                "io.github.logstashasync.logback");
        assertEquals(42, doc.get("extra").get("order_id").asInt(), "the key-value pair, typed: " + doc);
        assertEquals("WARN", doc.get("level").asString());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theLog4jAppenderShipsAnEventFromLog4j2Xml(boolean modulePath) throws Exception {
        JsonNode doc = run(Log4jApp.class, "-Dlog4j2.configurationFile=", "blackbox-log4j2.xml", modulePath,
                "io.github.logstashasync.log4j");
        assertEquals("WARN", doc.get("level").asString());
    }

    /** Runs {@code app} against a receiver, checks what both front-ends send alike, returns the document. */
    private JsonNode run(Class<?> app, String configProperty, String config, boolean modulePath, String module)
            throws Exception {
        try (JsonLinesServer server = new JsonLinesServer()) {
            Process process = start(app, configProperty + config, modulePath, server.port(), dir.resolve("app.db"));
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the application ends");
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), "the application exits normally: " + out);
            assertTrue(out.contains("appender module: " + (modulePath ? module : "unnamed")),
                    "the appender came from the " + (modulePath ? "module" : "class") + " path: " + out);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (server.lines().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, server.lines().size(), "one document, sent before the framework stopped: " + out);
            JsonNode doc = new ObjectMapper().readTree(server.lines().get(0));
            assertEquals("hello from the " + (modulePath ? "module" : "class") + " path", doc.get("message").asString());
            assertEquals("blackbox.app", doc.get("extra").get("logger_name").asString(), "the logger: " + doc);
            assertEquals("r-1", doc.get("extra").get("request_id").asString(), "MDC or ThreadContext: " + doc);
            List<String> tags = new ArrayList<>();
            doc.get("tags").forEach(tag -> tags.add(tag.asString()));
            assertEquals(List.of("blackbox", "audit"), tags, "the static tag, then the marker");
            return doc;
        }
    }

    /** Starts {@code app} in a JVM of its own, every jar of this test on the module path or the class path. */
    static Process start(Class<?> app, String config, boolean modulePath, int port, Path db)
            throws Exception {
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
                config.replace("=", "=" + target.resolve("test-classes") + "/"),
                "-DBLACKBOX_PORT=" + port, "-DBLACKBOX_DB=" + db));
        String path = String.join(File.pathSeparator, entries);
        if (modulePath) {
            command.addAll(List.of("-p", path, "-m", "io.github.logstashasync.blackbox/" + app.getName()));
        } else {
            command.addAll(List.of("-cp", path, app.getName()));
        }
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
