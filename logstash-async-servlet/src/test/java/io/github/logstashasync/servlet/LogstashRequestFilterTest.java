package io.github.logstashasync.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.logstashasync.api.RequestContext;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The filter in a real Jetty 12 (ee10) on 127.0.0.1, with real requests from {@link HttpClient}, and the events
 * at a loopback Logstash receiver through the JUL {@link AsynchronousLogstashHandler}.
 */
class LogstashRequestFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "s3cret-bearer-token";
    private static final String COOKIE = "c00kie-session-value";
    private static final Logger APP = Logger.getLogger("test.app");
    /** Held: JUL keeps loggers weakly, and a logger collected before the filter asks for it loses its handler. */
    private static final Logger ACCESS = Logger.getLogger(LogstashRequestFilter.ACCESS_LOGGER);
    /** The names of the Jetty threads that served the filtered requests, and those that served unfiltered ones. */
    private static final Set<String> FILTERED_THREADS = ConcurrentHashMap.newKeySet();
    private static final Set<String> BARE_THREADS = ConcurrentHashMap.newKeySet();

    private static final AtomicInteger SENTINELS = new AtomicInteger();

    private static Path dir;
    private static LineReceiver receiver;
    private static AsynchronousLogstashHandler handler;
    private static Server server;
    private static String base;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("servlet-test");
        receiver = new LineReceiver();
        handler = AsynchronousLogstashHandler.builder().host("127.0.0.1").port(receiver.port())
                .databasePath(dir.resolve("logstash.db")).build();
        attach(APP);
        attach(ACCESS);

        // a small pool, so that threads serve many requests one after another
        QueuedThreadPool pool = new QueuedThreadPool(8, 2);
        pool.setName("jetty");
        server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(userFilter()), "/app/*", EnumSet.of(DispatcherType.REQUEST));
        FilterHolder filter = new FilterHolder(new LogstashRequestFilter());
        filter.setInitParameter(LogstashRequestFilter.ACCESS_EVENT, "true");
        filter.setInitParameter(LogstashRequestFilter.INCLUDE_HEADERS, "X-Tenant");
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/app/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        context.addServlet(new ServletHolder(new WorkServlet()), "/app/work/*");
        ServletHolder async = new ServletHolder(new AsyncServlet());
        async.setAsyncSupported(true);
        context.addServlet(async, "/app/async/*");
        context.addServlet(new ServletHolder(new BareServlet()), "/bare/*");
        FilterHolder withQuery = new FilterHolder(new LogstashRequestFilter());
        withQuery.setInitParameter(LogstashRequestFilter.INCLUDE_QUERY_STRING, "true");
        withQuery.setInitParameter(LogstashRequestFilter.REQUEST_ID_HEADER, "X-Correlation-ID");
        context.addFilter(withQuery, "/query/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new WorkServlet()), "/query/*");
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static void attach(Logger logger) {
        for (Handler h : logger.getHandlers()) {
            logger.removeHandler(h);
        }
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
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

    @BeforeEach
    void markStart() {
        FILTERED_THREADS.clear();
        BARE_THREADS.clear();
    }

    /** Stands in for the container's authentication: the user of {@code X-Test-Login} as the remote user. */
    private static Filter userFilter() {
        return (request, response, chain) -> {
            HttpServletRequest http = (HttpServletRequest) request;
            String login = http.getHeader("X-Test-Login");
            chain.doFilter(login == null ? request : new HttpServletRequestWrapper(http) {
                @Override
                public String getRemoteUser() {
                    return login;
                }
            }, response);
        };
    }

    /** Logs twice with a pause between, so that concurrent requests interleave. */
    static final class WorkServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            FILTERED_THREADS.add(Thread.currentThread().getName());
            String tag = request.getPathInfo().substring(1);
            APP.info("begin " + tag + " mdc=" + MDC.get("req_id"));
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            APP.info("end " + tag);
            if (tag.equals("boom")) {
                throw new IllegalStateException("the servlet failed");
            }
            response.setContentType("text/plain");
            response.getWriter().write("ok " + tag);
        }
    }

    /** Starts async, dispatches again from another thread, and logs on both dispatches. */
    static final class AsyncServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String tag = request.getPathInfo().substring(1);
            boolean again = tag.startsWith("twice") && request.getAttribute("again") == null;
            if (request.getDispatcherType() == DispatcherType.ASYNC && !again) {
                APP.info("async dispatched " + tag);
                response.setStatus(202);
                response.getWriter().write("async " + tag);
                return;
            }
            APP.info("async started " + tag);
            request.setAttribute("again", request.getDispatcherType() == DispatcherType.ASYNC ? "yes" : null);
            AsyncContext async = request.startAsync();
            new Thread(() -> {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                async.dispatch();
            }, "test-async-worker").start();
        }
    }

    /** Not behind the filter: what it logs must carry no request fields. */
    static final class BareServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            BARE_THREADS.add(Thread.currentThread().getName());
            Map<String, String> leftOver = RequestContext.current();
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            int mdcSize = mdc == null ? 0 : mdc.size();
            APP.info("bare " + request.getPathInfo().substring(1) + " " + (leftOver.size() + mdcSize));
            response.getWriter().write("bare");
        }
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The documents received whose message starts with {@code prefix}, once a sentinel event logged now has arrived:
     * a flush only says the events were written, not that the receiver has read them; read in order, every event
     * logged before the sentinel has been read when it has.
     */
    private static List<JsonNode> events(String prefix) throws Exception {
        String sentinel = "sentinel " + SENTINELS.incrementAndGet();
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

    @Test
    void theEventsOfARequestCarryItsFieldsWithTheSeedsNames() throws Exception {
        HttpResponse<String> response = get("/app/work/fields?secret=q", "User-Agent", "test-agent/1.0",
                "Referer", "http://example.com/from", "X-Request-ID", "req-fields-1", "X-Test-Login", "enrico",
                "X-Tenant", "acme");
        assertEquals(200, response.statusCode());
        assertEquals("req-fields-1", response.headers().firstValue("X-Request-ID").orElse(null),
                "the request id should be sent back");
        List<JsonNode> events = events("begin fields");
        assertEquals(1, events.size(), "one 'begin fields' event expected");
        JsonNode extra = events.get(0).get("extra");
        assertEquals("req-fields-1", extra.path("req_id").asString());
        assertEquals("127.0.0.1", extra.path("req_host").asString());
        assertEquals("GET", extra.path("req_method").asString());
        assertEquals(base + "/app/work/fields", extra.path("req_uri").asString(),
                "the URI without its query string, which is logged only when configured");
        assertEquals("enrico", extra.path("req_user").asString(), "the user from getRemoteUser()");
        assertEquals("test-agent/1.0", extra.path("req_useragent").asString());
        assertEquals("127.0.0.1", extra.path("req_remote_address").asString());
        assertEquals("http://example.com/from", extra.path("req_referer").asString());
        assertEquals("acme", extra.path("req_header_x_tenant").asString(), "the configured header");
        assertFalse(extra.has("status_code"), "no status before the end of the request: " + extra);
        assertTrue(events.get(0).get("message").asString().endsWith(" mdc=req-fields-1"),
                "the fields in SLF4J's MDC too: " + events.get(0).get("message"));
    }

    @Test
    void theQueryStringAndAnotherIdHeaderWhenConfigured() throws Exception {
        HttpResponse<String> response = get("/query/q1?page=2&sort=name", "X-Correlation-ID", "corr-1");
        assertEquals(200, response.statusCode());
        assertEquals("corr-1", response.headers().firstValue("X-Correlation-ID").orElse(null));
        JsonNode extra = events("begin q1").get(0).get("extra");
        assertEquals(base + "/query/q1?page=2&sort=name", extra.path("req_uri").asString());
        assertEquals("corr-1", extra.path("req_id").asString());
        assertEquals("", extra.path("req_user").asString(), "anonymous: an empty user, as in the seed's empty fields");
        assertEquals(0, events("GET " + base + "/query/").size(), "no access event unless configured");
    }

    @Test
    void theAccessEventOfA404CarriesStatusCode404AndTheDuration() throws Exception {
        HttpResponse<String> response = get("/app/nonexistent/", "X-Request-ID", "req-404");
        assertEquals(404, response.statusCode());
        List<JsonNode> events = events("GET " + base + "/app/nonexistent/ 404");
        assertEquals(1, events.size(), "one access event for the 404 expected");
        JsonNode extra = events.get(0).get("extra");
        assertEquals(404, extra.path("status_code").asInt(), "status_code 404 expected in " + extra);
        assertTrue(extra.path("status_code").isNumber(), "status_code as a number, as in the seed: " + extra);
        assertTrue(extra.path("req_duration_ms").isNumber(), "the duration expected in " + extra);
        assertEquals("req-404", extra.path("req_id").asString());
        assertEquals(LogstashRequestFilter.ACCESS_LOGGER, extra.path("logger_name").asString());
    }

    @Test
    void aServletThatThrowsEndsWithStatusCode500() throws Exception {
        HttpResponse<String> response = get("/app/work/boom", "X-Request-ID", "req-boom");
        assertEquals(500, response.statusCode());
        List<JsonNode> access = events("GET " + base + "/app/work/boom 500");
        assertEquals(1, access.size(), "one access event with status 500");
        assertEquals(500, access.get(0).get("extra").path("status_code").asInt());
        assertEquals("req-boom", access.get(0).get("extra").path("req_id").asString());
    }

    @Test
    void aGeneratedRequestIdWhenTheClientSendsNoneOrAnUnsafeOne() throws Exception {
        HttpResponse<String> none = get("/app/work/noid");
        HttpResponse<String> unsafe = get("/app/work/badid", "X-Request-ID", "a b\"<script>");
        String generated = events("begin noid").get(0).get("extra").path("req_id").asString();
        assertTrue(generated.matches("[0-9a-f-]{36}"), "a UUID expected, got " + generated);
        assertEquals(generated, none.headers().firstValue("X-Request-ID").orElse(null));
        String replaced = events("begin badid").get(0).get("extra").path("req_id").asString();
        assertTrue(replaced.matches("[0-9a-f-]{36}"), "an unsafe id is replaced by a UUID, got " + replaced);
        assertEquals(replaced, unsafe.headers().firstValue("X-Request-ID").orElse(null));
    }

    @Test
    void concurrentRequestsOnASmallPoolNeverMixTheirFields() throws Exception {
        int requests = 40;
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/app/work/c" + i))
                    .header("X-Request-ID", "id-c" + i).timeout(Duration.ofSeconds(20)).build();
            responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertEquals(200, response.get().statusCode());
        }
        List<JsonNode> events = new ArrayList<>(events("begin c"));
        events.addAll(events("end c"));
        assertEquals(2 * requests, events.size(), "a begin and an end event per request");
        for (JsonNode event : events) {
            String tag = event.get("message").asString().split(" ")[1];
            JsonNode extra = event.get("extra");
            assertEquals("id-" + tag, extra.path("req_id").asString(), "the request id of " + event);
            assertEquals(base + "/app/work/" + tag, extra.path("req_uri").asString(), "the URI of " + event);
        }
        List<JsonNode> access = new ArrayList<>();
        for (JsonNode event : events("GET " + base + "/app/work/c")) {
            String uri = event.get("extra").path("req_uri").asString();
            assertTrue(event.get("message").asString().startsWith("GET " + uri + " 200"), "the access event of "
                    + uri + ": " + event.get("message"));
            access.add(event);
        }
        assertEquals(requests, access.size(), "one access event per request");
        assertTrue(FILTERED_THREADS.size() < requests, "threads should have been reused: " + FILTERED_THREADS);
    }

    @Test
    void theAuthorizationHeaderAndCookiesNeverAppear() throws Exception {
        assertEquals(200, get("/app/work/secret", "Authorization", "Bearer " + SECRET, "Cookie", "session=" + COOKIE,
                "X-Request-ID", "req-secret").statusCode());
        assertEquals(2, events("begin secret").size() + events("end secret").size());
        for (String line : receiver.lines()) {
            assertFalse(line.contains(SECRET), "the Authorization value was logged: " + line);
            assertFalse(line.contains(COOKIE), "the cookie value was logged: " + line);
        }
    }

    @Test
    void nothingLeaksToTheNextRequestOnTheSameThread() throws Exception {
        // filtered and unfiltered requests at once, round after round, so that the pool's few threads serve both
        for (int round = 0; round < 10; round++) {
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = round * 3 + i;
                responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/app/work/leak" + n))
                        .header("X-Request-ID", "req-leak" + n).build(), HttpResponse.BodyHandlers.ofString()));
                responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/bare/b" + n)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertEquals(200, response.get().statusCode());
            }
        }
        Set<String> shared = ConcurrentHashMap.newKeySet();
        shared.addAll(FILTERED_THREADS);
        shared.retainAll(BARE_THREADS);
        assertFalse(shared.isEmpty(), "some thread should have served both kinds: " + FILTERED_THREADS + " "
                + BARE_THREADS);
        List<JsonNode> bare = events("bare b");
        assertEquals(30, bare.size());
        for (JsonNode event : bare) {
            assertTrue(event.get("message").asString().endsWith(" 0"), "no request context or MDC expected: " + event);
            event.get("extra").propertyNames().forEach(name -> assertFalse(
                    name.startsWith("req_") || name.equals("status_code"), "a leaked field in " + event));
        }
    }

    @Test
    void anAsyncRequestKeepsItsFieldsAcrossTheDispatch() throws Exception {
        HttpResponse<String> response = get("/app/async/a1", "X-Request-ID", "req-async");
        assertEquals(202, response.statusCode());
        List<JsonNode> events = new ArrayList<>(events("async started a1"));
        events.addAll(events("async dispatched a1"));
        assertEquals(2, events.size(), "an event on each dispatch");
        for (JsonNode event : events) {
            assertEquals("req-async", event.get("extra").path("req_id").asString(), "the fields of " + event);
        }
        List<JsonNode> access = events("GET " + base + "/app/async/a1 202");
        assertEquals(1, access.size(), "one access event, when the async request completes");
        assertEquals(202, access.get(0).get("extra").path("status_code").asInt());
        assertEquals("req-async", access.get(0).get("extra").path("req_id").asString());
    }

    @Test
    void aSecondAsyncCycleStillEndsWithOneAccessEvent() throws Exception {
        assertEquals(202, get("/app/async/twice", "X-Request-ID", "req-twice").statusCode());
        List<JsonNode> started = events("async started twice");
        assertEquals(2, started.size(), "two async cycles");
        for (JsonNode event : started) {
            assertEquals("req-twice", event.get("extra").path("req_id").asString(), "the fields of " + event);
        }
        List<JsonNode> access = events("GET " + base + "/app/async/twice 202");
        assertEquals(1, access.size(), "one access event, when the request completes after its second cycle");
        assertEquals("req-twice", access.get(0).get("extra").path("req_id").asString());
    }
}
