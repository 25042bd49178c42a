package io.github.logstashasync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * TLS material for the TLS scenarios, made once per JVM with the JDK's {@code keytool} in a temporary folder: a
 * self-signed EC certificate for {@code localhost} and {@code 127.0.0.1} (the sinks' key), and the same
 * certificate as a PEM file that the client trusts through the ssl module's {@code caCerts}, with host name
 * verification on, as a user would configure it.
 */
public final class Pki {

    private static final String PASSWORD = "changeit";
    private static Pki instance;

    private final Path keyStore;
    private final Path caCerts;

    private Pki(Path keyStore, Path caCerts) {
        this.keyStore = keyStore;
        this.caCerts = caCerts;
    }

    /** Returns the material, generating it at the first call. */
    public static synchronized Pki get() {
        if (instance == null) {
            instance = generate();
        }
        return instance;
    }

    /** The PEM certificate the client trusts ({@code caCerts}). */
    public Path caCerts() {
        return caCerts;
    }

    /** A server-side TLS context presenting the certificate. */
    public SSLContext serverContext() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the benchmark's key store " + keyStore, e);
        }
    }

    private static Pki generate() {
        try {
            Path dir = Files.createTempDirectory("logstash-async-bench-pki-");
            Path store = dir.resolve("server.p12");
            Path pem = dir.resolve("ca.pem");
            keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-sigalg", "SHA256withECDSA", "-validity", "2", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-keypass", PASSWORD);
            keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-file", pem.toString());
            for (Path path : List.of(pem, store, dir)) {
                path.toFile().deleteOnExit();
            }
            return new Pki(store, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
    }
}
