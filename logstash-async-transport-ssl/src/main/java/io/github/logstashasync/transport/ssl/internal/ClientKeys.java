package io.github.logstashasync.transport.ssl.internal;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TlsSettings;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * Builds the key managers that present the client certificate for mutual TLS, from {@code keyfile} and
 * {@code certfile} or from {@code keyStore}, after checking what the server would otherwise reject with a vague
 * handshake failure: the password, that the key belongs to the certificate, and the certificates' dates.
 */
public final class ClientKeys {

    /** Protects the key inside the in-memory store only; it never leaves this class. */
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private ClientKeys() {
    }

    /**
     * Returns the key managers for {@code settings}, or null when no client certificate is configured.
     *
     * @param settings the TLS settings; never null
     * @param now      the time the certificates must be valid at
     */
    public static KeyManager[] load(TlsSettings settings, Instant now) {
        if (settings.keyfile() != null) {
            return fromPem(settings.keyfile(), settings.certfile(), settings.keyPassword(), now);
        }
        if (settings.keyStore() != null) {
            return fromKeyStore(settings, now);
        }
        return null;
    }

    private static KeyManager[] fromPem(Path keyfile, Path certfile, String password, Instant now) {
        PrivateKey key = PrivateKeys.read(keyfile, password);
        List<X509Certificate> chain = Certificates.read("certfile", certfile);
        Certificates.requireValid("certfile", certfile, chain, now);
        if (!matches(key, chain.get(0).getPublicKey())) {
            boolean later = chain.stream().skip(1).anyMatch(certificate -> matches(key, certificate.getPublicKey()));
            throw new InvalidOptionException("keyfile", "the private key in " + keyfile + " does not belong to the"
                    + " certificate " + Certificates.subject(chain.get(0)) + " in " + certfile
                    + (later ? " but to a later one; the client certificate must come first in certfile" : ""));
        }
        KeyStore store = KeyStores.inMemory();
        try {
            store.setKeyEntry("client", key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
        } catch (KeyStoreException e) {
            throw new InvalidOptionException("keyfile", "cannot use the key in " + keyfile + ": " + e.getMessage());
        }
        return managers(store, IN_MEMORY_PASSWORD);
    }

    private static KeyManager[] fromKeyStore(TlsSettings settings, Instant now) {
        Path file = settings.keyStore();
        KeyStore store = KeyStores.load(KeyStores.KEY_STORE, file, settings.keyStoreType(), settings.keyStorePassword());
        // As with keytool, the key's password defaults to the store's.
        String passwordOption = settings.keyPassword() != null ? "keyPassword" : "keyStorePassword";
        String password = settings.keyPassword() != null ? settings.keyPassword() : settings.keyStorePassword();
        char[] keyPassword = password == null ? new char[0] : password.toCharArray();
        int keys = 0;
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, keyPassword);
                Certificate[] chain = store.getCertificateChain(alias);
                if (!(key instanceof PrivateKey) || chain == null || chain.length == 0) {
                    continue;
                }
                List<X509Certificate> certificates = new ArrayList<>();
                for (Certificate certificate : chain) {
                    certificates.add((X509Certificate) certificate);
                }
                Certificates.requireValid("keyStore", file + " entry '" + alias + "'", certificates, now);
                keys++;
            }
        } catch (UnrecoverableKeyException e) {
            if (password == null) {
                throw new InvalidOptionException("keyStorePassword", "the private key in keyStore " + file
                        + " is protected by a password; set keyStorePassword (and keyPassword if it differs)");
            }
            throw new InvalidOptionException(passwordOption, "wrong password for the private key in keyStore " + file);
        } catch (GeneralSecurityException e) {
            throw new InvalidOptionException("keyStore", "cannot read the keys of " + file + ": " + e.getMessage());
        }
        if (keys == 0) {
            throw new InvalidOptionException("keyStore", file + " holds no private key with a certificate chain");
        }
        return managers(store, keyPassword);
    }

    private static KeyManager[] managers(KeyStore store, char[] password) {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build key managers from keys that were just read", e);
        }
    }

    /** Whether {@code key} is the private half of {@code publicKey}: same RSA modulus, or a signature that verifies. */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (key instanceof RSAKey || publicKey instanceof RSAKey) {
            return key instanceof RSAKey && publicKey instanceof RSAKey
                    && ((RSAKey) key).getModulus().equals(((RSAKey) publicKey).getModulus());
        }
        // Besides RSA (above), PrivateKeys yields only EC and EdDSA keys; "EdDSA" signs with Ed25519 and Ed448 alike.
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true; // no way to tell here; the handshake will
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A key of another algorithm or curve than the certificate's cannot verify: not a match.
            return false;
        }
    }
}
