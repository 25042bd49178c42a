package io.github.logstashasync.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * A loopback receiver that counts the events it receives as fast as it can: one thread accepts, one thread
 * per connection reads. Subclasses speak the wire format; this class counts, and lets the benchmark wait
 * until a number of events has arrived.
 */
public abstract class Sink implements AutoCloseable {

    private final AtomicLong events = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final Object arrived = new Object();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Thread acceptor;
    private volatile long target = Long.MAX_VALUE;
    private volatile boolean closed;
    /** Counts the events of several sinks together, for {@link #awaitAll}; null when alone. */
    private volatile Together together;

    /** Several sinks' count, which {@link #awaitAll} waits on without polling. */
    private static final class Together {
        final AtomicLong events = new AtomicLong();
        volatile long target = Long.MAX_VALUE;
    }

    /** Makes {@code sinks}, which have counted nothing yet, count together for {@link #awaitAll}. */
    public static void join(List<Sink> sinks) {
        Together shared = new Together();
        for (Sink sink : sinks) {
            if (sink.events() != 0) {
                throw new IllegalStateException("join the sinks before they count");
            }
            sink.together = shared;
        }
    }

    /**
     * Waits until {@code sinks}, {@link #join joined}, have counted {@code count} events together, woken by their
     * reading threads as {@link #await} is.
     *
     * @throws TimeoutException when they have not within {@code timeout}
     */
    public static void awaitAll(List<Sink> sinks, long count, Duration timeout) throws InterruptedException,
            TimeoutException {
        Together shared = sinks.get(0).together;
        if (shared == null) {
            throw new IllegalStateException("join the sinks first");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (shared) {
            shared.target = count;
            try {
                while (shared.events.get() < count) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException("the sinks counted " + shared.events.get() + " events, expected "
                                + count + " within " + timeout);
                    }
                    TimeUnit.NANOSECONDS.timedWait(shared, left);
                }
            } finally {
                shared.target = Long.MAX_VALUE;
            }
        }
    }

    /**
     * Listens on an ephemeral port of 127.0.0.1.
     *
     * @param tls the server's TLS context; null for plain TCP
     */
    protected Sink(SSLContext tls) throws IOException {
        // plain: a channel's server socket, so that accepted sockets have channels (see LineSink)
        server = tls == null ? ServerSocketChannel.open().socket() : tls.getServerSocketFactory().createServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        acceptor = new Thread(this::acceptLoop, getClass().getSimpleName() + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port to send to. */
    public int port() {
        return server.getLocalPort();
    }

    /** Events counted so far. */
    public long events() {
        return events.get();
    }

    /** Payload bytes counted so far (what the wire format carries per event, without framing). */
    public long bytes() {
        return bytes.get();
    }

    /** Connections accepted so far. */
    public long connections() {
        return connections.get();
    }

    /**
     * Waits until at least {@code count} events have been counted.
     *
     * @throws TimeoutException when they have not arrived within {@code timeout}
     */
    public void await(long count, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (arrived) {
            target = count;
            try {
                while (events.get() < count) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException(getClass().getSimpleName() + " counted " + events.get() + " events, "
                                + "expected " + count + " within " + timeout);
                    }
                    TimeUnit.NANOSECONDS.timedWait(arrived, left);
                }
            } finally {
                target = Long.MAX_VALUE;
            }
        }
    }

    /** Called by the reading threads: {@code count} more events of {@code byteCount} payload bytes arrived. */
    protected final void counted(long count, long byteCount) {
        bytes.addAndGet(byteCount);
        if (events.addAndGet(count) >= target) {
            synchronized (arrived) {
                arrived.notifyAll();
            }
        }
        Together shared = together;
        if (shared != null && shared.events.addAndGet(count) >= shared.target) {
            synchronized (shared) {
                shared.notifyAll();
            }
        }
    }

    /** Reads one connection until it ends, calling {@link #counted}; runs on the connection's own thread. */
    protected abstract void serve(Socket socket) throws IOException;

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                sockets.add(socket);
                Thread reader = new Thread(() -> serveQuietly(socket), getClass().getSimpleName() + "-conn");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[bench] " + getClass().getSimpleName() + ": accept failed: " + e);
                }
            }
        }
    }

    private void serveQuietly(Socket socket) {
        try (socket) {
            socket.setReceiveBufferSize(1 << 20);
            serve(socket);
        } catch (IOException e) {
            if (!closed) {
                System.err.println("[bench] " + getClass().getSimpleName() + ": connection ended: " + e);
            }
        } finally {
            sockets.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
