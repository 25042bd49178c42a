package io.github.logstashasync.fx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A TCP json_lines receiver on 127.0.0.1 that keeps every line it reads, for the flush tests and the JVM view's. */
final class LineReceiver implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> lines = new ArrayList<>();
    private final Thread acceptor;
    private volatile Socket current;

    LineReceiver() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(this::accept, "test-line-receiver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port it listens on. */
    int port() {
        return server.getLocalPort();
    }

    /** The lines received so far. */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket socket = accepted();
                 BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                         StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (this) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // closed, or the client went away: accept the next one
            }
        }
    }

    private Socket accepted() throws IOException {
        Socket socket = server.accept();
        current = socket;
        if (server.isClosed()) {
            socket.close();
        }
        return socket;
    }

    /** How many lines it received so far. */
    synchronized int count() {
        return lines.size();
    }

    /** Stops listening and drops the connection it reads, as a receiver that goes down does. */
    @Override
    public void close() throws IOException {
        server.close();
        Socket socket = current;
        if (socket != null) {
            socket.close();
        }
    }
}
