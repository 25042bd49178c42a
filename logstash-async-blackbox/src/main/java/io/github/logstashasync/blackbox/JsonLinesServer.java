package io.github.logstashasync.blackbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A minimal json_lines receiver on the loopback address, as an application's test would write one. */
public final class JsonLinesServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** Listens on a free loopback port. */
    public JsonLinesServer() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::accept, "blackbox-receiver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread reader = new Thread(() -> read(client), "blackbox-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(Socket client) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** The lines received so far. */
    public List<String> lines() {
        return new ArrayList<>(lines);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
