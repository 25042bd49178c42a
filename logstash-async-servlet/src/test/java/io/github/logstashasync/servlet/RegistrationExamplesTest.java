package io.github.logstashasync.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user guide's two registration examples, taken from docs/user-guide.md as they are written, run in a real
 * Jetty 12 (ee10): its {@code web.xml} deployed in a {@link WebAppContext}, and its programmatic registration in
 * a {@link ServletContainerInitializer}; a real request through each, its events at a loopback receiver.
 */
class RegistrationExamplesTest {

    private static final Logger APP = Logger.getLogger("test.registration");
    /** Held: JUL keeps loggers weakly. */
    private static final Logger ACCESS = Logger.getLogger(LogstashRequestFilter.ACCESS_LOGGER);

    @TempDir
    Path dir;

    /** Logs one event while serving. */
    public static final class HelloServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            APP.info("hello " + request.getPathInfo());
            response.getWriter().write("hello");
        }
    }

    /** The guide's programmatic registration, line for line (the test checks that the guide has these lines). */
    public static final class Initializer implements ServletContainerInitializer {
        @Override
        public void onStartup(Set<Class<?>> classes, ServletContext servletContext) {
            FilterRegistration.Dynamic logstash = servletContext.addFilter("logstash", LogstashRequestFilter.class);
            logstash.setAsyncSupported(true);
            logstash.setInitParameter(LogstashRequestFilter.ACCESS_EVENT, "true");
            logstash.setInitParameter(LogstashRequestFilter.INCLUDE_HEADERS, "X-Tenant");
            logstash.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
        }
    }

    /** The fenced block of the guide that follows the line starting with {@code after}. */
    private static String guideBlock(String after, String fence) throws IOException {
        Path guide = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/user-guide.md");
        List<String> lines = Files.readAllLines(guide, StandardCharsets.UTF_8);
        int start = -1;
        for (int i = 0; i < lines.size() && start < 0; i++) {
            if (lines.get(i).startsWith(after)) {
                start = i;
            }
        }
        assertTrue(start >= 0, "the guide has a line starting with '" + after + "'");
        while (!lines.get(start).equals(fence)) {
            start++;
        }
        StringBuilder block = new StringBuilder();
        for (int i = start + 1; !lines.get(i).equals("```"); i++) {
            block.append(lines.get(i)).append('\n');
        }
        return block.toString();
    }

    @Test
    void theGuidesWebXmlDeploysTheFilter() throws Exception {
        String filter = guideBlock("`web.xml`:", "```xml");
        assertTrue(filter.contains("<filter-class>" + LogstashRequestFilter.class.getName() + "</filter-class>"), filter);
        Path war = dir.resolve("war");
        Files.createDirectories(war.resolve("WEB-INF"));
        Files.writeString(war.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
                %s
                  <servlet>
                    <servlet-name>hello</servlet-name>
                    <servlet-class>%s</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>hello</servlet-name>
                    <url-pattern>/hello/*</url-pattern>
                  </servlet-mapping>
                </web-app>
                """.formatted(filter, HelloServlet.class.getName()));
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(war.toString());
        // the test's classes and ours come from the test's class loader, as from WEB-INF/lib in a real war
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        JsonNode access = serve(webapp, "web.xml");
        assertEquals("accept-de", access.path("req_header_accept_language").asString(),
                "the guide's include-headers lists Accept-Language: " + access);
    }

    @Test
    void theGuidesProgrammaticRegistrationRegistersTheFilter() throws Exception {
        String java = guideBlock("Programmatic registration", "```java");
        String source = Files.readString(Path.of(System.getProperty("user.dir"),
                "src/test/java/io/github/logstashasync/servlet/RegistrationExamplesTest.java"), StandardCharsets.UTF_8);
        for (String line : java.strip().split("\n")) {
            assertTrue(source.contains(line), "the guide's line is the one this test runs: " + line);
        }
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServletContainerInitializer(new Initializer());
        context.addServlet(new ServletHolder(new HelloServlet()), "/hello/*");
        serve(context, "programmatic");
    }

    /** Serves {@code handler} on 127.0.0.1, sends one request, returns the access event's fields. */
    private JsonNode serve(org.eclipse.jetty.server.Handler handler, String tag) throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            AsynchronousLogstashHandler logstash = AsynchronousLogstashHandler.builder().host("127.0.0.1")
                    .port(receiver.port()).databasePath(dir.resolve(tag + ".db")).build();
            for (Logger logger : List.of(APP, ACCESS)) {
                for (Handler h : logger.getHandlers()) {
                    logger.removeHandler(h);
                }
                logger.setUseParentHandlers(false);
                logger.setLevel(Level.ALL);
                logger.addHandler(logstash);
            }
            Server server = new Server();
            try {
                ServerConnector connector = new ServerConnector(server, 1, 1);
                connector.setHost("127.0.0.1");
                server.addConnector(connector);
                server.setHandler(handler);
                server.start();
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/hello/" + tag))
                        .header("X-Request-ID", "reg-" + tag).header("X-Tenant", "acme")
                        .header("Accept-Language", "accept-de").timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
                assertEquals("reg-" + tag, response.headers().firstValue("X-Request-ID").orElse(null));
            } finally {
                server.stop();
            }
            assertTrue(logstash.flush(Duration.ofSeconds(10)), "the events sent within 10 s");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (receiver.lines().size() < 2) {
                assertTrue(System.nanoTime() < deadline, "two documents within 10 s: " + receiver.lines());
                Thread.sleep(10);
            }
            logstash.close();
            ObjectMapper json = new ObjectMapper();
            JsonNode hello = null;
            JsonNode access = null;
            for (String line : receiver.lines()) {
                JsonNode doc = json.readTree(line);
                if (doc.get("message").asString().equals("hello /" + tag)) {
                    hello = doc.get("extra");
                } else if (doc.get("message").asString().contains("/hello/" + tag + " 200 ")) {
                    access = doc.get("extra");
                }
            }
            assertTrue(hello != null && access != null, "the servlet's and the access event: " + receiver.lines());
            assertEquals("reg-" + tag, hello.path("req_id").asString(), "the request's fields: " + hello);
            assertEquals("acme", hello.path("req_header_x_tenant").asString(), "include-headers X-Tenant: " + hello);
            assertFalse(hello.has("status_code"), "no status while serving: " + hello);
            assertEquals(200, access.path("status_code").asInt(), "access-event=true: " + access);
            assertEquals(5, access.path("bytes").asInt(), "the body's bytes: " + access);
            return access;
        }
    }
}
