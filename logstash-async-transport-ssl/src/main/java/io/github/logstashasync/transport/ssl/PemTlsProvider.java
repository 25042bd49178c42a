package io.github.logstashasync.transport.ssl;

import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.spi.TlsProvider;
import io.github.logstashasync.transport.ssl.internal.ClientKeys;
import io.github.logstashasync.transport.ssl.internal.InsecureTrustManager;
import io.github.logstashasync.transport.ssl.internal.ServerTrust;
import io.github.logstashasync.transport.ssl.internal.Warnings;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * The TLS provider with id {@code pem}: client contexts from PEM files (as in python-logstash-async) or Java key
 * and trust stores, verifying the server's chain and host name unless {@code sslVerify=false}.
 */
public final class PemTlsProvider implements TlsProvider {

    /** The id that configuration uses to pick this provider. */
    public static final String ID = "pem";

    private final Warnings warnings;

    /** Creates the provider; warnings go to standard error, the one about {@code sslVerify=false} once per JVM. */
    public PemTlsProvider() {
        this(Warnings.standardError());
    }

    PemTlsProvider(Warnings warnings) {
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Files are read and checked now, so that a wrong path, password or expired certificate fails at
     * configuration time rather than at the first handshake.
     */
    @Override
    public SSLContext createContext(TlsSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Instant now = Instant.now();
        KeyManager[] keyManagers = ClientKeys.load(settings, now);
        TrustManager[] trustManagers;
        if (settings.verify()) {
            trustManagers = ServerTrust.load(settings, now, warnings);
        } else {
            warnings.insecure();
            trustManagers = new TrustManager[] {new InsecureTrustManager()};
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's TLS implementation is unavailable", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Unlike the default, this never passes an IP address as SNI server name (RFC 6066 forbids it, and an IPv6
     * literal ending in a hex letter would make {@link SNIHostName} throw).
     */
    @Override
    public SSLParameters clientParameters(TlsSettings settings, String host) {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(settings.protocols().toArray(String[]::new));
        if (settings.verify()) {
            // The JDK checks the host name against the certificate's subjectAltName during the handshake.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        SNIHostName serverName = serverName(host);
        if (serverName != null) {
            parameters.setServerNames(List.of(serverName));
        }
        return parameters;
    }

    /** The SNI name for {@code host}, or null for an IP literal or a name SNI cannot carry. */
    static SNIHostName serverName(String host) {
        if (host == null || host.isEmpty() || host.indexOf(':') >= 0 || host.matches("[0-9.]+")) {
            return null;
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        try {
            return new SNIHostName(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
