package io.github.logstashasync.cli.internal;

import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.transport.ssl.PemTlsProvider;
import javax.net.ssl.SSLContext;

/**
 * The TLS context of a local receiver, built with the PEM provider of {@code logstash-async-transport-ssl}: its key
 * material (PEM key and certificate, or a key store) becomes the server's, and its trusted CAs are the ones a client
 * certificate must be signed by.
 */
public final class ServerTls {

    private ServerTls() {
    }

    /**
     * Creates the server context.
     *
     * @param settings the server's key ({@code keyfile}/{@code certfile} or {@code keyStore}) and, for client
     *                 certificates, the CAs to trust ({@code caCerts} or {@code trustStore})
     * @throws io.github.logstashasync.api.InvalidOptionException naming the option when a file is missing or wrong,
     *         or when no server key is given
     */
    public static SSLContext context(TlsSettings settings) {
        if (!settings.hasClientCertificate()) {
            throw new io.github.logstashasync.api.InvalidOptionException("certfile",
                    "a TLS receiver needs its key and certificate: --keyfile and --certfile, or --key-store");
        }
        return new PemTlsProvider().createContext(settings);
    }

    /** Whether {@code settings} name CAs that client certificates must be signed by. */
    public static boolean requiresClientCertificates(TlsSettings settings) {
        return settings.caCerts() != null || settings.trustStore() != null;
    }
}
