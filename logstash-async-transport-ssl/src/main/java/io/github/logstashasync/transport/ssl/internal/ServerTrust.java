package io.github.logstashasync.transport.ssl.internal;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TlsSettings;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the trust managers that check the server's certificate chain: from the {@code caCerts} PEM bundle, from
 * {@code trustStore}, or the JDK's defaults. Certificates outside their validity period are dropped with a warning;
 * when none is left the configuration is an error, since no server could then be trusted.
 */
public final class ServerTrust {

    private ServerTrust() {
    }

    /**
     * Returns the trust managers for {@code settings}, or null for the JDK's default trust.
     *
     * @param settings the TLS settings; never null
     * @param now      the time the certificates must be valid at
     * @param warnings where to report dropped certificates
     */
    public static TrustManager[] load(TlsSettings settings, Instant now, Warnings warnings) {
        if (settings.caCerts() != null) {
            List<X509Certificate> certificates = Certificates.read("caCerts", settings.caCerts());
            return managers(usable("caCerts", settings.caCerts(), certificates, now, warnings));
        }
        if (settings.trustStore() != null) {
            KeyStore store = KeyStores.load(KeyStores.TRUST_STORE, settings.trustStore(), settings.trustStoreType(),
                    settings.trustStorePassword());
            List<X509Certificate> certificates = anchors(store, settings);
            return managers(usable("trustStore", settings.trustStore(), certificates, now, warnings));
        }
        return null;
    }

    /** The certificates a PKIX trust manager would trust in {@code store}: certificate entries and key entries' own. */
    private static List<X509Certificate> anchors(KeyStore store, TlsSettings settings) {
        List<X509Certificate> anchors = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate instanceof X509Certificate) {
                    anchors.add((X509Certificate) certificate);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidOptionException("trustStore", "cannot read " + settings.trustStore() + ": " + e.getMessage());
        }
        if (anchors.isEmpty()) {
            // Java trusts a PKCS#12 certificate without a key only when it carries Oracle's trust attribute,
            // which openssl before 3.2 cannot write.
            throw new InvalidOptionException("trustStore", settings.trustStore() + " holds no certificate"
                    + (settings.trustStorePassword() == null
                    ? " that can be read without a password (set trustStorePassword)"
                    : " Java trusts; import the CA with keytool -importcert, or give it as a PEM file in caCerts"));
        }
        return anchors;
    }

    private static List<X509Certificate> usable(String option, Object source, List<X509Certificate> certificates,
            Instant now, Warnings warnings) {
        List<X509Certificate> valid = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (X509Certificate certificate : certificates) {
            String problem = Certificates.validityProblem(certificate, now);
            if (problem == null) {
                valid.add(certificate);
            } else {
                problems.add(problem);
            }
        }
        if (valid.isEmpty()) {
            throw new InvalidOptionException(option, source + ": no usable CA certificate: " + String.join("; ", problems));
        }
        if (!problems.isEmpty()) {
            // System bundles such as /etc/ssl/certs/ca-certificates.crt often still hold a few expired roots.
            warnings.warn(option + " " + source + ": ignoring " + problems.size() + " of " + certificates.size()
                    + " certificates outside their validity period, first: " + problems.get(0));
        }
        return valid;
    }

    private static TrustManager[] managers(List<X509Certificate> anchors) {
        KeyStore store = KeyStores.inMemory();
        try {
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("ca-" + i, anchors.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build trust managers from certificates that were just read", e);
        }
    }
}
