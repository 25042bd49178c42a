package io.github.logstashasync.transport.ssl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS server on 127.0.0.1 built with the JDK alone (not with the provider under test): it answers each line with
 * {@code echo:<line>}, an HTTP GET with {@code 200 ok}, and records how each connection's handshake ended.
 */
final class HandshakeServer implements AutoCloseable {

    private static final int SOCKET_TIMEOUT_MILLIS = 10_000;
    private static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(10);

    /** How one connection ended on the server's side: the protocol and client, or the failure. */
    record Outcome(String protocol, Principal client, Exception failure) {
    }

    private final SSLServerSocket serverSocket;
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    private HandshakeServer(SSLServerSocket serverSocket) {
        this.serverSocket = serverSocket;
        this.acceptor = new Thread(this::acceptLoop, "handshake-server-" + serverSocket.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /**
     * Starts a server with the key in {@code keyStore} (PKCS#12) that trusts client certificates of {@code caCert}.
     *
     * @param needClientAuth whether a client certificate is required
     * @param protocols      the protocols the server allows; empty for the JDK's defaults
     */
    static HandshakeServer start(Path keyStore, String password, Path caCert, boolean needClientAuth,
            String... protocols) throws IOException, GeneralSecurityException {
        SSLServerSocket socket = (SSLServerSocket) context(keyStore, password, caCert).getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        socket.setNeedClientAuth(needClientAuth);
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        return new HandshakeServer(socket);
    }

    private static SSLContext context(Path keyStore, String password, Path caCert)
            throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, password.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password.toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caCert)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** The outcome of the next connection, waiting for it up to ten seconds. */
    Outcome nextOutcome() throws InterruptedException {
        Outcome outcome = outcomes.poll(OUTCOME_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (outcome == null) {
            throw new AssertionError("the server saw no connection end within " + OUTCOME_TIMEOUT);
        }
        return outcome;
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try (SSLSocket socket = (SSLSocket) serverSocket.accept()) {
                socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
                outcomes.add(serve(socket));
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                outcomes.add(new Outcome(null, null, e));
            }
        }
    }

    private static Outcome serve(SSLSocket socket) {
        try {
            socket.startHandshake();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the client closed the connection without sending a line");
            }
            if (line.startsWith("GET ")) {
                while (line != null && !line.isEmpty()) {
                    line = in.readLine();
                }
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                        .getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(("echo:" + line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            Principal client;
            try {
                client = socket.getSession().getPeerPrincipal();
            } catch (SSLPeerUnverifiedException e) {
                client = null;
            }
            return new Outcome(socket.getSession().getProtocol(), client, null);
        } catch (IOException e) {
            return new Outcome(null, null, e);
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        try {
            acceptor.join(OUTCOME_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
