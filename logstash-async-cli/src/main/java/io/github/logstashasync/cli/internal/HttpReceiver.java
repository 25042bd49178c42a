package io.github.logstashasync.cli.internal;

import tools.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;

/**
 * Receives what the {@code http} transport posts: a JSON array of documents per request (a single document or
 * JSON lines are taken too). Answers 200, or 401 without the right basic auth, 404 on another path, 405 for a
 * method other than POST, 400 for a body that is no JSON.
 */
final class HttpReceiver implements Receiver {

    private final HttpServer server;
    private final ExecutorService executor;
    private final ReceiverSettings settings;
    private final Receiver.Sink sink;

    HttpReceiver(ReceiverSettings settings, Receiver.Sink sink) throws IOException {
        this.settings = settings;
        this.sink = sink;
        if (settings.tls() == null) {
            server = HttpServer.create(settings.address(), 50);
        } else {
            HttpsServer https = HttpsServer.create(settings.address(), 50);
            boolean needClientAuth = settings.needClientAuth();
            https.setHttpsConfigurator(new HttpsConfigurator(settings.tls()) {
                @Override
                public void configure(HttpsParameters parameters) {
                    SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                    ssl.setNeedClientAuth(needClientAuth);
                    parameters.setSSLParameters(ssl);
                }
            });
            server = https;
        }
        executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "logstash-async-listen-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    @Override
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (settings.path() != null && !settings.path().equals(path)) {
                respond(exchange, 404, "no receiver at " + path + "; it listens at " + settings.path());
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                respond(exchange, 405, "POST a JSON array of events");
                return;
            }
            if (settings.username() != null && !authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"logstash-async\"");
                respond(exchange, 401, "basic authentication required");
                settings.warnings().accept("refused a request from " + exchange.getRemoteAddress()
                        + ": missing or wrong basic auth");
                return;
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            JsonNode node = Json.parse(text);
            if (node != null && node.isArray()) {
                for (JsonNode event : node) {
                    sink.accept(Json.compact(event));
                }
            } else if (node != null && node.isObject()) {
                sink.accept(Json.compact(node));
            } else if (!text.isBlank() && text.lines().allMatch(line -> line.isBlank() || Json.parse(line) != null)) {
                text.lines().filter(line -> !line.isBlank()).forEach(sink::accept);
            } else {
                respond(exchange, 400, "the body is no JSON array, object or JSON lines");
                settings.warnings().accept("refused a request from " + exchange.getRemoteAddress() + ": body is no JSON");
                return;
            }
            respond(exchange, 200, "ok");
        }
    }

    private boolean authorized(String header) {
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + (settings.password() == null ? "" : settings.password()))
                        .getBytes(StandardCharsets.UTF_8));
        // constant time, as a password comparison should be
        return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        // waits (up to a second) for requests in hand, so that their senders get the answer they are owed
        server.stop(1);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
