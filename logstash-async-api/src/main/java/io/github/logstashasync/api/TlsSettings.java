package io.github.logstashasync.api;

import java.nio.file.Path;
import java.util.List;

/**
 * TLS for the stream transports ({@code tcp}, {@code beats}, {@code http}): PEM files as in the seed, or
 * Java key and trust stores. Passwords never appear in {@link #toString()}.
 *
 * @param enabled            whether TLS is used at all (seed {@code ssl_enable})
 * @param verify             whether the server's certificate chain and host name are checked (seed
 *                           {@code ssl_verify}); true by default
 * @param keyfile            PEM private key for a client certificate (PKCS#8, PKCS#1 RSA or EC); may be null
 * @param certfile           PEM client certificate, with its chain; may be null
 * @param caCerts            PEM bundle of the certificate authorities to trust; null means the JDK's defaults
 * @param keyPassword        password of an encrypted {@code keyfile} or of the key store's key; may be null
 * @param keyStore           a PKCS#12 or JKS key store with the client key and certificate; may be null
 * @param keyStorePassword   its password; may be null
 * @param keyStoreType       its type, {@code PKCS12} by default
 * @param trustStore         a PKCS#12 or JKS trust store; may be null
 * @param trustStorePassword its password; may be null
 * @param trustStoreType     its type, {@code PKCS12} by default
 * @param protocols          the TLS versions to offer, {@code TLSv1.3} and {@code TLSv1.2} by default
 */
public record TlsSettings(
        boolean enabled,
        boolean verify,
        Path keyfile,
        Path certfile,
        Path caCerts,
        String keyPassword,
        Path keyStore,
        String keyStorePassword,
        String keyStoreType,
        Path trustStore,
        String trustStorePassword,
        String trustStoreType,
        List<String> protocols) {

    /** Default TLS versions. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** Default key and trust store type. */
    public static final String DEFAULT_STORE_TYPE = "PKCS12";

    /** TLS switched off. */
    public static final TlsSettings DISABLED = builder().build();

    /** Checks the combination of options. */
    public TlsSettings {
        keyStoreType = keyStoreType == null ? DEFAULT_STORE_TYPE : keyStoreType;
        trustStoreType = trustStoreType == null ? DEFAULT_STORE_TYPE : trustStoreType;
        protocols = protocols == null || protocols.isEmpty() ? DEFAULT_PROTOCOLS : List.copyOf(protocols);
        if ((keyfile == null) != (certfile == null)) {
            throw new InvalidOptionException(keyfile == null ? "keyfile" : "certfile",
                    "keyfile and certfile must be given together for a client certificate");
        }
        if (keyfile != null && keyStore != null) {
            throw new InvalidOptionException("keyStore", "give either keyfile/certfile or keyStore, not both");
        }
        if (caCerts != null && trustStore != null) {
            throw new InvalidOptionException("trustStore", "give either caCerts or trustStore, not both");
        }
        for (String protocol : protocols) {
            if (!protocol.equals("TLSv1.2") && !protocol.equals("TLSv1.3")) {
                throw new InvalidOptionException("sslProtocols", "'" + protocol + "' is not supported; use TLSv1.2, TLSv1.3");
            }
        }
    }

    /** Whether a client certificate is configured (mutual TLS). */
    public boolean hasClientCertificate() {
        return keyfile != null || keyStore != null;
    }

    /** Returns a builder with TLS off and verification on. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "TlsSettings[enabled=" + enabled + ", verify=" + verify + ", keyfile=" + keyfile + ", certfile=" + certfile
                + ", caCerts=" + caCerts + ", keyPassword=" + mask(keyPassword) + ", keyStore=" + keyStore
                + ", keyStorePassword=" + mask(keyStorePassword) + ", keyStoreType=" + keyStoreType
                + ", trustStore=" + trustStore + ", trustStorePassword=" + mask(trustStorePassword)
                + ", trustStoreType=" + trustStoreType + ", protocols=" + protocols + "]";
    }

    static String mask(String secret) {
        return secret == null ? "null" : "******";
    }

    /** Builds {@link TlsSettings}. */
    public static final class Builder {
        private boolean enabled;
        private boolean verify = true;
        private Path keyfile;
        private Path certfile;
        private Path caCerts;
        private String keyPassword;
        private Path keyStore;
        private String keyStorePassword;
        private String keyStoreType;
        private Path trustStore;
        private String trustStorePassword;
        private String trustStoreType;
        private List<String> protocols;

        private Builder() {
        }

        /** Sets {@code sslEnable}. */
        public Builder enabled(boolean value) {
            enabled = value;
            return this;
        }

        /** Sets {@code sslVerify}. */
        public Builder verify(boolean value) {
            verify = value;
            return this;
        }

        /** Sets {@code keyfile}. */
        public Builder keyfile(Path value) {
            keyfile = value;
            return this;
        }

        /** Sets {@code certfile}. */
        public Builder certfile(Path value) {
            certfile = value;
            return this;
        }

        /** Sets {@code caCerts}. */
        public Builder caCerts(Path value) {
            caCerts = value;
            return this;
        }

        /** Sets {@code keyPassword}. */
        public Builder keyPassword(String value) {
            keyPassword = value;
            return this;
        }

        /** Sets {@code keyStore}. */
        public Builder keyStore(Path value) {
            keyStore = value;
            return this;
        }

        /** Sets {@code keyStorePassword}. */
        public Builder keyStorePassword(String value) {
            keyStorePassword = value;
            return this;
        }

        /** Sets {@code keyStoreType}. */
        public Builder keyStoreType(String value) {
            keyStoreType = value;
            return this;
        }

        /** Sets {@code trustStore}. */
        public Builder trustStore(Path value) {
            trustStore = value;
            return this;
        }

        /** Sets {@code trustStorePassword}. */
        public Builder trustStorePassword(String value) {
            trustStorePassword = value;
            return this;
        }

        /** Sets {@code trustStoreType}. */
        public Builder trustStoreType(String value) {
            trustStoreType = value;
            return this;
        }

        /** Sets {@code sslProtocols}. */
        public Builder protocols(List<String> value) {
            protocols = value;
            return this;
        }

        /** Returns the settings. */
        public TlsSettings build() {
            return new TlsSettings(enabled, verify, keyfile, certfile, caCerts, keyPassword, keyStore, keyStorePassword,
                    keyStoreType, trustStore, trustStorePassword, trustStoreType, protocols);
        }
    }
}
