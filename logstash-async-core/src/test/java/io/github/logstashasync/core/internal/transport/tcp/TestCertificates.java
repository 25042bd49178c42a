package io.github.logstashasync.core.internal.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.spi.TlsProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed server certificates made with the JDK's keytool, a TLS server socket for them, and a minimal
 * {@link TlsProvider} that trusts a PKCS#12 trust store; a stand-in for the ssl module in core's tests.
 */
final class TestCertificates {

    static final String PASSWORD = "changeit";

    private TestCertificates() {
    }

    /**
     * Creates key stores with a self-signed EC certificate each, in parallel: {@code names[i]} gets the subject
     * alternative names {@code subjectAltNames[i]}, for example {@code ip:127.0.0.1}.
     */
    static List<Path> keyStores(Path dir, List<String> names, List<String> subjectAltNames)
            throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<Process> processes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Path file = dir.resolve(names.get(i) + ".p12");
            files.add(file);
            processes.add(new ProcessBuilder(keytool.toString(), "-J-XX:TieredStopAtLevel=1", "-genkeypair",
                    "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + names.get(i),
                    "-ext", "SAN=" + subjectAltNames.get(i), "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                    .redirectErrorStream(true).redirectOutput(dir.resolve(names.get(i) + ".log").toFile()).start());
        }
        for (int i = 0; i < processes.size(); i++) {
            Process process = processes.get(i);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool finished within a minute");
            assertEquals(0, process.exitValue(), "keytool made " + files.get(i) + ": "
                    + Files.readString(dir.resolve(names.get(i) + ".log")));
        }
        return files;
    }

    /** Writes a trust store that trusts the certificate of {@code keyStore}. */
    static Path trustStore(Path keyStore) throws IOException, GeneralSecurityException {
        KeyStore keys = load(keyStore);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", keys.getCertificate("server"));
        Path file = keyStore.resolveSibling(keyStore.getFileName() + ".trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    /** An unbound TLS server socket that presents the certificate of {@code keyStore}. */
    static ServerSocket serverSocket(Path keyStore) throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keyStore), PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context.getServerSocketFactory().createServerSocket();
    }

    /** TLS settings that trust {@code trustStore}, with host name verification. */
    static TlsSettings clientSettings(Path trustStore) {
        return TlsSettings.builder().enabled(true).trustStore(trustStore).trustStorePassword(PASSWORD)
                .protocols(List.of("TLSv1.3", "TLSv1.2")).build();
    }

    static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    /** Trusts the settings' trust store; the real provider lives in the ssl module. */
    static final class TrustStoreProvider implements TlsProvider {
        @Override
        public String id() {
            return "test-trust-store";
        }

        @Override
        public SSLContext createContext(TlsSettings settings) {
            try {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(settings.trustStore()));
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                return context;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("test trust store " + settings.trustStore(), e);
            }
        }
    }
}
