package io.github.logstashasync.core.internal.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;

/** A small TCP receiver on 127.0.0.1 that collects lines, or misbehaves in one of the ways a receiver can. */
final class LineReceiver implements AutoCloseable {

    /** What the receiver does with a connection. */
    enum Behaviour {
        /** Reads lines; closes the connection at the end of the stream, as Logstash does. */
        READ_LINES,
        /** Reads lines; keeps the connection open after the end of the stream. */
        READ_LINES_KEEP_OPEN,
        /** Accepts and never reads (over TLS: after the handshake), so that the sender's buffers fill up. */
        NEVER_READ,
        /** Reads a little, then closes with unread data, which resets the connection. */
        CLOSE_AFTER_FIRST_READ
    }

    private final ServerSocket server;
    private final Charset charset;
    private final Behaviour behaviour;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final AtomicInteger accepts = new AtomicInteger();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    private LineReceiver(ServerSocket server, Charset charset, Behaviour behaviour) {
        this.server = server;
        this.charset = charset;
        this.behaviour = behaviour;
        start("receiver-accept", this::acceptLoop);
    }

    /** Starts a receiver on a free port. */
    static LineReceiver start(Charset charset, Behaviour behaviour) throws IOException {
        return start(bind(0, behaviour), charset, behaviour);
    }

    /** Starts a receiver on a bound server socket (plain or TLS). */
    static LineReceiver start(ServerSocket server, Charset charset, Behaviour behaviour) {
        return new LineReceiver(server, charset, behaviour);
    }

    /** Binds a plain server socket to 127.0.0.1:{@code port}; a small receive buffer for the misbehaving kinds. */
    static ServerSocket bind(int port, Behaviour behaviour) throws IOException {
        ServerSocket socket = new ServerSocket();
        configure(socket, port, behaviour);
        return socket;
    }

    static void configure(ServerSocket socket, int port, Behaviour behaviour) throws IOException {
        socket.setReuseAddress(true);
        if (behaviour == Behaviour.NEVER_READ || behaviour == Behaviour.CLOSE_AFTER_FIRST_READ) {
            socket.setReceiveBufferSize(4096);
        }
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    int port() {
        return server.getLocalPort();
    }

    int accepts() {
        return accepts.get();
    }

    /** Waits up to 10 s for each of the next {@code count} lines. */
    List<String> take(int count) throws InterruptedException {
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertNotNull(line, "expected line " + (i + 1) + " of " + count + " within 10 s; got " + taken);
            taken.add(line);
        }
        return taken;
    }

    /** Lines received and not taken yet. */
    List<String> pending() {
        List<String> drained = new ArrayList<>();
        lines.drainTo(drained);
        return drained;
    }

    /** Closes the accepted connections, as a receiver does with idle clients; keeps listening. */
    void closeConnections() {
        for (Socket connection : connections) {
            closeQuietly(connection);
        }
        connections.clear();
    }

    @Override
    public void close() {
        closeQuietly(server);
        closeConnections();
        try {
            for (Thread thread : threads) {
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket connection;
            try {
                connection = server.accept();
            } catch (IOException e) {
                return;
            }
            accepts.incrementAndGet();
            connections.add(connection);
            start("receiver-connection", () -> serve(connection));
        }
    }

    private void serve(Socket connection) {
        try {
            switch (behaviour) {
                case NEVER_READ -> {
                    // Over TLS, complete the handshake first, so that it is the data that stalls.
                    if (connection instanceof SSLSocket tls) {
                        tls.startHandshake();
                    }
                }
                case CLOSE_AFTER_FIRST_READ -> {
                    InputStream in = connection.getInputStream();
                    if (in.read(new byte[1024]) >= 0) {
                        connection.close();
                    }
                }
                default -> {
                    BufferedReader reader = new BufferedReader(new InputStreamReader(connection.getInputStream(), charset));
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        lines.add(line);
                    }
                    if (behaviour == Behaviour.READ_LINES) {
                        connection.close();
                    }
                }
            }
        } catch (IOException e) {
            closeQuietly(connection);
        }
    }

    private void start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // A test receiver: closing is best effort.
        }
    }
}
