package io.github.logstashasync.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The same HTTP receiver on the JDK's own {@code com.sun.net.httpserver}: a check whether a general HTTP server
 * on the receiving side limits what the benchmark can see (compare with {@link HttpSink}).
 */
public final class JdkHttpSink extends Sink {

    private final HttpServer server;
    private final ExecutorService executor;

    /** Starts the server on an ephemeral port of 127.0.0.1, with one handler thread. */
    public JdkHttpSink() throws IOException {
        // the Sink's own socket stays idle: this sink listens on the HttpServer's port instead
        super(null);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "JdkHttpSink-handler");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        int elements = HttpSink.countObjects(body, body.length);
        counted(elements, body.length - elements - 1L);
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    protected void serve(java.net.Socket socket) {
        // nobody connects to the Sink's own socket
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        executor.shutdownNow();
        super.close();
    }
}
