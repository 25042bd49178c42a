package io.github.logstashasync.transport.ssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.transport.ssl.internal.Warnings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Real TLS handshakes on 127.0.0.1 between a JDK server and client contexts made by the {@code pem} provider. */
class PemTlsProviderHandshakeTest {

    private static final int TIMEOUT_MILLIS = 10_000;

    @TempDir
    static Path dir;
    static PkiFixture pki;

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final PemTlsProvider provider = new PemTlsProvider(new Warnings(warnings::add));

    @BeforeAll
    static void createPki() throws Exception {
        pki = PkiFixture.create(dir);
    }

    private static TlsSettings.Builder trustingCa() {
        return TlsSettings.builder().enabled(true).caCerts(pki.caCert());
    }

    private HandshakeServer server() throws Exception {
        return HandshakeServer.start(pki.serverKeyStore(), PkiFixture.STORE_PASSWORD, pki.caCert(), false);
    }

    /** Connects to 127.0.0.1 while presenting {@code host} as the server's name, sends a line, returns the session. */
    private String roundTrip(TlsSettings settings, int port, String host) throws IOException {
        SSLContext context = provider.createContext(settings);
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), TIMEOUT_MILLIS);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setSSLParameters(provider.clientParameters(settings, host));
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write("hello\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String answer = in.readLine();
            if (answer == null) {
                // In TLS 1.3 the server judges the client certificate after the client's handshake is done.
                throw new SSLException("the server closed the connection instead of answering");
            }
            assertEquals("echo:hello", answer, "the server echoes the line");
            return socket.getSession().getProtocol();
        }
    }

    @Test
    void trustsServerSignedByCaCerts() throws Exception {
        try (HandshakeServer server = server()) {
            assertEquals("TLSv1.3", roundTrip(trustingCa().build(), server.port(), "localhost"),
                    "TLS 1.3 is negotiated by default");
            assertNull(server.nextOutcome().failure(), "the server completes the handshake");
            roundTrip(trustingCa().build(), server.port(), "127.0.0.1");
            assertNull(server.nextOutcome().failure(), "the server's IP SAN matches 127.0.0.1");
        }
        assertTrue(warnings.isEmpty(), "no warning with verification on, got " + warnings);
    }

    @Test
    void trustsServerThroughJavaTrustStores() throws Exception {
        for (String type : List.of("PKCS12", "JKS")) {
            Path store = dir.resolve("trust." + type.toLowerCase());
            KeyStore trust = KeyStore.getInstance(type);
            trust.load(null, null);
            try (var in = Files.newInputStream(pki.caCert())) {
                trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            try (var out = Files.newOutputStream(store)) {
                trust.store(out, "trust-secret".toCharArray());
            }
            TlsSettings settings = TlsSettings.builder().enabled(true).trustStore(store).trustStoreType(type)
                    .trustStorePassword("trust-secret").build();
            try (HandshakeServer server = server()) {
                roundTrip(settings, server.port(), "localhost");
                assertNull(server.nextOutcome().failure(), "a " + type + " trust store with the CA is trusted");
            }
        }
    }

    @Test
    void rejectsServerOfAnotherCa() throws Exception {
        try (HandshakeServer server = HandshakeServer.start(pki.untrustedServerKeyStore(), PkiFixture.STORE_PASSWORD,
                pki.caCert(), false)) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                    () -> roundTrip(trustingCa().build(), server.port(), "localhost"),
                    "a server signed by a CA outside caCerts must be refused");
            assertTrue(e.getMessage().contains("PKIX path"), "the chain check fails: " + e.getMessage());
            assertNotNull(server.nextOutcome().failure(), "the server sees the client abort");
        }
    }

    @Test
    void jdkDefaultTrustRejectsPrivateCa() throws Exception {
        try (HandshakeServer server = server()) {
            assertThrows(SSLHandshakeException.class,
                    () -> roundTrip(TlsSettings.builder().enabled(true).build(), server.port(), "localhost"),
                    "without caCerts the JDK's public CAs are trusted, not the test CA");
            server.nextOutcome();
        }
    }

    @Test
    void rejectsHostNameNotInCertificate() throws Exception {
        try (HandshakeServer server = HandshakeServer.start(pki.otherNameKeyStore(), PkiFixture.STORE_PASSWORD,
                pki.caCert(), false)) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                    () -> roundTrip(trustingCa().build(), server.port(), "localhost"),
                    "a trusted certificate for other.example must not be accepted for localhost");
            assertTrue(e.getMessage().contains("localhost"), "the message names the host: " + e.getMessage());
            server.nextOutcome();
            assertThrows(SSLHandshakeException.class,
                    () -> roundTrip(trustingCa().build(), server.port(), "127.0.0.1"),
                    "nor for an IP address missing from its subjectAltName");
            server.nextOutcome();
        }
    }

    @Test
    void verifyFalseAcceptsAnyServerAndWarnsOnce() throws Exception {
        TlsSettings insecure = TlsSettings.builder().enabled(true).verify(false).build();
        try (HandshakeServer wrongName = HandshakeServer.start(pki.otherNameKeyStore(), PkiFixture.STORE_PASSWORD,
                pki.caCert(), false);
                HandshakeServer untrusted = HandshakeServer.start(pki.untrustedServerKeyStore(),
                        PkiFixture.STORE_PASSWORD, pki.caCert(), false)) {
            roundTrip(insecure, wrongName.port(), "localhost");
            assertNull(wrongName.nextOutcome().failure(), "with sslVerify=false the host name is not checked");
            roundTrip(insecure, untrusted.port(), "localhost");
            assertNull(untrusted.nextOutcome().failure(), "with sslVerify=false the chain is not checked");
        }
        assertEquals(List.of(Warnings.INSECURE), warnings, "one warning for two contexts with sslVerify=false");
        assertTrue(Warnings.INSECURE.contains("NOT checked"), Warnings.INSECURE);
    }

    static Stream<Arguments> clientCertificates() {
        return Stream.of(
                Arguments.of("PKCS#8 RSA", "CN=Test Client",
                        (UnaryOperator<TlsSettings.Builder>) b -> b.keyfile(pki.clientKey()).certfile(pki.clientCert())),
                Arguments.of("encrypted PKCS#8", "CN=Test Client",
                        (UnaryOperator<TlsSettings.Builder>) b -> b.keyfile(pki.clientKeyEncrypted())
                                .keyPassword(PkiFixture.KEY_PASSWORD).certfile(pki.clientCert())),
                Arguments.of("PKCS#1 RSA", "CN=Test Client",
                        (UnaryOperator<TlsSettings.Builder>) b -> b.keyfile(pki.clientKeyPkcs1()).certfile(pki.clientCert())),
                Arguments.of("SEC1 EC", "CN=Test EC Client",
                        (UnaryOperator<TlsSettings.Builder>) b -> b.keyfile(pki.ecClientKey()).certfile(pki.ecClientCert())),
                Arguments.of("PKCS#12 store", "CN=Test Client",
                        (UnaryOperator<TlsSettings.Builder>) b -> b.keyStore(pki.clientKeyStore())
                                .keyStorePassword(PkiFixture.STORE_PASSWORD)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientCertificates")
    void mutualTlsPresentsClientCertificate(String format, String subject, UnaryOperator<TlsSettings.Builder> key)
            throws Exception {
        try (HandshakeServer server = HandshakeServer.start(pki.serverKeyStore(), PkiFixture.STORE_PASSWORD,
                pki.caCert(), true)) {
            for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                TlsSettings settings = key.apply(trustingCa()).protocols(List.of(protocol)).build();
                assertEquals(protocol, roundTrip(settings, server.port(), "localhost"), format + " over " + protocol);
                HandshakeServer.Outcome outcome = server.nextOutcome();
                assertNull(outcome.failure(), "the server accepts the " + format + " client certificate over " + protocol);
                assertEquals(subject, outcome.client().getName(), "the server sees the client certificate's subject");
            }
        }
    }

    @Test
    void mutualTlsServerRejectsClientWithoutCertificate() throws Exception {
        try (HandshakeServer server = HandshakeServer.start(pki.serverKeyStore(), PkiFixture.STORE_PASSWORD,
                pki.caCert(), true)) {
            // In TLS 1.3 the client learns of the refusal only when it uses the connection: an alert, a reset or EOF.
            assertThrows(IOException.class, () -> roundTrip(trustingCa().build(), server.port(), "localhost"),
                    "a server that needs a client certificate refuses a client without one");
            HandshakeServer.Outcome outcome = server.nextOutcome();
            assertNotNull(outcome.failure(), "the server fails the handshake");
            assertTrue(outcome.failure() instanceof SSLHandshakeException, "a handshake failure: " + outcome.failure());
        }
    }

    @Test
    void protocolsComeFromSettings() throws Exception {
        try (HandshakeServer server = HandshakeServer.start(pki.serverKeyStore(), PkiFixture.STORE_PASSWORD,
                pki.caCert(), false, "TLSv1.2")) {
            assertEquals("TLSv1.2", roundTrip(trustingCa().protocols(List.of("TLSv1.2")).build(), server.port(),
                    "localhost"), "a TLSv1.2-only client reaches a TLSv1.2-only server");
            server.nextOutcome();
            assertEquals("TLSv1.2", roundTrip(trustingCa().build(), server.port(), "localhost"),
                    "the default offers TLSv1.2 too");
            server.nextOutcome();
            assertThrows(SSLHandshakeException.class,
                    () -> roundTrip(trustingCa().protocols(List.of("TLSv1.3")).build(), server.port(), "localhost"),
                    "a TLSv1.3-only client cannot talk to a TLSv1.2-only server");
            server.nextOutcome();
        }
        try (HandshakeServer server = HandshakeServer.start(pki.serverKeyStore(), PkiFixture.STORE_PASSWORD,
                pki.caCert(), false, "TLSv1.3")) {
            assertEquals("TLSv1.3", roundTrip(trustingCa().protocols(List.of("TLSv1.3")).build(), server.port(),
                    "localhost"), "a TLSv1.3-only client reaches a TLSv1.3-only server");
            server.nextOutcome();
            assertThrows(SSLHandshakeException.class,
                    () -> roundTrip(trustingCa().protocols(List.of("TLSv1.2")).build(), server.port(), "localhost"),
                    "a TLSv1.2-only client cannot talk to a TLSv1.3-only server");
            server.nextOutcome();
        }
    }

    private int httpGet(TlsSettings settings, int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(provider.createContext(settings))
                .sslParameters(provider.clientParameters(settings, "127.0.0.1"))
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(TIMEOUT_MILLIS))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofMillis(TIMEOUT_MILLIS)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void httpClientChecksHostNameUnlessVerifyIsFalse() throws Exception {
        try (HandshakeServer server = server()) {
            assertEquals(200, httpGet(trustingCa().build(), server.port()), "HttpClient trusts the CA's server");
            server.nextOutcome();
        }
        try (HandshakeServer server = HandshakeServer.start(pki.otherNameKeyStore(), PkiFixture.STORE_PASSWORD,
                pki.caCert(), false)) {
            assertThrows(SSLHandshakeException.class, () -> httpGet(trustingCa().build(), server.port()),
                    "HttpClient refuses a certificate for other.example at 127.0.0.1");
            server.nextOutcome();
            // HttpClient always asks for endpoint identification itself; the insecure trust manager must skip it.
            assertEquals(200, httpGet(trustingCa().verify(false).build(), server.port()),
                    "with sslVerify=false HttpClient does not check the host name either");
            server.nextOutcome();
        }
    }
}
