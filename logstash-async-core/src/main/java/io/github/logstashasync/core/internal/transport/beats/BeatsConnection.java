package io.github.logstashasync.core.internal.transport.beats;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One connection to a Beats receiver, plain or TLS: writes windows under a write deadline and reads ACKs.
 */
final class BeatsConnection implements AutoCloseable {

    /** Writes are cut into pieces of this size, each under its own deadline: progress, not speed, is checked. */
    private static final int WRITE_CHUNK = 64 * 1024;

    private final Socket raw;
    private final Socket socket;
    private final OutputStream out;
    private final AckReader acks;
    private final Watchdog watchdog;
    private final Duration socketTimeout;
    private final Duration closeWait;

    private BeatsConnection(Socket raw, Socket socket, Watchdog watchdog, Duration socketTimeout, Duration closeWait)
            throws IOException {
        this.raw = raw;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.acks = new AckReader(socket, socket.getInputStream());
        this.watchdog = watchdog;
        this.socketTimeout = socketTimeout;
        this.closeWait = closeWait;
    }

    /**
     * Connects to {@code host:port} within {@code socketTimeout}, and with TLS when {@code tls} is not null.
     *
     * @param closeWait     how long closing may wait to send the TLS close notification
     * @param tls           creates the TLS layer; null for a plain connection
     * @param tlsParameters protocols, host name verification and SNI; ignored without {@code tls}
     */
    static BeatsConnection open(String host, int port, Duration socketTimeout, Duration closeWait, SSLSocketFactory tls,
            SSLParameters tlsParameters, Watchdog watchdog) throws IOException {
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            raw.setKeepAlive(true);
            raw.connect(new InetSocketAddress(host, port), timeoutMillis(socketTimeout));
            if (tls == null) {
                return new BeatsConnection(raw, raw, watchdog, socketTimeout, closeWait);
            }
            SSLSocket secure = (SSLSocket) tls.createSocket(raw, host, port, true);
            secure.setSSLParameters(tlsParameters);
            secure.setSoTimeout(timeoutMillis(socketTimeout));
            Watchdog.Alarm alarm = watchdog.arm(socketTimeout, raw);
            try {
                secure.startHandshake();
            } catch (SocketException e) {
                throw alarm.fired() ? new SocketTimeoutException("no TLS handshake within " + socketTimeout) : e;
            } finally {
                alarm.close();
            }
            return new BeatsConnection(raw, secure, watchdog, socketTimeout, closeWait);
        } catch (IOException | RuntimeException e) {
            closeQuietly(raw);
            throw e;
        }
    }

    /** Writes {@code bytes}; each piece must be taken by the receiver within the socket timeout. */
    void write(byte[] bytes) throws IOException {
        for (int at = 0; at < bytes.length; at += WRITE_CHUNK) {
            int length = Math.min(WRITE_CHUNK, bytes.length - at);
            try (Watchdog.Alarm alarm = watchdog.arm(socketTimeout, raw)) {
                try {
                    out.write(bytes, at, length);
                } catch (SocketException e) {
                    if (alarm.fired()) {
                        throw new SocketTimeoutException("the receiver took no data for " + socketTimeout);
                    }
                    throw e;
                }
            }
        }
        out.flush();
    }

    /** Reads the next ACK's sequence number, waiting at most {@code timeout}. */
    long nextAck(Duration timeout) throws IOException {
        return acks.next(timeout);
    }

    @Override
    public void close() {
        if (socket != raw) {
            // a TLS close writes close_notify, which must not hang on a receiver that stopped reading
            Watchdog.Alarm alarm = watchdog.arm(closeWait, raw);
            try {
                closeQuietly(socket);
            } finally {
                alarm.close();
            }
        }
        closeQuietly(raw);
    }

    private static int timeoutMillis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    private static void closeQuietly(Socket target) {
        try {
            target.close();
        } catch (IOException e) {
            // nothing left to do with a socket that cannot even close
        }
    }
}
