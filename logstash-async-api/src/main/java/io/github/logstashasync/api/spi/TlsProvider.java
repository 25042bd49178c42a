package io.github.logstashasync.api.spi;

import io.github.logstashasync.api.TlsSettings;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Creates TLS contexts from {@link TlsSettings}: loads keys, certificates and trust material. Found with
 * {@link java.util.ServiceLoader}; the module {@code io.github.logstashasync.transport.ssl} provides one.
 */
public interface TlsProvider {

    /** A short id, for example {@code pem}; never null. */
    String id();

    /**
     * Creates a client context: the client certificate when configured, and trust in {@code caCerts}, the
     * trust store, or the JDK's defaults. With {@code verify=false} the context trusts any server.
     *
     * @param settings TLS settings with {@code enabled=true}; never null
     * @return the context; never null
     * @throws io.github.logstashasync.api.InvalidOptionException naming the option when a file is missing,
     *         unreadable, of the wrong format, expired or protected by another password
     */
    SSLContext createContext(TlsSettings settings);

    /**
     * Returns the parameters for a client connection to {@code host}: the protocols, and host name
     * verification ({@code HTTPS} endpoint identification) when {@code settings.verify()}.
     *
     * @param settings the TLS settings; never null
     * @param host     the host connected to, for SNI; may be null
     * @return new parameters; never null
     */
    default SSLParameters clientParameters(TlsSettings settings, String host) {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(settings.protocols().toArray(String[]::new));
        if (settings.verify()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        // SNI carries host names only, never an IPv4 or IPv6 literal
        if (host != null && !host.isEmpty() && !host.contains(":") && !host.matches("[0-9.]+")) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        return parameters;
    }
}
