package io.github.logstashasync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.core.internal.queue.EventFilter;
import io.github.logstashasync.core.internal.queue.EventState;
import io.github.logstashasync.core.internal.queue.InspectedEvent;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.ErrorManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets in the destination (a password, an API key or token in the path's query, credentials in the host)
 * never appear in a reported message, an exception, or the reason stored with a failed event, however the
 * receiver echoes the request (issue 16, item 8).
 */
class SecretsInUrlsTest {

    private static final String PASSWORD = "pw-Zq81xK";
    private static final String API_KEY = "key-Lm29pQ";
    private static final String TOKEN = "tok-Rt55vW";
    private static final String PATH = "/ingest?api_key=" + API_KEY + "&stream=app&token=" + TOKEN;

    @TempDir
    Path dir;

    /** Everything a handler reports, the exceptions' messages and causes included. */
    private static final class Reports extends ErrorManager {
        final List<String> texts = new CopyOnWriteArrayList<>();

        @Override
        public void error(String msg, Exception ex, int code) {
            texts.add(String.valueOf(msg));
            for (Throwable t = ex; t != null; t = t.getCause()) {
                texts.add(t.toString());
            }
        }
    }

    private static void assertNoSecret(List<String> texts, String where) {
        String basic = Base64.getEncoder().encodeToString(("logger:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (String text : texts) {
            for (String secret : List.of(PASSWORD, API_KEY, TOKEN, basic)) {
                assertFalse(text.contains(secret), where + " must not show a secret (" + secret + "): " + text);
            }
        }
    }

    private AsynchronousLogstashHandler handler(String host, int port, Path database, Reports reports) {
        AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                .host(host).port(port).transport("http").databasePath(database)
                .transportOption("path", PATH).transportOption("username", "logger")
                .transportOption("password", PASSWORD)
                .retryInitialDelay(Duration.ofMillis(20)).retryMaxDelay(Duration.ofMillis(100))
                .shutdownTimeout(Duration.ofSeconds(2)).build();
        handler.setErrorManager(reports);
        return handler;
    }

    @Test
    void aReceiverThatEchoesTheRequestInA400LeaksNoSecret() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        server.createContext("/", exchange -> echo400(exchange));
        server.setExecutor(executor);
        server.start();
        Path database = dir.resolve("echo.db");
        Reports reports = new Reports();
        try {
            AsynchronousLogstashHandler handler = handler("127.0.0.1", server.getAddress().getPort(), database, reports);
            Logger logger = TestSupport.logger("secrets-echo", handler);
            for (int i = 0; i < 3; i++) {
                logger.info("event " + i);
            }
            assertTrue(handler.flush(Duration.ofSeconds(10)), "the batch is settled (failed for good) within 10 s");
            assertEquals(3, handler.statistics().failed(), "400 fails the events for good: " + handler.statistics());
            handler.close();
        } finally {
            server.stop(0);
            executor.shutdownNow();
        }
        assertTrue(reports.texts.stream().anyMatch(t -> t.contains("HTTP 400") && t.contains("api_key=***")),
                "the 400 is reported, with the URL and the key masked: " + reports.texts);
        assertNoSecret(reports.texts, "a reported message");
        List<String> reasons = new ArrayList<>();
        try (QueueInspector inspector = QueueInspector.openReadOnly(database, Duration.ofSeconds(5))) {
            for (InspectedEvent event : inspector.list(EventFilter.of(EventState.FAILED), 0, 100)) {
                reasons.add(event.note());
            }
        }
        assertEquals(3, reasons.size(), "three failed events in the database: " + reasons);
        assertTrue(reasons.get(0).contains("HTTP 400"), "the reason says why: " + reasons.get(0));
        assertNoSecret(reasons, "the reason of a failed event");
    }

    @Test
    void aRefusedConnectionLeaksNoSecret() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Reports reports = new Reports();
        AsynchronousLogstashHandler handler = handler("127.0.0.1", closedPort, dir.resolve("refused.db"), reports);
        TestSupport.logger("secrets-refused", handler).info("event");
        LineReceiver.await(Duration.ofSeconds(20),
                () -> reports.texts.stream().anyMatch(t -> t.contains("retrying") && t.contains("token=***")),
                "the refused connection is reported, the URL masked");
        assertFalse(handler.flush(Duration.ofMillis(200)), "nothing can be sent: nothing listens");
        handler.close();
        assertNoSecret(reports.texts, "a reported message");
    }

    @Test
    void credentialsInTheHostFailNamingHostAndAreNotShown() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> handler("logger:" + PASSWORD + "@127.0.0.1", 8080, dir.resolve("host.db"), new Reports()),
                "user:password@host is not a host");
        assertEquals("host", e.option(), "the error names the option at fault: " + e.getMessage());
        assertTrue(e.getMessage().contains("logger:***@127.0.0.1"), "the host is shown masked: " + e.getMessage());
        assertNoSecret(List.of(e.getMessage()), "the configuration error");
    }

    /** Answers 400 quoting the request line and the Authorization header, as some proxies' error pages do. */
    private static void echo400(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String echo = "Bad Request: POST http://" + exchange.getRequestHeaders().getFirst("Host")
                + exchange.getRequestURI() + " Authorization: " + exchange.getRequestHeaders().getFirst("Authorization");
        byte[] bytes = echo.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(400, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
