package io.github.logstashasync.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** A json_lines receiver on 127.0.0.1 for tests: collects every line; can be stopped and started on the same port. */
final class LineReceiver implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    /** {@code System.nanoTime()} of each read that completed at least one line. */
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger torn = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> acceptors = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private final int port;

    LineReceiver() throws IOException {
        this(0);
    }

    LineReceiver(int port) throws IOException {
        this(InetAddress.getLoopbackAddress(), port);
    }

    /** Listens on {@code address} (127.0.0.1 or ::1), {@code port}; 0 for an ephemeral one. */
    LineReceiver(InetAddress address, int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(address, port));
        this.port = server.getLocalPort();
        startAccepting(server);
    }

    private void startAccepting(ServerSocket socket) {
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    connections.incrementAndGet();
                    sockets.add(client);
                    Thread reader = new Thread(() -> read(client), "test-receiver-read");
                    reader.setDaemon(true);
                    readers.add(reader);
                    reader.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "test-receiver-accept");
        acceptor.setDaemon(true);
        acceptors.add(acceptor);
        acceptor.start();
    }

    /**
     * Keeps the lines that end in a newline; what is left without one when the connection ends (a sender killed
     * mid-write) is a torn line, counted apart, as json_lines would fail to parse it.
     */
    private void read(Socket client) {
        StringBuilder line = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            char[] buffer = new char[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                boolean completed = false;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines.add(line.toString());
                        line.setLength(0);
                        completed = true;
                    } else {
                        line.append(buffer[i]);
                    }
                }
                if (completed) {
                    arrivals.add(System.nanoTime());
                }
            }
        } catch (IOException e) {
            // connection closed by the test
        }
        if (line.length() > 0) {
            torn.incrementAndGet();
        }
    }

    /** Returns how many connections ended inside a line. */
    int tornLines() {
        return torn.get();
    }

    int port() {
        return port;
    }

    List<String> lines() {
        return new ArrayList<>(lines);
    }

    /** When lines arrived: the {@code System.nanoTime()} of each read that completed one or more. */
    List<Long> arrivals() {
        return new ArrayList<>(arrivals);
    }

    int connections() {
        return connections.get();
    }

    /**
     * Stops listening and drops every connection (with a reset), and returns only once they are closed in the
     * kernel: closing a socket whose reader is blocked in {@code read} only swaps its file descriptor, and the
     * kernel socket stays open, accepting data, until that thread runs again; under load that was after the
     * test had gone on to "the receiver is down" and the sender's writes still went through.
     */
    void stop() throws IOException {
        server.close();
        joinAll(acceptors); // no connection is added after this
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                // closed by the peer already
            }
            socket.close();
        }
        sockets.clear();
        joinAll(readers);
    }

    private static void joinAll(List<Thread> threads) throws IOException {
        for (Thread thread : threads) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping the receiver", e);
            }
        }
        threads.clear();
    }

    /** Listens again on the same port. */
    void start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = socket;
        startAccepting(socket);
    }

    /** Waits until {@code condition} holds, failing after {@code timeout}. */
    static void await(Duration timeout, BooleanSupplier condition, String expectation) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + expectation);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
