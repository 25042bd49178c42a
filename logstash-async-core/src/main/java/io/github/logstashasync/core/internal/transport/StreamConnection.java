package io.github.logstashasync.core.internal.transport;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One open TCP connection, plain or TLS, made by a {@link StreamConnector}. Writes that make no progress for
 * {@code socketTimeout} fail, whether the receiver closed or reset the connection can be checked without waiting,
 * and closing waits a bounded time for the receiver to read everything. Used by one thread at a time;
 * {@link #abort()} may be called from any thread.
 */
public final class StreamConnection {

    private static final int BUFFER_SIZE = 64 * 1024;
    // A receiver of logs sends nothing; if one does, a few reads show that it is alive without reading forever.
    private static final int MAX_PROBE_READS = 16;

    private final SocketChannel channel;
    private final Socket socket;
    private final boolean tls;
    private final int timeoutMillis;
    private final OutputStream output;
    private final InputStream input;

    StreamConnection(SocketChannel channel, Socket socket, boolean tls, Duration timeout) throws IOException {
        this.channel = channel;
        this.socket = socket;
        this.tls = tls;
        this.timeoutMillis = TransportChecks.millis(timeout);
        // The watchdog closes the raw channel, never the TLS socket: closing that would try to write an alert
        // to the very connection that is stuck.
        this.output = new BufferedOutputStream(new GuardedOutputStream(socket.getOutputStream(), timeout, channel),
                BUFFER_SIZE);
        this.input = socket.getInputStream();
    }

    /** The buffered output; flush once per batch. A write or flush without progress for socketTimeout fails. */
    public OutputStream output() {
        return output;
    }

    /** The unbuffered input (decrypted with TLS); a read waits at most socketTimeout. */
    public InputStream input() {
        return input;
    }

    /** Whether the connection has not been closed on this side. */
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** What a probe found out about the receiver's side of the connection. */
    public enum PeerState {
        /** Nothing says the receiver closed: no end of stream, no reset. */
        OPEN,
        /**
         * The receiver closed its side in order (a FIN, or a TLS close_notify). A receiver that closes with data
         * still unread resets instead on Linux, Windows and the BSDs, so it had read everything that had reached it;
         * only bytes still on their way were lost.
         */
        CLOSED,
        /** The receiver reset the connection: whatever it had not read yet was discarded. */
        RESET
    }

    /**
     * Checks whether the receiver closed or reset the connection, without waiting (TLS: within a millisecond).
     * Bytes the receiver sent are read and discarded: receivers of json_lines send nothing. TCP cannot tell more:
     * a receiver that vanished without closing is only noticed when a write fails.
     */
    public PeerState probe() {
        if (!channel.isOpen()) {
            return PeerState.RESET;
        }
        try {
            return tls ? tlsProbe() : plainProbe();
        } catch (IOException e) {
            return PeerState.RESET;
        }
    }

    private PeerState plainProbe() throws IOException {
        ByteBuffer scratch = ByteBuffer.allocate(4096);
        channel.configureBlocking(false);
        try {
            for (int i = 0; i < MAX_PROBE_READS; i++) {
                scratch.clear();
                int read = channel.read(scratch);
                if (read < 0) {
                    return PeerState.CLOSED;
                }
                if (read == 0) {
                    return PeerState.OPEN;
                }
            }
            return PeerState.OPEN;
        } finally {
            channel.configureBlocking(true);
        }
    }

    // The raw bytes cannot be probed under TLS (they may be a session ticket or a close_notify alert that the
    // TLS layer must see), so read through it with the shortest timeout instead.
    private PeerState tlsProbe() throws IOException {
        byte[] scratch = new byte[4096];
        socket.setSoTimeout(1);
        try {
            for (int i = 0; i < MAX_PROBE_READS; i++) {
                if (input.read(scratch) < 0) {
                    return PeerState.CLOSED;
                }
            }
            return PeerState.OPEN;
        } catch (SocketTimeoutException e) {
            return PeerState.OPEN;
        } finally {
            socket.setSoTimeout(timeoutMillis);
        }
    }

    /**
     * Closes gracefully: signals the end of the stream (with TLS, a close_notify), then waits at most {@code wait}
     * for the receiver to read what was sent and close its side, then closes. Never throws.
     *
     * @param wait the longest to wait; zero closes at once
     * @return false when closing failed or the receiver reset the connection, so that what was sent last may not
     *         have been read; true when the receiver closed in order or the wait ran out without trouble
     */
    public boolean close(Duration wait) {
        try {
            if (channel.isOpen() && !wait.isZero() && !wait.isNegative()) {
                long deadline = System.nanoTime() + TransportChecks.nanos(wait);
                WriteWatchdog.run(wait, channel, "closing", socket::shutdownOutput);
                drainUntilEnd(deadline);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            // Best effort: the connection is closed below either way.
            return false;
        } finally {
            abort();
        }
    }

    private void drainUntilEnd(long deadline) throws IOException {
        byte[] scratch = new byte[4096];
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            socket.setSoTimeout(TransportChecks.millis(Duration.ofNanos(remaining)));
            try {
                if (input.read(scratch) < 0) {
                    return;
                }
            } catch (SocketTimeoutException e) {
                return;
            }
        }
    }

    /** Closes at once, discarding anything unsent; safe from any thread. Never throws. */
    public void abort() {
        // The raw channel first: it unblocks a stuck writer, and a TLS socket closed afterwards cannot block.
        closeQuietly(channel);
        if (socket != channel.socket()) {
            closeQuietly(socket);
        }
    }

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            // Nothing useful to do: the connection is gone either way.
        }
    }
}
