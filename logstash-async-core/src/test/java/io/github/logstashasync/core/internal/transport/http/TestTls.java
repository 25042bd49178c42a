package io.github.logstashasync.core.internal.transport.http;

import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.spi.TlsProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS material for tests, made once per test JVM with the JDK's {@code keytool}: a self-signed server
 * certificate for {@code localhost} and {@code 127.0.0.1}, a second, unrelated one, and a {@link TlsProvider}
 * that trusts a PKCS#12 trust store, standing in for the ssl module.
 */
public final class TestTls {

    /** The password of every store made here. */
    public static final String PASSWORD = "changeit";

    private static Path server;
    private static Path stranger;

    private TestTls() {
    }

    /** A PKCS#12 store with the server's key and self-signed certificate; also usable as its trust store. */
    public static synchronized Path serverStore() {
        if (server == null) {
            server = generate("server");
        }
        return server;
    }

    /** A PKCS#12 store with an unrelated self-signed certificate, which the server's clients must not trust. */
    public static synchronized Path strangerStore() {
        if (stranger == null) {
            stranger = generate("stranger");
        }
        return stranger;
    }

    /** Key managers for a server presenting the certificate of {@link #serverStore()}. */
    public static KeyManagerFactory serverKeyManagers() {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(load(serverStore()), PASSWORD.toCharArray());
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An SSL context for a server presenting the certificate of {@link #serverStore()}. */
    public static SSLContext serverContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(serverKeyManagers().getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TLS settings that trust the certificate in {@code trustStore}, with verification on. */
    public static TlsSettings trusting(Path trustStore) {
        return TlsSettings.builder().enabled(true).trustStore(trustStore).trustStorePassword(PASSWORD).build();
    }

    /** A TLS provider that builds client contexts from the settings' trust store only. */
    public static TlsProvider provider() {
        return new TlsProvider() {
            @Override
            public String id() {
                return "test-truststore";
            }

            @Override
            public SSLContext createContext(TlsSettings settings) {
                try {
                    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    trust.init(load(settings.trustStore()));
                    SSLContext context = SSLContext.getInstance("TLS");
                    context.init(null, trust.getTrustManagers(), null);
                    return context;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static KeyStore load(Path path) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path generate(String name) {
        try {
            Path dir = Files.createTempDirectory("logstash-async-tls-");
            Path store = dir.resolve(name + ".p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", name,
                    "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "2",
                    "-dname", "CN=" + name, "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool failed: " + output);
            }
            store.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
