package io.github.logstashasync.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made at test time with the {@code openssl} command in a directory the test owns: a CA, a server
 * certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, a server certificate for another name
 * only, a client certificate, and a second CA with a client certificate of its own that no receiver trusts.
 *
 * <p>Adapted from the TLS module's test fixture ({@code io.github.logstashasync.transport.ssl.PkiFixture}), cut
 * down to what real receivers need: every key is EC P-256 in PKCS#8 PEM, which rsyslog's OpenSSL driver, nginx,
 * Netty and the {@code pem} provider all read, and which is fast to generate.
 */
final class PkiFixture {

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

    private PkiFixture(Path dir, String openssl) {
        this.dir = dir;
        this.openssl = openssl;
    }

    /**
     * Creates the whole PKI in {@code dir}, which should be empty; takes well under a second.
     *
     * @throws IllegalStateException when an openssl command fails, with its output
     */
    static PkiFixture create(Path dir) throws IOException, InterruptedException {
        PkiFixture pki = new PkiFixture(dir, Receivers.requireBinary("openssl").toString());
        pki.generate();
        return pki;
    }

    private void generate() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("ca.cnf"), CA_CONFIG, StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("ca-index.txt"), "", StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("ca-serial.txt"), "1000\n", StandardCharsets.US_ASCII);
        Files.createDirectories(dir.resolve("ca-issued"));

        selfSignedCa("ca", "E2E Test CA");
        selfSignedCa("untrusted-ca", "E2E Untrusted CA");
        issue("ca", "server", "localhost", "server_ext");
        issue("ca", "other-name", "other.example", "other_name_ext");
        issue("ca", "client", "E2E Client", "client_ext");
        issue("untrusted-ca", "untrusted-client", "E2E Untrusted Client", "client_ext");
    }

    /** Runs {@code openssl} with {@code args} in the fixture's directory and returns its output. */
    String run(String... args) throws IOException, InterruptedException {
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
        run("req", "-x509", "-new", "-key", name + ".key", "-subj", "/CN=" + commonName, "-days", "30",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-out", name + ".pem");
    }

    /** A P-256 key in PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    private void ecKey(String file) throws IOException, InterruptedException {
        run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file);
    }

    private void issue(String ca, String name, String commonName, String extensions)
            throws IOException, InterruptedException {
        ecKey(name + ".key");
        run("req", "-new", "-key", name + ".key", "-subj", "/CN=" + commonName, "-out", name + ".csr");
        run("ca", "-batch", "-config", "ca.cnf", "-cert", ca + ".pem", "-keyfile", ca + ".key", "-in", name + ".csr",
                "-extensions", extensions, "-notext", "-days", "7", "-out", name + ".pem");
    }

    /** The directory holding every file. */
    Path dir() {
        return dir;
    }

    /** The CA that receivers and clients trust, PEM. */
    Path caCert() {
        return dir.resolve("ca.pem");
    }

    /** The server certificate for DNS:localhost, IP:127.0.0.1 and IP:::1, signed by the CA, PEM. */
    Path serverCert() {
        return dir.resolve("server.pem");
    }

    /** The server's key, PKCS#8 PEM. */
    Path serverKey() {
        return dir.resolve("server.key");
    }

    /** A server certificate for DNS:other.example only, signed by the trusted CA, PEM. */
    Path otherNameCert() {
        return dir.resolve("other-name.pem");
    }

    /** Its key, PKCS#8 PEM. */
    Path otherNameKey() {
        return dir.resolve("other-name.key");
    }

    /** The client certificate ({@code CN=E2E Client}, clientAuth), signed by the CA, PEM. */
    Path clientCert() {
        return dir.resolve("client.pem");
    }

    /** The client's key, PKCS#8 PEM. */
    Path clientKey() {
        return dir.resolve("client.key");
    }

    /** A client certificate signed by the CA nobody trusts, PEM. */
    Path untrustedClientCert() {
        return dir.resolve("untrusted-client.pem");
    }

    /** Its key, PKCS#8 PEM. */
    Path untrustedClientKey() {
        return dir.resolve("untrusted-client.key");
    }
}
