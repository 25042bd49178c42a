package io.github.logstashasync.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The end of a request in a real Jetty 12 (ee10): the access event's {@code bytes} (exact, for bodies written
 * through the writer, the stream, from an async servlet's own thread, or declared by Content-Length), and
 * {@code status_code} with {@code req_duration_ms} on what an application's {@code AsyncListener} logs when the
 * request completes, but not on what is logged while it is served.
 */
class RequestEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger APP = Logger.getLogger("test.end.app");
    private static final Logger ACCESS = Logger.getLogger("test.end.access");
    private static final AtomicInteger SENTINELS = new AtomicInteger();
    /** Characters of one, two, three and four bytes in UTF-8 (a surrogate pair last). */
    private static final String TEXT = "ascii é € \uD83D\uDE00 ";
    private static final int STREAM_BYTES = 100_000;

    private static Path dir;
    private static LineReceiver receiver;
    private static AsynchronousLogstashHandler handler;
    private static Server server;
    private static String base;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("servlet-end-test");
        receiver = new LineReceiver();
        handler = AsynchronousLogstashHandler.builder().host("127.0.0.1").port(receiver.port())
                .databasePath(dir.resolve("logstash.db")).build();
        for (Logger logger : List.of(APP, ACCESS)) {
            for (Handler h : logger.getHandlers()) {
                logger.removeHandler(h);
            }
            logger.setUseParentHandlers(false);
            logger.setLevel(Level.ALL);
            logger.addHandler(handler);
        }
        QueuedThreadPool pool = new QueuedThreadPool(8, 2);
        pool.setName("jetty-end");
        server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(new LogstashRequestFilter());
        filter.setInitParameter(LogstashRequestFilter.ACCESS_EVENT, "true");
        filter.setInitParameter(LogstashRequestFilter.ACCESS_LOGGER_PARAM, ACCESS.getName());
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        context.addServlet(new ServletHolder(new SyncServlet()), "/sync/*");
        ServletHolder async = new ServletHolder(new AsyncServlet());
        async.setAsyncSupported(true);
        context.addServlet(async, "/async/*");
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (handler != null) {
            handler.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    static byte[] streamBody() {
        byte[] body = new byte[STREAM_BYTES];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return body;
    }

    /** The response body by the writer (UTF-8), by the stream, or past the filter's wrapper. */
    static final class SyncServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String how = request.getPathInfo().substring(1);
            APP.info("serving " + how);
            switch (how) {
                case "writer" -> {
                    response.setContentType("text/plain; charset=UTF-8");
                    PrintWriter writer = response.getWriter();
                    writer.print(TEXT);
                    writer.println(42);
                    writer.write(TEXT.toCharArray(), 0, TEXT.length() - 1); // the high surrogate ends this write
                    writer.write(TEXT.charAt(TEXT.length() - 1));
                    writer.printf("%s%n", "end");
                }
                case "stream" -> {
                    ServletOutputStream out = response.getOutputStream();
                    byte[] body = streamBody();
                    out.write(body, 0, 1000);
                    out.write(body[1000]);
                    out.write(ByteBuffer.wrap(body, 1001, 50_000 - 1001));
                    out.write(body, 50_000, STREAM_BYTES - 50_000);
                }
                case "declared" -> {
                    // a framework that writes to the container's own response: only the Content-Length is seen
                    ServletResponse unwrapped = ((ServletResponseWrapper) response).getResponse();
                    response.setContentLength(STREAM_BYTES);
                    unwrapped.getOutputStream().write(streamBody());
                }
                case "latin1" -> {
                    response.setContentType("text/plain; charset=ISO-8859-1");
                    response.getWriter().print("café");
                }
                case "reset" -> {
                    // what a reset buffer held was never sent
                    response.getOutputStream().write(new byte[1000]);
                    response.resetBuffer();
                    response.getOutputStream().write("after".getBytes(StandardCharsets.ISO_8859_1));
                }
                default -> response.sendError(400);
            }
        }
    }

    /** Starts async, writes the body from a thread of its own through the AsyncContext's response. */
    static final class AsyncServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            String tag = request.getPathInfo().substring(1);
            AsyncContext async = request.startAsync();
            async.addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    APP.info("listener complete " + tag);
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                }

                @Override
                public void onError(AsyncEvent event) {
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                }
            });
            async.start(() -> APP.info("container task " + tag));
            new Thread(() -> {
                try {
                    HttpServletResponse out = (HttpServletResponse) async.getResponse();
                    out.setStatus(201);
                    out.getOutputStream().write(streamBody());
                } catch (IOException e) {
                    APP.log(Level.WARNING, "async write failed", e);
                } finally {
                    async.complete();
                }
            }, "test-async-writer").start();
        }
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("X-Request-ID", "end-" + path.substring(path.lastIndexOf('/') + 1)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The documents whose message starts with {@code prefix}, once a sentinel logged now has arrived. */
    private static List<JsonNode> events(String prefix) throws Exception {
        String sentinel = "end sentinel " + SENTINELS.incrementAndGet();
        APP.info(sentinel);
        assertTrue(handler.flush(Duration.ofSeconds(10)), "the events should be sent within 10 s");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (receiver.lines().stream().noneMatch(line -> line.contains("\"" + sentinel + "\""))) {
            assertTrue(System.nanoTime() < deadline, "the receiver should get '" + sentinel + "' within 10 s");
            Thread.sleep(10);
        }
        List<JsonNode> found = new ArrayList<>();
        for (String line : receiver.lines()) {
            JsonNode doc = JSON.readTree(line);
            if (doc.path("message").asString().startsWith(prefix)) {
                found.add(doc);
            }
        }
        return found;
    }

    /**
     * The events of {@link #events} once there are at least {@code count}: the client may have the whole response
     * before the filter logs the request's end (a Content-Length reached, a HEAD request), within 10 s.
     */
    private static List<JsonNode> await(String prefix, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonNode> found = events(prefix);
        while (found.size() < count && System.nanoTime() < deadline) {
            found = events(prefix);
        }
        return found;
    }

    private static JsonNode access(String path, int status) throws Exception {
        List<JsonNode> access = await("GET " + base + path + " " + status + " ", 1);
        assertEquals(1, access.size(), "one access event for " + path);
        return access.get(0).get("extra");
    }

    @Test
    void theBytesWrittenThroughTheWriterInUtf8() throws Exception {
        HttpResponse<byte[]> response = get("/sync/writer");
        assertEquals(200, response.statusCode());
        String expected = TEXT + "42" + System.lineSeparator() + TEXT + "end" + System.lineSeparator();
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), response.body(), "the body the client got");
        JsonNode extra = access("/sync/writer", 200);
        assertEquals(response.body().length, extra.path("bytes").asLong(), "the body's bytes in UTF-8: " + extra);
        assertTrue(extra.path("bytes").isNumber(), "bytes as a number: " + extra);
        JsonNode serving = events("serving writer").get(0).get("extra");
        assertEquals("end-writer", serving.path("req_id").asString());
        assertFalse(serving.has("status_code") || serving.has("req_duration_ms"),
                "no status or duration while the request is served: " + serving);
    }

    @Test
    void theWritersEncodingAndAResetBuffer() throws Exception {
        HttpResponse<byte[]> latin1 = get("/sync/latin1");
        assertEquals(4, latin1.body().length, "café in ISO-8859-1");
        assertEquals(4, access("/sync/latin1", 200).path("bytes").asLong());
        HttpResponse<byte[]> reset = get("/sync/reset");
        assertEquals("after", new String(reset.body(), StandardCharsets.ISO_8859_1));
        assertEquals(5, access("/sync/reset", 200).path("bytes").asLong(), "only what was written after the reset");
    }

    @Test
    void theBytesWrittenThroughTheStreamInEveryWay() throws Exception {
        HttpResponse<byte[]> response = get("/sync/stream");
        assertEquals(200, response.statusCode());
        assertEquals(STREAM_BYTES, response.body().length, "the body the client got");
        assertEquals(STREAM_BYTES, access("/sync/stream", 200).path("bytes").asLong());
    }

    @Test
    void theContentLengthWhenTheBodyBypassesTheFilter() throws Exception {
        HttpResponse<byte[]> response = get("/sync/declared");
        assertEquals(STREAM_BYTES, response.body().length, "the body the client got");
        assertEquals(STREAM_BYTES, access("/sync/declared", 200).path("bytes").asLong());
    }

    @Test
    void aHeadRequestSendsNoBody() throws Exception {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(base + "/sync/stream"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals(0, response.body().length, "no body for HEAD");
        List<JsonNode> access = await("HEAD " + base + "/sync/stream 200 ", 1);
        assertEquals(1, access.size(), "one access event for the HEAD request");
        assertEquals(0, access.get(0).get("extra").path("bytes").asLong(), "no body sent: " + access.get(0));
    }

    @Test
    void anAsyncServletWritingFromItsOwnThreadIsCountedAndItsListenerSeesTheEnd() throws Exception {
        HttpResponse<byte[]> response = get("/async/a1");
        assertEquals(201, response.statusCode());
        assertEquals(STREAM_BYTES, response.body().length, "the body the client got");
        JsonNode extra = access("/async/a1", 201);
        assertEquals(STREAM_BYTES, extra.path("bytes").asLong(),
                "the bytes written through AsyncContext.getResponse() on another thread: " + extra);
        List<JsonNode> listener = await("listener complete a1", 1);
        assertEquals(1, listener.size(), "the application's onComplete logged once");
        JsonNode fields = listener.get(0).get("extra");
        assertEquals("end-a1", fields.path("req_id").asString(), "the request's fields in onComplete: " + fields);
        assertEquals("201", fields.path("status_code").asString(), "the status in onComplete: " + fields);
        assertEquals(extra.path("req_duration_ms").asString(), fields.path("req_duration_ms").asString(),
                "the access event's duration in onComplete: " + fields);
        JsonNode task = events("container task a1").get(0).get("extra");
        assertEquals("end-a1", task.path("req_id").asString(), "AsyncContext.start runs with the fields: " + task);
        assertFalse(task.has("status_code"), "no status while the request is served: " + task);
    }
}
