package io.github.logstashasync.core.internal.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A receiver whose own body limit is below {@code maxContentLength} answers 413 (issue 16, item 7): the batch is
 * split in halves until the bodies fit, and only an event that is too large alone fails, for good.
 */
class HttpTooLargeTest {

    /** The receiver's limit on a request body, far below the default maxContentLength of 100 MiB. */
    private static final int LIMIT = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final List<Integer> accepted = new CopyOnWriteArrayList<>();
    private final List<Integer> bodySizes = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNextAccepted = new AtomicInteger(-1);
    private final Map<Integer, String> rejected = new TreeMap<>();
    private Transport transport;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        transport = new HttpTransportProvider().create(
                TransportSettings.of("127.0.0.1", server.getAddress().getPort()), null);
    }

    @AfterEach
    void stop() {
        transport.close();
        server.stop(0);
        executor.shutdownNow();
    }

    /** 413 above {@link #LIMIT} bytes; else 200 and records the events' n, or 503 once when told to. */
    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        bodySizes.add(body.length);
        int status;
        String answer;
        if (body.length > LIMIT) {
            status = 413;
            answer = "Request Entity Too Large: " + body.length + " > " + LIMIT;
        } else if (failNextAccepted.getAndUpdate(n -> n == 0 ? -1 : n > 0 ? n - 1 : n) == 0) {
            status = 503;
            answer = "busy";
        } else {
            for (JsonNode doc : JSON.readTree(body)) {
                accepted.add(doc.get("n").asInt());
            }
            status = 200;
            answer = "ok";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void send(List<String> events) throws TransportException, InterruptedException {
        transport.send(events, (index, reason) -> rejected.put(index, reason));
    }

    private static String doc(int n, int padding) {
        return "{\"n\":" + n + ",\"message\":\"" + "x".repeat(padding) + "\"}";
    }

    /** 22 events of about 60 bytes, except event {@code big}, which has 2,000 bytes: more than the limit alone. */
    private static List<String> batchWithOneHugeEvent(int big) {
        List<String> events = new ArrayList<>();
        for (int n = 0; n < 22; n++) {
            events.add(doc(n, n == big ? 2_000 : 40));
        }
        return events;
    }

    private static List<Integer> range(int from, int to, int... except) {
        List<Integer> list = new ArrayList<>();
        for (int n = from; n < to; n++) {
            int value = n;
            if (Arrays.stream(except).noneMatch(e -> e == value)) {
                list.add(n);
            }
        }
        return list;
    }

    @Test
    void onlyTheEventTooLargeAloneFailsAndTheOthersAreDelivered() throws Exception {
        send(batchWithOneHugeEvent(13));
        assertEquals(range(0, 22, 13), accepted, "the 21 small events delivered, in order, once each");
        assertEquals(List.of(13), List.copyOf(rejected.keySet()), "only the huge event rejected: " + rejected);
        String reason = rejected.get(13);
        assertTrue(reason.contains("HTTP 413") && reason.contains("too large even alone"),
                "the reason says the receiver refused it alone with 413: " + reason);
        assertTrue(bodySizes.size() <= 2 * 22 - 1, "halving needs at most 2n - 1 requests, made " + bodySizes.size());
        assertTrue(bodySizes.stream().filter(size -> size <= LIMIT).count() >= 2, "split into bodies under the limit");
    }

    @Test
    void aBatchOfSmallEventsAboveTheLimitIsSplitUntilEveryBodyFits() throws Exception {
        List<String> events = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            events.add(doc(n, 60)); // 40 x 80 bytes: about 3.2 kB, more than three times the limit
        }
        send(events);
        assertEquals(range(0, 40), accepted, "every event delivered once, in order");
        assertTrue(rejected.isEmpty(), "no event rejected: " + rejected);
    }

    @Test
    void aRetryableFailureAfterASplitKeepsTheDeliveredPrefix() {
        failNextAccepted.set(1); // the first body under the limit is accepted, the second answered 503
        List<String> events = batchWithOneHugeEvent(3);
        TransportException e = assertThrows(TransportException.class, () -> send(events), "503 on the second part");
        assertTrue(e.retryable(), "503 stays retryable: " + e.getMessage());
        int delivered = e.delivered();
        List<Integer> before = range(0, delivered, 3);
        assertEquals(before, accepted, "what the receiver accepted is exactly the delivered prefix " + delivered);
        assertTrue(rejected.keySet().stream().allMatch(index -> index < delivered),
                "rejections lie within the delivered prefix " + delivered + ": " + rejected);
    }
}
