package io.github.logstashasync.transport.ssl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI for TLS tests, made with the {@code openssl} command (a test dependency) in a directory the test
 * owns: a CA, server and client certificates signed by it, a second CA nobody trusts, expired and not-yet-valid
 * certificates, and the client key in every format the {@code pem} provider reads.
 *
 * <p>Self-contained (JDK only, no test framework), so that it can move to a shared test-support module. Keys are
 * EC P-256 except the one RSA client key, because RSA key generation is slow. All subjects are {@code CN=...} only.
 */
public final class PkiFixture {

    /** The password of {@link #clientKeyEncrypted()}. */
    public static final String KEY_PASSWORD = "key-secret";
    /** The password of every PKCS#12 store made here (openssl gives the key the same password). */
    public static final String STORE_PASSWORD = "store-secret";
    /** The validity of {@link #expiredClientCert()} and {@link #expiredCaCert()}: 2020-01-01 to 2021-01-01 UTC. */
    public static final String EXPIRED_START = "20200101000000Z";
    public static final String EXPIRED_END = "20210101000000Z";
    /** The validity of {@link #notYetValidClientCert()}: 2090-01-01 to 2091-01-01 UTC. */
    public static final String FUTURE_START = "20900101000000Z";
    public static final String FUTURE_END = "20910101000000Z";

    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private static final String CA_CONFIG = String.join("\n",
            "[ ca ]",
            "default_ca = fixture_ca",
            "[ fixture_ca ]",
            "database = ca-index.txt",
            "new_certs_dir = ca-issued",
            "serial = ca-serial.txt",
            "default_md = sha256",
            "policy = any_name",
            "unique_subject = no",
            "email_in_dn = no",
            "[ any_name ]",
            "commonName = supplied",
            "[ ca_ext ]",
            "basicConstraints = critical, CA:TRUE",
            "keyUsage = critical, keyCertSign, cRLSign",
            "subjectKeyIdentifier = hash",
            "[ server_ext ]",
            "basicConstraints = CA:FALSE",
            "extendedKeyUsage = serverAuth",
            "subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1",
            "[ other_name_ext ]",
            "basicConstraints = CA:FALSE",
            "extendedKeyUsage = serverAuth",
            "subjectAltName = DNS:other.example",
            "[ client_ext ]",
            "basicConstraints = CA:FALSE",
            "extendedKeyUsage = clientAuth",
            "");

    private final Path dir;
    private final String openssl;

    private PkiFixture(Path dir) {
        this.dir = dir;
        this.openssl = Files.isExecutable(Path.of("/usr/bin/openssl")) ? "/usr/bin/openssl" : "openssl";
    }

    /**
     * Creates the whole PKI in {@code dir}, which should be empty; takes about a second.
     *
     * @throws IllegalStateException when an openssl command fails, with its output
     */
    public static PkiFixture create(Path dir) throws IOException, InterruptedException {
        PkiFixture pki = new PkiFixture(dir);
        pki.generate();
        return pki;
    }

