package io.github.logstashasync.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The request filter as a web application uses it (issue 15): {@link WebApp} (embedded Jetty 12, our filter, our
 * Logback appender and JUL handler) in a JVM of its own, once with every jar on the module path (the filter a
 * named module) and once on the class path; real HTTP requests, and the request's fields at a loopback receiver.
 */
class WebAppBlackBoxTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theRequestFieldsArriveFromAWebApplication(boolean modulePath) throws Exception {
        try (JsonLinesServer server = new JsonLinesServer()) {
            Process process = FrontEndBlackBoxTest.start(WebApp.class, "-Dlogback.configurationFile="
                    + "blackbox-web-logback.xml", modulePath, server.port(), dir.resolve("web.db"));
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the application ends");
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), "the application exits normally: " + out);
            assertTrue(out.contains("filter module: " + (modulePath ? "io.github.logstashasync.servlet" : "unnamed")),
                    "the filter came from the " + (modulePath ? "module" : "class") + " path: " + out);
            assertTrue(out.contains("/hello/one 200") && out.contains("/missing 404"), "the two requests: " + out);
            String base = out.lines().filter(line -> line.startsWith("base: ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no base URL in " + out)).substring("base: ".length());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (server.lines().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<String> lines = server.lines();
            Map<String, JsonNode> byMessage = new HashMap<>();
            ObjectMapper json = new ObjectMapper();
            for (String line : lines) {
                assertFalse(line.contains("blackbox-secret"), "the Authorization value was logged: " + line);
                JsonNode doc = json.readTree(line);
                byMessage.put(doc.get("message").asString(), doc.get("extra"));
            }
            assertEquals(3, lines.size(), "the servlet's event (Logback) and two access events (JUL): " + lines);

            JsonNode serving = byMessage.get("serving /one");
            assertTrue(serving != null, "the servlet's event through Logback: " + byMessage.keySet());
            assertEquals("bb-hello-one", serving.path("req_id").asString(), "the request id: " + serving);
            assertEquals("GET", serving.path("req_method").asString());
            assertEquals(base + "/hello/one", serving.path("req_uri").asString());
            assertEquals("127.0.0.1", serving.path("req_remote_address").asString());
            assertEquals("acme", serving.path("req_header_x_tenant").asString());
            assertFalse(serving.has("status_code"), "no status while serving: " + serving);

            JsonNode ok = byMessage.entrySet().stream().filter(e -> e.getKey().startsWith("GET " + base + "/hello/one 200"))
                    .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError("no access event for "
                            + "/hello/one: " + byMessage.keySet()));
            assertEquals(200, ok.path("status_code").asInt());
            assertEquals(WebApp.BODY.getBytes(StandardCharsets.UTF_8).length, ok.path("bytes").asLong(),
                    "the body's size: " + ok);
            assertEquals("bb-hello-one", ok.path("req_id").asString());
            assertTrue(ok.path("req_duration_ms").isNumber(), "the duration: " + ok);
            JsonNode missing = byMessage.entrySet().stream().filter(e -> e.getKey().startsWith("GET " + base + "/missing 404"))
                    .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError("no access event for "
                            + "/missing: " + byMessage.keySet()));
            assertEquals(404, missing.path("status_code").asInt());
            assertEquals("bb-missing", missing.path("req_id").asString());
        }
    }
}
