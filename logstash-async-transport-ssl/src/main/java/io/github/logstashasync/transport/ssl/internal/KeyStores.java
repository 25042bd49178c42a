package io.github.logstashasync.transport.ssl.internal;

import io.github.logstashasync.api.InvalidOptionException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;

/** Loads Java key stores (PKCS#12, JKS) and creates the in-memory stores that key and trust managers are built from. */
final class KeyStores {

    private KeyStores() {
    }

    /** The option names that describe one store: the file, its type and its password. */
    record Options(String file, String type, String password) {
    }

    /** The options of {@code keyStore}. */
    static final Options KEY_STORE = new Options("keyStore", "keyStoreType", "keyStorePassword");
    /** The options of {@code trustStore}. */
    static final Options TRUST_STORE = new Options("trustStore", "trustStoreType", "trustStorePassword");

    /**
     * Loads the store in {@code file}.
     *
     * @param options  the option names, for errors
     * @param file     the store; never null
     * @param type     its type, such as PKCS12; never null
     * @param password its password; null loads a PKCS#12 store without checking its integrity
     */
    static KeyStore load(Options options, Path file, String type, String password) {
        byte[] bytes = TlsFiles.read(options.file(), file);
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (KeyStoreException e) {
            throw new InvalidOptionException(options.type(), "'" + type + "' is not a key store type this JVM knows;"
                    + " use PKCS12 or JKS");
        }
        try {
            store.load(new ByteArrayInputStream(bytes), password == null ? null : password.toCharArray());
        } catch (IOException e) {
            // Both PKCS12 and JKS report a failed integrity check this way.
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new InvalidOptionException(options.password(), "wrong password for " + options.file() + " " + file);
            }
            throw new InvalidOptionException(options.file(), file + " is not a " + type + " key store: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new InvalidOptionException(options.file(), "cannot load the " + type + " key store " + file + ": " + e);
        }
        return store;
    }

    /** An empty store in memory, to hold keys and certificates read from PEM files. */
    static KeyStore inMemory() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("every JVM has PKCS12 key stores", e);
        }
    }
}