    private void generate() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("ca.cnf"), CA_CONFIG, StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("ca-index.txt"), "", StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("ca-serial.txt"), "1000\n", StandardCharsets.US_ASCII);
        Files.createDirectories(dir.resolve("ca-issued"));

        selfSignedCa("ca", "Test CA");
        selfSignedCa("untrusted-ca", "Untrusted CA");
        ecKey("expired-ca.key");
        request("expired-ca", "Expired CA");
        run("ca", "-batch", "-config", "ca.cnf", "-selfsign", "-keyfile", "expired-ca.key", "-in", "expired-ca.csr",
                "-extensions", "ca_ext", "-startdate", EXPIRED_START, "-enddate", EXPIRED_END, "-notext",
                "-out", "expired-ca.pem");

        ecKey("server.key");
        issue("ca", "server", "localhost", "server_ext");
        store("server", "ca");
        ecKey("other-name.key");
        issue("ca", "other-name", "other.example", "other_name_ext");
        store("other-name", "ca");
        ecKey("untrusted-server.key");
        issue("untrusted-ca", "untrusted-server", "localhost", "server_ext");
        store("untrusted-server", "untrusted-ca");

        run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "client.key");
        run("pkey", "-in", "client.key", "-traditional", "-out", "client-pkcs1.key");
        run("pkcs8", "-topk8", "-in", "client.key", "-v2", "aes-256-cbc", "-passout", "pass:" + KEY_PASSWORD,
                "-out", "client-encrypted.key");
        issue("ca", "client", "Test Client", "client_ext");
        store("client", "ca");
        request("client", "Expired Client");
        sign("ca", "client", "expired-client", "client_ext", "-startdate", EXPIRED_START, "-enddate", EXPIRED_END);
        request("client", "Future Client");
        sign("ca", "client", "future-client", "client_ext", "-startdate", FUTURE_START, "-enddate", FUTURE_END);

        // Without -noout, openssl writes an EC PARAMETERS block before the key, as many real key files have.
        run("ecparam", "-name", "prime256v1", "-genkey", "-out", "client-ec.key");
        issue("ca", "client-ec", "Test EC Client", "client_ext");
    }

    /** Runs {@code openssl} with {@code args} in the fixture's directory, for artifacts a test needs in addition. */
    public String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(openssl);
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl did not finish in " + COMMAND_TIMEOUT_SECONDS + " s: " + command);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("openssl failed with exit code " + process.exitValue() + ": " + command
                    + "\n" + text);
        }
        return text;
    }

    private void selfSignedCa(String name, String commonName) throws IOException, InterruptedException {
        ecKey(name + ".key");
        run("req", "-x509", "-new", "-key", name + ".key", "-subj", "/CN=" + commonName, "-days", "3650",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-out", name + ".pem");
    }

    /** A P-256 key in PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    private void ecKey(String file) throws IOException, InterruptedException {
        run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file);
    }

    private void request(String key, String commonName) throws IOException, InterruptedException {
        run("req", "-new", "-key", key + ".key", "-subj", "/CN=" + commonName, "-out", key + ".csr");
    }

    private void issue(String ca, String name, String commonName, String extensions)
            throws IOException, InterruptedException {
        request(name, commonName);
        sign(ca, name, name, extensions, "-days", "825");
    }

    private void sign(String ca, String csr, String out, String extensions, String... validity)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("ca", "-batch", "-config", "ca.cnf", "-cert", ca + ".pem",
                "-keyfile", ca + ".key", "-in", csr + ".csr", "-extensions", extensions, "-notext", "-out", out + ".pem"));
        args.addAll(Arrays.asList(validity));
        run(args.toArray(String[]::new));
    }

    private void store(String name, String ca) throws IOException, InterruptedException {
        run("pkcs12", "-export", "-inkey", name + ".key", "-in", name + ".pem", "-certfile", ca + ".pem",
                "-name", name, "-passout", "pass:" + STORE_PASSWORD, "-out", name + ".p12");
    }

    /** The directory holding every file. */
    public Path dir() {
        return dir;
    }

    /** The CA everything trusted is signed by ({@code CN=Test CA}), PEM. */
    public Path caCert() {
        return dir.resolve("ca.pem");
    }

    /** A second CA that no test trusts ({@code CN=Untrusted CA}), PEM. */
    public Path untrustedCaCert() {
        return dir.resolve("untrusted-ca.pem");
    }

    /** A self-signed CA certificate valid only in 2020, PEM. */
    public Path expiredCaCert() {
        return dir.resolve("expired-ca.pem");
    }

    /** The server certificate, for DNS:localhost, IP:127.0.0.1 and IP:::1, signed by the CA, PEM. */
    public Path serverCert() {
        return dir.resolve("server.pem");
    }

    /** The server's EC key, PKCS#8 PEM. */
    public Path serverKey() {
        return dir.resolve("server.key");
    }

    /** The server's key, certificate and the CA in PKCS#12, password {@link #STORE_PASSWORD}. */
    public Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    /** A server certificate for DNS:other.example only, signed by the CA, PEM. */
    public Path otherNameCert() {
        return dir.resolve("other-name.pem");
    }

    /** Its EC key, PKCS#8 PEM. */
    public Path otherNameKey() {
        return dir.resolve("other-name.key");
    }

    /** Its key and certificate in PKCS#12, password {@link #STORE_PASSWORD}. */
    public Path otherNameKeyStore() {
        return dir.resolve("other-name.p12");
    }

    /** A server certificate for localhost signed by the untrusted CA, PEM. */
    public Path untrustedServerCert() {
        return dir.resolve("untrusted-server.pem");
    }

    /** Its key and certificate in PKCS#12, password {@link #STORE_PASSWORD}. */
    public Path untrustedServerKeyStore() {
        return dir.resolve("untrusted-server.p12");
    }

    /** The client certificate ({@code CN=Test Client}, clientAuth, RSA), signed by the CA, PEM. */
    public Path clientCert() {
        return dir.resolve("client.pem");
    }

    /** The client's RSA key, PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public Path clientKey() {
        return dir.resolve("client.key");
    }

    /** The same key, PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}). */
    public Path clientKeyPkcs1() {
        return dir.resolve("client-pkcs1.key");
    }

    /** The same key, encrypted PKCS#8 (PBES2, AES-256-CBC) with {@link #KEY_PASSWORD}. */
    public Path clientKeyEncrypted() {
        return dir.resolve("client-encrypted.key");
    }

    /** The client key, certificate and the CA in PKCS#12, password {@link #STORE_PASSWORD}. */
    public Path clientKeyStore() {
        return dir.resolve("client.p12");
    }

    /** A certificate for the client's RSA key ({@code CN=Expired Client}) valid only in 2020, PEM. */
    public Path expiredClientCert() {
        return dir.resolve("expired-client.pem");
    }

    /** A certificate for the client's RSA key ({@code CN=Future Client}) valid only from 2090, PEM. */
    public Path notYetValidClientCert() {
        return dir.resolve("future-client.pem");
    }

    /** The EC client certificate ({@code CN=Test EC Client}, clientAuth), signed by the CA, PEM. */
    public Path ecClientCert() {
        return dir.resolve("client-ec.pem");
    }

    /** Its key, SEC1 PEM ({@code BEGIN EC PRIVATE KEY}, after an {@code EC PARAMETERS} block). */
    public Path ecClientKey() {
        return dir.resolve("client-ec.key");
    }
}
