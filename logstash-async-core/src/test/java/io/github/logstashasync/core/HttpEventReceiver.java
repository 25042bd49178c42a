package io.github.logstashasync.core;

import tools.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The JDK's HTTP server as Logstash's http input: a JSON array per POST, answered 200; can stop and start again. */
final class HttpEventReceiver implements EventReceiver {

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile HttpServer server;
    private volatile ExecutorService executor;
    private final int port;

    HttpEventReceiver() throws IOException {
        listen(0);
        port = server.getAddress().getPort();
    }

    private void listen(int onPort) throws IOException {
        HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 16);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        created.createContext("/", this::handle);
        created.setExecutor(pool);
        created.start();
        executor = pool;
        server = created;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        JsonNode events = TestSupport.JSON.readTree(body);
        List<String> batch = new ArrayList<>();
        for (JsonNode event : events) {
            batch.add(event.get("message").asString());
        }
        messages.addAll(batch);
        requests.incrementAndGet();
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public List<String> messages() {
        return new ArrayList<>(messages);
    }

    @Override
    public int batches() {
        return requests.get();
    }

    /** Stops at once: open connections are closed, a request in progress gets no answer. */
    @Override
    public void stop() throws InterruptedException {
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public void start() throws IOException {
        listen(port);
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
