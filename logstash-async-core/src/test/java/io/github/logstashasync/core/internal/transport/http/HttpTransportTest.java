package io.github.logstashasync.core.internal.transport.http;

import static io.github.logstashasync.core.internal.transport.http.RecordingHttpServer.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTransportTest {

    private static final String SECRET = "s3cr3t-Pa55";

    private RecordingHttpServer server;
    private final List<String> rejected = new ArrayList<>();
    private final List<Transport> transports = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new RecordingHttpServer();
    }

    @AfterEach
    void stop() {
        transports.forEach(Transport::close);
        server.close();
    }

    private Transport transport(String... options) {
        return transport(TransportSettings.of("127.0.0.1", server.port()), options);
    }

    private Transport transport(TransportSettings base, String... options) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i + 1 < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        Transport transport = new HttpTransportProvider().create(base.withOptions(map), null);
        transports.add(transport);
        return transport;
    }

    private void send(Transport transport, List<String> events) throws TransportException, InterruptedException {
        transport.send(events, (index, reason) -> rejected.add(index + ":" + reason));
    }

    private static String doc(int i) {
        return "{\"message\":\"event " + i + "\",\"n\":" + i + "}";
    }

    private static List<String> docs(int count) {
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            docs.add(doc(i));
        }
        return docs;
    }

    @Test
    void postsOneJsonArrayWithTheExactDocuments() throws Exception {
        List<String> events = List.of(doc(1), "{\"message\":\"h\u00e9llo \u2603\"}", doc(3));
        send(transport("path", "/ingest?pipeline=app"), events);

        List<RecordingHttpServer.Request> requests = server.requests();
        assertEquals(1, requests.size(), "one request for a small batch");
        RecordingHttpServer.Request request = requests.get(0);
        assertEquals("POST", request.method(), "method");
        assertEquals("/ingest?pipeline=app", request.uri(), "path and query as configured");
        assertEquals("[" + String.join(",", events) + "]", request.body(), "body is the JSON array of the documents");
        assertEquals("application/json; charset=UTF-8", request.header("Content-Type"), "content type");
        assertNull(request.header("Authorization"), "no credentials unless configured");
        assertTrue(rejected.isEmpty(), "nothing rejected: " + rejected);
    }

    @Test
    void pathWithoutLeadingSlashAndDefaultPath() throws Exception {
        send(transport("path", "logs"), List.of(doc(1)));
        send(transport(), List.of(doc(2)));
        assertEquals("/logs", server.requests().get(0).uri(), "a slash is added before the path");
        assertEquals("/", server.requests().get(1).uri(), "default path");
    }

    @Test
    void splitsBatchesSoThatEveryBodyFitsMaxContentLength() throws Exception {
        List<String> events = docs(20);
        int limit = 2 + doc(10).length() * 3 + 2 + 5;
        send(transport("maxContentLength", Integer.toString(limit)), events);

        List<RecordingHttpServer.Request> requests = server.requests();
        assertTrue(requests.size() >= 7, "20 events of about a third of the limit need at least 7 requests, got "
                + requests.size());
        List<String> received = new ArrayList<>();
        for (RecordingHttpServer.Request request : requests) {
            int size = request.body().getBytes(StandardCharsets.UTF_8).length;
            assertTrue(size <= limit, "body of " + size + " bytes must not exceed maxContentLength " + limit);
            assertEquals(Integer.toString(size), request.header("Content-Length"), "Content-Length is the body size");
            String inner = request.body().substring(1, request.body().length() - 1);
            received.addAll(List.of(inner.split(",(?=\\{)")));
        }
        assertEquals(events, received, "every event exactly once, in order");
    }

    @Test
    void sizeSyntaxForMaxContentLength() throws Exception {
        String big = "{\"message\":\"" + "x".repeat(3000) + "\"}";
        send(transport("maxContentLength", "2k"), List.of(doc(0), big, doc(1)));
        assertEquals(List.of("1:event of " + big.length() + " bytes exceeds maxContentLength of 2048 bytes"), rejected,
                "2k is 2048 bytes; the large event is rejected with its size");
        assertEquals("[" + doc(0) + "," + doc(1) + "]", server.requests().get(0).body(), "the others are sent together");
    }

    @Test
    void anEventLargerThanTheLimitIsRejectedWithTheReasonAndTheOthersAreSent() throws Exception {
        String big = "{\"message\":\"" + "x".repeat(100) + "\"}";
        int limit = big.length() + 1;
        send(transport("maxContentLength", Integer.toString(limit)), List.of(doc(1), big, doc(2)));

        assertEquals(List.of("1:event of " + big.length() + " bytes exceeds maxContentLength of " + limit + " bytes"),
                rejected, "the event that cannot fit even alone (size + 2 brackets) is rejected with its size");
        List<String> bodies = server.requests().stream().map(RecordingHttpServer.Request::body).toList();
        assertEquals(List.of("[" + doc(1) + "," + doc(2) + "]"), bodies, "the other events are sent");
    }

    @Test
    void anEventThatFitsExactlyWithItsBracketsIsSent() throws Exception {
        String event = doc(7);
        send(transport("maxContentLength", Integer.toString(event.length() + 2)), List.of(event, event));
        assertTrue(rejected.isEmpty(), "size + 2 == limit fits: " + rejected);
        assertEquals(2, server.requests().size(), "one request per event at this limit");
        assertEquals("[" + event + "]", server.requests().get(1).body(), "exact body");
    }

    @Test
    void basicAuthentication() throws Exception {
        send(transport("username", "logger", "password", SECRET), List.of(doc(1)));
        String expected = "Basic " + Base64.getEncoder().encodeToString(("logger:" + SECRET).getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, server.requests().get(0).header("Authorization"), "basic auth header");
    }

    @Test
    void unauthorizedIsPermanentWithStatusAndBodyExcerpt() {
        server.then(status(401, "{\"error\":\"bad credentials\"}", "Content-Type", "application/json"));
        Transport transport = transport("username", "logger", "password", SECRET);
        TransportException e = assertThrows(TransportException.class, () -> send(transport, docs(3)));
        assertFalse(e.retryable(), "401 is not retryable");
        assertEquals(0, e.delivered(), "nothing delivered");
        assertTrue(e.getMessage().contains("HTTP 401: {\"error\":\"bad credentials\"}"), "status and excerpt: " + e.getMessage());
    }

    @Test
    void badRequestIsPermanent() {
        server.then(status(400, "line 1\nline 2\ttabbed"));
        TransportException e = assertThrows(TransportException.class, () -> send(transport(), docs(2)));
        assertFalse(e.retryable(), "400 is not retryable");
        assertTrue(e.getMessage().contains("HTTP 400: line 1 line 2 tabbed"), "excerpt on one line: " + e.getMessage());
    }

    @Test
    void longErrorBodiesAreCut() {
        // 400, not 413: a 413 now splits the batch (HttpTooLargeTest)
        server.then(status(400, "y".repeat(100_000)));
        TransportException e = assertThrows(TransportException.class, () -> send(transport(), docs(2)));
        assertFalse(e.retryable(), "400 is not retryable");
        assertTrue(e.getMessage().length() < 600, "message bounded, was " + e.getMessage().length() + " chars");
        assertTrue(e.getMessage().endsWith("y..."), "cut excerpt ends with an ellipsis: " + e.getMessage());
    }

    @Test
    void tooManyRequestsIsRetryableWithRetryAfterSeconds() {
        server.then(status(429, "slow down", "Retry-After", "7"));
        TransportException e = assertThrows(TransportException.class, () -> send(transport(), docs(2)));
        assertTrue(e.retryable(), "429 is retryable");
        assertEquals(Duration.ofSeconds(7), e.retryAfter().orElse(null), "Retry-After in seconds");
    }

    @Test
    void serviceUnavailableIsRetryableWithRetryAfterDate() {
        ZonedDateTime when = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120);
        server.then(status(503, "", "Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(when)));
        TransportException e = assertThrows(TransportException.class, () -> send(transport(), docs(2)));
        assertTrue(e.retryable(), "503 is retryable");
        Duration wait = e.retryAfter().orElseThrow();
        assertTrue(wait.compareTo(Duration.ofSeconds(100)) > 0 && wait.compareTo(Duration.ofSeconds(121)) <= 0,
                "Retry-After as HTTP-date, about 120 s, was " + wait);
    }

    @Test
    void serverErrorsAndRequestTimeoutAreRetryable() {
        server.then(status(500, "boom"), status(408, ""));
        Transport transport = transport();
        TransportException e500 = assertThrows(TransportException.class, () -> send(transport, docs(1)));
        TransportException e408 = assertThrows(TransportException.class, () -> send(transport, docs(1)));
        assertTrue(e500.retryable() && e408.retryable(), "500 and 408 are retryable");
        assertTrue(e500.retryAfter().isEmpty(), "no Retry-After given");
    }

    @Test
    void whenTheSecondRequestFailsTheFirstRequestsEventsAreDelivered() {
        List<String> events = docs(9);
        int limit = 2 + doc(1).length() * 3 + 2;
        server.then(status(200, "ok"), status(503, "busy"));
        Transport transport = transport("maxContentLength", Integer.toString(limit));
        TransportException e = assertThrows(TransportException.class, () -> send(transport, events));
        assertTrue(e.retryable(), "503 is retryable");
        assertEquals(3, e.delivered(), "the 3 events of the accepted first request are delivered");
        assertEquals(2, server.requests().size(), "no request after the failing one");
    }

    @Test
    void rejectionsArePassedOnOnlyWithinTheDeliveredPart() {
        String big = "{\"message\":\"" + "x".repeat(200) + "\"}";
        List<String> events = List.of(doc(0), big, doc(2), big, doc(4));
        int limit = doc(0).length() + 2;
        server.then(status(200, "ok"), status(503, "busy"));
        Transport transport = transport("maxContentLength", Integer.toString(limit));
        TransportException e = assertThrows(TransportException.class, () -> send(transport, events));
        assertEquals(2, e.delivered(), "event 0 sent, event 1 rejected; the request of event 2 failed");
        assertEquals(1, rejected.size(), "only the rejection before the failure is reported: " + rejected);
        assertTrue(rejected.get(0).startsWith("1:event of " + big.length() + " bytes"), "rejection of index 1: " + rejected);
    }

    @Test
    void connectionRefusedIsRetryable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Transport transport = transport(TransportSettings.of("127.0.0.1", closedPort));
        TransportException e = assertThrows(TransportException.class, () -> send(transport, docs(2)));
        assertTrue(e.retryable(), "a refused connection is retryable");
        assertEquals(0, e.delivered(), "nothing delivered");
        assertTrue(e.getMessage().contains("http://127.0.0.1:" + closedPort + "/"), "names the URL: " + e.getMessage());
    }

    @Test
    void aReceiverThatDoesNotAnswerTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.then(exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            status(200, "late").answer(exchange);
        });
        Transport transport = transport("requestTimeout", "300ms");
        try {
            long started = System.nanoTime();
            TransportException e = assertThrows(TransportException.class, () -> send(transport, docs(1)));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(e.retryable(), "a timeout is retryable");
            assertTrue(e.getMessage().contains("requestTimeout PT0.3S"), "names the timeout: " + e.getMessage());
            assertTrue(tookMillis >= 250 && tookMillis < 5_000, "gave up after about 300 ms, took " + tookMillis + " ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aFullBacklogTimesOutTheConnect() throws Exception {
        // a listening socket that never accepts: once its backlog is full, the kernel drops further SYNs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket filler = new Socket();
                    fillers.add(filler);
                    try {
                        filler.connect(full.getLocalSocketAddress(), 200);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                }
                Transport transport = transport(TransportSettings.of("127.0.0.1", full.getLocalPort()),
                        "connectTimeout", "300ms");
                long started = System.nanoTime();
                TransportException e = assertThrows(TransportException.class, () -> send(transport, docs(1)));
                long tookMillis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(e.retryable(), "a connect timeout is retryable");
                assertTrue(e.getMessage().contains("no connection within connectTimeout PT0.3S"), "says why: " + e.getMessage());
                assertTrue(tookMillis < 5_000, "gave up after about 300 ms, took " + tookMillis + " ms");
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void connectionsAreReusedBetweenBatches() throws Exception {
        Transport transport = transport();
        send(transport, docs(1));
        send(transport, docs(2));
        send(transport, docs(3));
        List<RecordingHttpServer.Request> requests = server.requests();
        assertEquals(3, requests.size(), "three requests");
        assertEquals(requests.get(0).remotePort(), requests.get(2).remotePort(), "the same kept-alive connection");
    }

    @Test
    void thePasswordAppearsNowhere() {
        String echoedHeader = "Basic "
                + Base64.getEncoder().encodeToString(("logger:" + SECRET).getBytes(StandardCharsets.UTF_8));
        server.then(status(401, "you sent " + echoedHeader + " with password " + SECRET));
        TransportSettings settings = TransportSettings.of("127.0.0.1", server.port());
        Transport transport = transport(settings, "username", "logger", "password", SECRET);
        TransportException e = assertThrows(TransportException.class, () -> send(transport, docs(1)));

        String encoded = echoedHeader.substring("Basic ".length());
        for (String text : List.of(transport.toString(), e.getMessage(), e.toString(),
                settings.withOptions(Map.of("username", "logger", "password", SECRET)).toString(),
                HttpOptions.parse(settings.withOptions(Map.of("username", "logger", "password", SECRET))).toString())) {
            assertFalse(text.contains(SECRET), "password must not appear in: " + text);
            assertFalse(text.contains(encoded), "encoded credentials must not appear in: " + text);
        }
        assertTrue(transport.toString().contains("username=logger"), "the user is shown: " + transport);
    }

    @Test
    void invalidOptionsNameTheOption() {
        TransportSettings base = TransportSettings.of("127.0.0.1", server.port());
        assertEquals("maxContentLength", assertThrows(InvalidOptionException.class,
                () -> transport(base, "maxContentLength", "lots")).option(), "unparsable size");
        assertEquals("maxContentLength", assertThrows(InvalidOptionException.class,
                () -> transport(base, "maxContentLength", "2")).option(), "too small to hold any event");
        assertEquals("requestTimeout", assertThrows(InvalidOptionException.class,
                () -> transport(base, "requestTimeout", "0s")).option(), "zero timeout");
        assertEquals("connectTimeout", assertThrows(InvalidOptionException.class,
                () -> transport(base, "connectTimeout", "soon")).option(), "unparsable duration");
        assertEquals("username", assertThrows(InvalidOptionException.class,
                () -> transport(base, "password", SECRET)).option(), "password without user");
        assertEquals("username", assertThrows(InvalidOptionException.class,
                () -> transport(base, "username", "a:b", "password", SECRET)).option(), "colon in user");
        assertEquals("path", assertThrows(InvalidOptionException.class,
                () -> transport(base, "path", "/a b")).option(), "path that makes no URL");
        assertEquals("pth", assertThrows(InvalidOptionException.class,
                () -> transport(base, "pth", "/x")).option(), "unknown option");
    }

    @Test
    void tlsWithoutTheSslModuleFailsAtCreate() {
        TransportSettings settings = TransportSettings.of("127.0.0.1", server.port())
                .withTls(TlsSettings.builder().enabled(true).build());
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> new HttpTransportProvider().create(settings, null));
        assertEquals("sslEnable", e.option(), "names sslEnable");
        assertTrue(e.getMessage().contains("io.github.logstashasync.transport.ssl"), "says which module: " + e.getMessage());
    }

    @Test
    void providerFacts() {
        HttpTransportProvider provider = new HttpTransportProvider();
        assertEquals("http", provider.id(), "id");
        assertTrue(provider.supportsTls(), "supports TLS");
        assertEquals(HttpOptions.NAMES, provider.optionNames(), "option names");
    }
}
