package io.github.logstashasync.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.async.AsyncLogger;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/**
 * Behind Log4j 2's async loggers (an {@code AsyncLoggerContext}, LMAX disruptor) our Log4j appender runs on the
 * disruptor's thread, where the request context is empty: the fields arrive through the ThreadContext, which the
 * filter fills too (and empties again), unless {@code thread-context=false}. Real Jetty, real requests, a real
 * async logger context with our appender, a loopback receiver.
 */
class Log4jAsyncLoggerFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Logs through the async logger; answers with the size of the ThreadContext it found. */
    static final class Log4jServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Logger logger;

        Log4jServlet(Logger logger) {
            this.logger = logger;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            logger.info("served {}", request.getRequestURI());
            response.getWriter().write(Integer.toString(ThreadContext.getContext().size()));
        }
    }

    @Test
    void theFieldsReachAnAppenderBehindAsyncLoggersThroughTheThreadContext() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            String file = "log4j2-servlet-async.xml";
            AsyncLoggerContext context = new AsyncLoggerContext(file, null,
                    Log4jAsyncLoggerFilterTest.class.getResource("/" + file).toURI());
            System.setProperty("logstash.port", Integer.toString(receiver.port()));
            try {
                context.start();
            } finally {
                System.clearProperty("logstash.port");
            }
            Server server = null;
            List<String> bodies = new ArrayList<>();
            try {
                Logger logger = context.getLogger("web.async");
                assertTrue(logger instanceof AsyncLogger, "an async logger: " + logger.getClass());
                // two threads serve everything: filtered and bare requests share them
                QueuedThreadPool pool = new QueuedThreadPool(4, 2);
                server = new Server(pool);
                ServerConnector connector = new ServerConnector(server, 1, 1);
                connector.setHost("127.0.0.1");
                server.addConnector(connector);
                ServletContextHandler web = new ServletContextHandler("/");
                web.addFilter(new FilterHolder(new LogstashRequestFilter()), "/on/*", EnumSet.of(DispatcherType.REQUEST));
                FilterHolder off = new FilterHolder(new LogstashRequestFilter());
                off.setInitParameter(LogstashRequestFilter.THREAD_CONTEXT, "false");
                web.addFilter(off, "/off/*", EnumSet.of(DispatcherType.REQUEST));
                web.addServlet(new ServletHolder(new Log4jServlet(logger)), "/*");
                server.setHandler(web);
                server.start();
                String base = "http://127.0.0.1:" + connector.getLocalPort();
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                for (int i = 0; i < 10; i++) {
                    for (String path : List.of("/on/r" + i, "/off/r" + i, "/bare/r" + i)) {
                        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path))
                                .header("X-Request-ID", "log4j-" + path.replace('/', '-')).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertEquals(200, response.statusCode());
                        bodies.add(path + " " + response.body());
                    }
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (receiver.lines().size() < 30) {
                    assertTrue(System.nanoTime() < deadline, "30 documents within 10 s, got " + receiver.lines().size());
                    Thread.sleep(10);
                }
            } finally {
                if (server != null) {
                    server.stop();
                }
                context.stop(10, TimeUnit.SECONDS);
            }
            Map<String, JsonNode> byUri = new HashMap<>();
            for (String line : receiver.lines()) {
                JsonNode doc = JSON.readTree(line);
                byUri.put(doc.get("message").asString().substring("served ".length()), doc.get("extra"));
            }
            for (int i = 0; i < 10; i++) {
                JsonNode on = byUri.get("/on/r" + i);
                assertEquals("log4j--on-r" + i, on.path("req_id").asString(), "the fields through the ThreadContext: " + on);
                assertEquals("GET", on.path("req_method").asString());
                JsonNode off = byUri.get("/off/r" + i);
                assertFalse(off.has("req_id"), "thread-context=false: the disruptor's thread has no fields: " + off);
                JsonNode bare = byUri.get("/bare/r" + i);
                assertFalse(bare.has("req_id"), "nothing left to an unfiltered request: " + bare);
                assertTrue(bodies.contains("/bare/r" + i + " 0"), "an empty ThreadContext after the filter: " + bodies);
            }
        }
    }
}
