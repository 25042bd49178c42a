package io.github.logstashasync.core.internal.transport;

import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.TlsProvider;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens {@link StreamConnection}s to one receiver: TCP with a connect timeout, and TLS with the handshake done
 * and bounded when the settings enable it.
 */
public final class StreamConnector {

    /** The shortest wait for a TLS 1.3 server's verdict on the client certificate (see {@link #awaitVerdict}). */
    static final long MIN_VERDICT_MILLIS = 50;

    private final String host;
    private final int port;
    private final Duration timeout;
    private final TlsSettings tlsSettings;
    private final TlsProvider tlsProvider;
    private final SSLSocketFactory tlsFactory;

    private StreamConnector(TransportSettings settings, TlsProvider tlsProvider, SSLSocketFactory tlsFactory) {
        this.host = settings.host();
        this.port = settings.port();
        this.timeout = settings.socketTimeout();
        this.tlsSettings = settings.tls();
        this.tlsProvider = tlsProvider;
        this.tlsFactory = tlsFactory;
    }

    /**
     * Checks the settings and creates a connector. The TLS context is built now, so that a missing or invalid key,
     * certificate or CA file fails at configuration time rather than on the first send.
     *
     * @param settings the destination, timeouts and TLS settings; never null
     * @param tls      the TLS provider; may be null when TLS is off
     * @throws io.github.logstashasync.api.InvalidOptionException for a bad timeout, TLS without a provider, or
     *                                                            TLS files the provider cannot use
     */
    public static StreamConnector create(TransportSettings settings, TlsProvider tls) {
        TransportChecks.checkTimeouts(settings);
        TlsProvider provider = TransportChecks.requireTls(settings, tls);
        SSLSocketFactory factory = provider == null ? null : provider.createContext(settings.tls()).getSocketFactory();
        return new StreamConnector(settings, provider, factory);
    }

    /** {@code host:port}, for messages; a password written into the host by mistake is masked. */
    public String target() {
        return Redaction.mask(host) + ":" + port;
    }

    /** Whether connections use TLS. */
    public boolean tls() {
        return tlsFactory != null;
    }

    /**
     * Opens a connection, resolving the host again so that a changed DNS entry is followed.
     *
     * @throws IOException when the host cannot be resolved, the connection is refused or times out, or the TLS
     *                     handshake fails (an {@link SSLHandshakeException} saying what to check)
     */
    public StreamConnection connect() throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException("cannot resolve host '" + Redaction.mask(host) + "'");
        }
        SocketChannel channel = SocketChannel.open();
        try {
            Socket raw = channel.socket();
            // A whole batch is buffered and flushed at once: Nagle's delay would only hold back its last segment.
            raw.setTcpNoDelay(true);
            // Lets the kernel notice a vanished receiver on a connection that stays idle for long.
            raw.setKeepAlive(true);
            raw.connect(address, TransportChecks.millis(timeout));
            if (raw.getLocalPort() == raw.getPort() && raw.getLocalAddress().equals(raw.getInetAddress())) {
                // Linux lets a connection to a local port nobody listens on pick that very port as its own and
                // connect to itself (TCP simultaneous open): every batch would "go through" into our own buffer.
                throw new ConnectException("connection refused: nothing listens on " + address
                        + " (the socket connected to itself)");
            }
            raw.setSoTimeout(TransportChecks.millis(timeout));
            Socket top = tlsFactory == null ? raw : handshake(channel, raw);
            return new StreamConnection(channel, top, tls(), timeout);
        } catch (IOException | RuntimeException e) {
            StreamConnection.closeQuietly(channel);
            throw e;
        }
    }

    private Socket handshake(SocketChannel channel, Socket raw) throws IOException {
        SSLSocket ssl = (SSLSocket) tlsFactory.createSocket(raw, host, port, true);
        ssl.setUseClientMode(true);
        ssl.setSSLParameters(tlsProvider.clientParameters(tlsSettings, host));
        ssl.setSoTimeout(TransportChecks.millis(timeout));
        try {
            long started = System.nanoTime();
            WriteWatchdog.run(timeout, channel, "the TLS handshake", ssl::startHandshake);
            if ("TLSv1.3".equals(ssl.getSession().getProtocol())) {
                awaitVerdict(ssl, System.nanoTime() - started);
            }
        } catch (SSLException | SocketException e) {
            SSLHandshakeException clear = new SSLHandshakeException("TLS handshake with " + target() + " failed: "
                    + ServiceDiscovery.describe(e) + " (check the receiver's certificate, caCerts or trustStore, and"
                    + " that the certificate names the host; if the receiver requires a client certificate, check"
                    + " certfile/keyfile or keyStore and that the receiver trusts its issuer)");
            clear.initCause(e);
            throw clear;
        }
        return ssl;
    }

    /**
     * In TLS 1.3 the client's side of the handshake ends before the server has seen the client's certificate
     * (or its absence); a server that refuses it answers with an alert one trip later. Without waiting for it,
     * the refusal would surface only at the first write, as a broken connection, and a json_lines batch written
     * before the alert arrived would count as sent. So this waits for the server's verdict for twice the
     * handshake's time (at least {@link #MIN_VERDICT_MILLIS}, at most the socket timeout): an alert or a closed
     * connection fails the handshake; silence, the usual case, accepts it. Receivers of {@code tcp} and
     * {@code beats} send nothing before the client does, so no data can be taken from the stream here.
     */
    private void awaitVerdict(SSLSocket ssl, long handshakeNanos) throws IOException {
        long waitMillis = Math.max(MIN_VERDICT_MILLIS, 2 * TimeUnit.NANOSECONDS.toMillis(handshakeNanos));
        ssl.setSoTimeout((int) Math.min(TransportChecks.millis(timeout), waitMillis));
        try {
            if (ssl.getInputStream().read() < 0) {
                throw new SocketException("the receiver closed the connection right after the handshake");
            }
        } catch (SocketTimeoutException e) {
            // no alert: the server accepted us
        } finally {
            ssl.setSoTimeout(TransportChecks.millis(timeout));
        }
    }
}
