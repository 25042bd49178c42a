package io.github.logstashasync.api.spi;

import io.github.logstashasync.api.TransportSettings;
import java.util.Set;

/**
 * Creates {@link Transport}s of one kind, found with {@link java.util.ServiceLoader} and chosen by
 * {@link #id()}. Construction must be cheap; the work happens in {@link #create}.
 *
 * <p>Declare a provider both in {@code module-info.java} ({@code provides ... with ...}) and in
 * {@code META-INF/services/io.github.logstashasync.api.spi.TransportProvider} for the class path.
 */
public interface TransportProvider {

    /** The stable short id that configuration uses, for example {@code tcp}; lower case, never null. */
    String id();

    /**
     * Creates a transport. Checks {@code settings} and the provider's own options, throwing
     * {@link io.github.logstashasync.api.InvalidOptionException} naming an invalid option. It should not
     * connect yet: the first {@link Transport#send} does.
     *
     * @param settings destination, timeouts, TLS and options; never null
     * @param tls      creates TLS contexts when {@code settings.tls().enabled()}; null when no
     *                 {@link TlsProvider} is installed
     * @return a new transport; never null
     */
    Transport create(TransportSettings settings, TlsProvider tls);

    /** The provider's own option names, beyond host, port, timeouts and TLS; for validation and help. */
    default Set<String> optionNames() {
        return Set.of();
    }

    /**
     * Whether {@link #create} checks the option names itself. When false (the default) the handler rejects an
     * option that is not one of {@link #optionNames()} before calling {@code create}. A provider whose options
     * are open-ended (for example properties passed through under a prefix to a client library, where
     * {@link #optionNames()} lists the known ones so that {@code logging.properties} can be read) returns true
     * and rejects unknown names in {@code create} with its own message.
     */
    default boolean checksOptionNames() {
        return false;
    }

    /** Whether this transport can use TLS. */
    default boolean supportsTls() {
        return false;
    }

    /**
     * Where transports created from {@code settings} send, for messages: {@code id://host:port} unless the
     * provider knows better (a cluster and a topic, a file).
     *
     * @param settings as for {@link #create}; never null
     * @return a short description of the destination; never null
     */
    default String destination(TransportSettings settings) {
        return id() + "://" + settings.host() + ":" + settings.port();
    }

    /** Whether {@link #openReader} can read back what this transport sent (a broker's topic can; a socket cannot). */
    default boolean supportsReading() {
        return false;
    }

    /**
     * Opens a reader of the documents that the destination of {@code settings} holds, for tools that show what
     * arrives. The options are those of {@link #create}; the ones that only concern writing are ignored.
     *
     * @param settings      the destination and options; never null
     * @param fromBeginning true to read every document the destination still holds, false to read only what
     *                      arrives after this method returned
     * @return an open reader; never null
     * @throws UnsupportedOperationException when {@link #supportsReading()} is false (the default)
     * @throws io.github.logstashasync.api.InvalidOptionException naming an invalid option
     * @throws TransportException when the destination cannot be reached to start reading
     */
    default TransportReader openReader(TransportSettings settings, boolean fromBeginning) throws TransportException {
        throw new UnsupportedOperationException("transport '" + id() + "' cannot read back what it sent");
    }
}
