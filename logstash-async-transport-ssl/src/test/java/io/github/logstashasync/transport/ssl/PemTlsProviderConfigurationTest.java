package io.github.logstashasync.transport.ssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.transport.ssl.internal.Warnings;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every configuration mistake fails in {@code createContext} with an error naming the option and the file. */
class PemTlsProviderConfigurationTest {

    @TempDir
    static Path dir;
    static PkiFixture pki;

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final PemTlsProvider provider = new PemTlsProvider(new Warnings(warnings::add));

    @BeforeAll
    static void createPki() throws Exception {
        pki = PkiFixture.create(dir);
        pki.run("genpkey", "-algorithm", "X25519", "-out", "x25519.key");
        pki.run("req", "-x509", "-newkey", "ed25519", "-keyout", "ed25519.key", "-noenc", "-subj", "/CN=Ed25519 Client",
                "-days", "30", "-out", "ed25519.pem");
        pki.run("pkey", "-in", "client.key", "-traditional", "-aes256", "-passout", "pass:legacy", "-out", "legacy.key");
        pki.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-param_enc", "explicit", "-out", "explicit.key");
        pki.run("x509", "-in", "ca.pem", "-outform", "DER", "-out", "ca.der");
        pki.run("pkcs12", "-export", "-nokeys", "-in", "ca.pem", "-passout", "pass:" + PkiFixture.STORE_PASSWORD,
                "-out", "ca-only.p12");
        pki.run("pkcs12", "-export", "-inkey", "client.key", "-in", "expired-client.pem", "-passout",
                "pass:" + PkiFixture.STORE_PASSWORD, "-out", "expired-client.p12");
        KeyStore trustOnly = KeyStore.getInstance("PKCS12");
        trustOnly.load(null, null);
        try (InputStream in = Files.newInputStream(pki.caCert())) {
            trustOnly.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (OutputStream out = Files.newOutputStream(file("trust-only.p12"))) {
            trustOnly.store(out, PkiFixture.STORE_PASSWORD.toCharArray());
        }
    }

    private static TlsSettings.Builder tls() {
        return TlsSettings.builder().enabled(true);
    }

    private static Path file(String name) {
        return dir.resolve(name);
    }

    private InvalidOptionException assertInvalid(String option, TlsSettings settings, Object... fragments) {
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> provider.createContext(settings),
                "expected an error for option " + option + " with " + settings);
        assertEquals(option, e.option(), "the option named by: " + e.getMessage());
        assertTrue(e.getMessage().contains("'" + option + "'"), "the message names the option: " + e.getMessage());
        for (Object fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment.toString()),
                    "the message contains '" + fragment + "': " + e.getMessage());
        }
        return e;
    }

    @Test
    void missingFilesNameTheirOption() {
        Path missing = file("missing.pem");
        assertInvalid("keyfile", tls().keyfile(missing).certfile(pki.clientCert()).build(), missing, "does not exist");
        assertInvalid("certfile", tls().keyfile(pki.clientKey()).certfile(missing).build(), missing, "does not exist");
        assertInvalid("caCerts", tls().caCerts(missing).build(), missing, "does not exist");
        assertInvalid("keyStore", tls().keyStore(missing).keyStorePassword("x").build(), missing, "does not exist");
        assertInvalid("trustStore", tls().trustStore(missing).trustStorePassword("x").build(), missing, "does not exist");
    }

    @Test
    void unreadableFileNamesItsOption() {
        // A directory cannot be read as a file, even by root (tests may run as root, where chmod 000 does not help).
        assertInvalid("caCerts", tls().caCerts(dir).build(), dir, "directory");
        assertInvalid("keyfile", tls().keyfile(dir).certfile(pki.clientCert()).build(), dir, "directory");
    }

    @Test
    void filesWithoutTheExpectedPemBlock() {
        assertInvalid("keyfile", tls().keyfile(pki.clientCert()).certfile(pki.clientCert()).build(),
                pki.clientCert(), "no private key found", "BEGIN PRIVATE KEY", "'CERTIFICATE'");
        assertInvalid("certfile", tls().keyfile(pki.clientKey()).certfile(pki.clientKey()).build(),
                pki.clientKey(), "no certificate found", "BEGIN CERTIFICATE", "'PRIVATE KEY'");
        assertInvalid("caCerts", tls().caCerts(file("ca.der")).build(), file("ca.der"), "no PEM block at all");
    }

    @Test
    void brokenBase64() throws Exception {
        Path broken = file("broken.pem");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nMIIB*&^%\n-----END CERTIFICATE-----\n",
                StandardCharsets.US_ASCII);
        assertInvalid("caCerts", tls().caCerts(broken).build(), broken, "not valid base64");
    }

    @Test
    void encryptedKeyNeedsTheRightPassword() {
        TlsSettings.Builder encrypted = tls().keyfile(pki.clientKeyEncrypted()).certfile(pki.clientCert());
        assertInvalid("keyPassword", encrypted.build(), pki.clientKeyEncrypted(), "is encrypted");
        assertInvalid("keyPassword", encrypted.keyPassword("wrong").build(), pki.clientKeyEncrypted(), "wrong password");
    }

    @Test
    void keyStorePasswords() {
        TlsSettings.Builder store = tls().keyStore(pki.clientKeyStore());
        assertInvalid("keyStorePassword", store.keyStorePassword("wrong").build(), pki.clientKeyStore(), "wrong password");
        assertInvalid("keyPassword", store.keyStorePassword(PkiFixture.STORE_PASSWORD).keyPassword("wrong").build(),
                pki.clientKeyStore(), "wrong password");
        assertInvalid("trustStorePassword",
                tls().trustStore(pki.clientKeyStore()).trustStorePassword("wrong").build(), pki.clientKeyStore(),
                "wrong password");
    }

    @Test
    void keyStoreContents() {
        assertInvalid("keyStorePassword", tls().keyStore(pki.clientKeyStore()).build(), pki.clientKeyStore(),
                "set keyStorePassword");
        assertInvalid("keyStore", tls().keyStore(file("trust-only.p12")).keyStorePassword(PkiFixture.STORE_PASSWORD)
                .build(), file("trust-only.p12"), "holds no private key");
        assertInvalid("keyStore", tls().keyStore(file("expired-client.p12")).keyStorePassword(PkiFixture.STORE_PASSWORD)
                .build(), file("expired-client.p12"), "CN=Expired Client", "expired on 2021-01-01T00:00:00Z");
    }

    @Test
    void keyStoreFormatAndType() {
        assertInvalid("keyStore", tls().keyStore(pki.clientCert()).keyStorePassword("x").build(), pki.clientCert(),
                "is not a PKCS12 key store");
        assertInvalid("keyStoreType", tls().keyStore(pki.clientKeyStore()).keyStoreType("NOPE").build(), "'NOPE'");
        assertInvalid("trustStoreType", tls().trustStore(pki.clientKeyStore()).trustStoreType("NOPE").build(), "'NOPE'");
    }

    @Test
    void trustStoreWithoutUsableCertificates() {
        // openssl 3.0 cannot mark a certificate as trusted for Java, so the JDK ignores key-less certificates in it.
        assertInvalid("trustStore", tls().trustStore(file("ca-only.p12")).trustStorePassword(PkiFixture.STORE_PASSWORD)
                .build(), file("ca-only.p12"), "holds no certificate", "keytool -importcert");
        assertInvalid("trustStore", tls().trustStore(pki.clientKeyStore()).build(), pki.clientKeyStore(),
                "trustStorePassword");
    }

    @Test
    void clientCertificateMustComeFirst() throws Exception {
        Path reversed = file("reversed-chain.pem");
        Files.writeString(reversed, Files.readString(pki.caCert()) + Files.readString(pki.clientCert()));
        assertInvalid("keyfile", tls().keyfile(pki.clientKey()).certfile(reversed).build(), reversed,
                "CN=Test CA", "the client certificate must come first");
        Path chain = file("chain.pem");
        Files.writeString(chain, Files.readString(pki.clientCert()) + Files.readString(pki.caCert()));
        assertNotNull(provider.createContext(tls().keyfile(pki.clientKey()).certfile(chain).build()),
                "a certfile with the client certificate followed by its CA is accepted");
    }

    @Test
    void keyMustBelongToCertificate() {
        assertInvalid("keyfile", tls().keyfile(pki.serverKey()).certfile(pki.ecClientCert()).build(),
                pki.serverKey(), pki.ecClientCert(), "does not belong", "CN=Test EC Client");
        assertInvalid("keyfile", tls().keyfile(pki.ecClientKey()).certfile(pki.clientCert()).build(),
                pki.ecClientKey(), "does not belong", "CN=Test Client");
        assertInvalid("keyfile", tls().keyfile(pki.clientKey()).certfile(pki.ecClientCert()).build(),
                pki.clientKey(), "does not belong");
        assertInvalid("keyfile", tls().keyfile(pki.clientKey()).certfile(pki.serverCert()).build(), "does not belong");
    }

    @Test
    void clientCertificateOutsideItsValidity() {
        assertInvalid("certfile", tls().keyfile(pki.clientKey()).certfile(pki.expiredClientCert()).build(),
                pki.expiredClientCert(), "CN=Expired Client", "expired on 2021-01-01T00:00:00Z",
                "valid from 2020-01-01T00:00:00Z to 2021-01-01T00:00:00Z");
        assertInvalid("certfile", tls().keyfile(pki.clientKey()).certfile(pki.notYetValidClientCert()).build(),
                pki.notYetValidClientCert(), "CN=Future Client", "is not valid before 2090-01-01T00:00:00Z");
    }

    @Test
    void caOutsideItsValidity() throws Exception {
        assertInvalid("caCerts", tls().caCerts(pki.expiredCaCert()).build(), pki.expiredCaCert(), "no usable CA",
                "CN=Expired CA", "expired on 2021-01-01T00:00:00Z");
        assertTrue(warnings.isEmpty(), "no warning for an error: " + warnings);

        // A bundle that still holds other CAs stays usable: the expired one is dropped with a warning.
        Path bundle = file("bundle.pem");
        Files.writeString(bundle, Files.readString(pki.caCert()) + Files.readString(pki.expiredCaCert()));
        assertNotNull(provider.createContext(tls().caCerts(bundle).build()), "a bundle with one valid CA is accepted");
        assertEquals(1, warnings.size(), "one warning for the dropped CA: " + warnings);
        assertTrue(warnings.get(0).contains("ignoring 1 of 2") && warnings.get(0).contains("CN=Expired CA"),
                "the warning names the dropped CA: " + warnings);
    }

    @Test
    void unsupportedKeys() {
        assertInvalid("keyfile", tls().keyfile(file("x25519.key")).certfile(pki.clientCert()).build(),
                file("x25519.key"), "unsupported key algorithm", "1.3.101.110");
        assertInvalid("keyfile", tls().keyfile(file("legacy.key")).certfile(pki.clientCert()).build(),
                file("legacy.key"), "legacy PEM format", "openssl pkcs8 -topk8");
        assertInvalid("keyfile", tls().keyfile(file("explicit.key")).certfile(pki.clientCert()).build(),
                file("explicit.key"), "explicit curve parameters");
    }

    @Test
    void ed25519KeyIsAccepted() {
        assertNotNull(provider.createContext(tls().keyfile(file("ed25519.key")).certfile(file("ed25519.pem")).build()),
                "an Ed25519 key with its certificate loads");
        assertInvalid("keyfile", tls().keyfile(file("ed25519.key")).certfile(pki.ecClientCert()).build(),
                "does not belong");
    }

    @Test
    void verifyFalseStillChecksTheClientCertificate() {
        assertInvalid("keyPassword", tls().verify(false).keyfile(pki.clientKeyEncrypted()).certfile(pki.clientCert())
                .build(), "is encrypted");
    }
}
