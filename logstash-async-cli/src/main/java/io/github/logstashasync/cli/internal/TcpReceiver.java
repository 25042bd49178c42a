package io.github.logstashasync.cli.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A stream receiver, plain or TLS: {@code json_lines} (one document per line, what the {@code tcp} transport sends)
 * or Lumberjack v2 with ACKs (what the {@code beats} transport sends). One thread per connection.
 */
final class TcpReceiver implements Receiver {

    /** What the connections speak. */
    enum Protocol {
        /** One JSON document per line. */
        JSON_LINES,
        /** Lumberjack protocol version 2, acknowledging each window. */
        LUMBERJACK
    }

    /** How long closing waits for connections to finish the frame in hand. */
    private static final long CLOSE_GRACE_NANOS = 2_000_000_000L;

    private final ServerSocket server;
    private final Receiver.Sink sink;
    private final ReceiverSettings settings;
    private final Protocol protocol;
    /** Open connections, each with whether it is in the middle of a frame or line (so closing waits for it). */
    private final Map<Socket, AtomicBoolean> connections = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private volatile boolean closed;

    TcpReceiver(ReceiverSettings settings, Receiver.Sink sink, Protocol protocol) throws IOException {
        this.settings = settings;
        this.sink = sink;
        this.protocol = protocol;
        ServerSocket socket = settings.tls() == null ? new ServerSocket()
                : settings.tls().getServerSocketFactory().createServerSocket();
        try {
            if (socket instanceof SSLServerSocket ssl) {
                ssl.setNeedClientAuth(settings.needClientAuth());
            }
            socket.setReuseAddress(true);
            socket.bind(settings.address(), 50);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        this.server = socket;
        this.acceptor = new Thread(this::acceptLoop, "logstash-async-listen-" + protocol.name().toLowerCase(
                java.util.Locale.ROOT));
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    settings.warnings().accept("cannot accept a connection: " + e.getMessage());
                }
                return;
            }
            AtomicBoolean busy = new AtomicBoolean();
            connections.put(socket, busy);
            Thread reader = new Thread(() -> serve(socket, busy), "logstash-async-connection-" + socket.getPort());
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void serve(Socket socket, AtomicBoolean busy) {
        String peer = socket.getRemoteSocketAddress().toString();
        try (socket) {
            if (socket instanceof SSLSocket ssl) {
                ssl.startHandshake();
            }
            if (protocol == Protocol.JSON_LINES) {
                readLines(socket, busy);
            } else {
                new LumberjackReader(new BufferedInputStream(socket.getInputStream()),
                        new BufferedOutputStream(socket.getOutputStream()), sink, busy).run();
            }
        } catch (SSLException e) {
            if (!closed) {
                settings.warnings().accept("TLS handshake with " + peer + " failed: " + e.getMessage());
            }
        } catch (LumberjackReader.ProtocolException e) {
            settings.warnings().accept("closed the connection from " + peer + ": " + e.getMessage());
        } catch (SocketException e) {
            // the peer reset the connection, or we are closing: either way this connection is over
        } catch (IOException e) {
            if (!closed) {
                settings.warnings().accept("connection from " + peer + " failed: " + e.getMessage());
            }
        } finally {
            connections.remove(socket);
        }
    }

    private void readLines(Socket socket, AtomicBoolean busy) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            busy.set(true);
            if (!line.isBlank()) {
                sink.accept(line);
            }
            busy.set(false);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
        // a connection in the middle of a frame finishes it, so that its sender gets the ACK it is owed
        long deadline = System.nanoTime() + CLOSE_GRACE_NANOS;
        while (connections.values().stream().anyMatch(AtomicBoolean::get) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Socket socket : connections.keySet()) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
