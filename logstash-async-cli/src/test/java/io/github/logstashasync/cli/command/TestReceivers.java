package io.github.logstashasync.cli.command;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** Independent loopback receivers for tests of what the tool sends (not the tool's own receivers). */
final class TestReceivers {

    private TestReceivers() {
    }

    /** Polls {@code condition} every 10 ms until it holds or {@code timeout} passes. */
    static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** A json_lines server: collects every line of every connection. */
    static final class Lines implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final ServerSocket server;

        Lines() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread reader = new Thread(() -> read(socket), "test-lines-reader");
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "test-lines-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void read(Socket socket) {
            try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // connection over
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** A UDP server: collects every datagram. */
    static final class Datagrams implements AutoCloseable {
        final List<String> datagrams = new CopyOnWriteArrayList<>();
        private final DatagramSocket socket;

        Datagrams() throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[65_535];
                while (!socket.isClosed()) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(packet);
                    } catch (IOException e) {
                        return;
                    }
                    datagrams.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
                }
            }, "test-udp-reader");
            reader.setDaemon(true);
            reader.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** An HTTP server: collects every request body and its Authorization header; answers 200. */
    static final class Http implements AutoCloseable {
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Http() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            server.createContext("/", exchange -> {
                try (exchange) {
                    bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                    exchange.sendResponseHeaders(200, -1);
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
