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

/** A TCP json_lines receiver on 127.0.0.1 that keeps every line it reads, for the flush tests. */
final class LineReceiver implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> lines = new ArrayList<>();
    private final Thread acceptor;

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
            try (Socket socket = server.accept();
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

    @Override
    public void close() throws IOException {
        server.close();
    }
}
