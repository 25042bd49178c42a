package io.github.logstashasync.core.internal.transport;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TransportSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the destinations against the transport they are for, and with {@code resolveAll} turns each host name
 * into one destination per address.
 */
final class DestinationResolver {

    /** A destination and its name in statistics and messages. */
    record Named(Destination destination, String name) {
    }

    private DestinationResolver() {
    }

    /**
     * Returns the destinations to create a transport for, in order.
     *
     * @throws InvalidOptionException naming {@code destinations} for a URL given to another transport than
     *         {@code http} or whose scheme does not match {@code sslEnable}, or a name that does not resolve under
     *         {@code resolveAll}; naming {@code resolveAll} when it is combined with TLS host name verification
     */
    static List<Named> resolve(String transportId, TransportSettings base, DestinationSettings options) {
        boolean http = "http".equals(transportId);
        boolean tls = base.tls().enabled();
        for (Destination destination : options.destinations()) {
            if (destination.url() && !http) {
                throw new InvalidOptionException(Destination.OPTION, "'" + destination + "' is a URL, which only the"
                        + " http transport takes; transport '" + transportId + "' takes host:port");
            }
            if (destination.url() && destination.scheme().equals("https") != tls) {
                throw new InvalidOptionException(Destination.OPTION, "'" + destination + "' does not match sslEnable="
                        + tls + "; use " + (tls ? "https" : "http") + "://, or set sslEnable=" + !tls);
            }
        }
        List<Named> named = new ArrayList<>();
        if (!options.resolveAll()) {
            for (Destination destination : options.destinations()) {
                named.add(new Named(destination, destination.toString()));
            }
            return named;
        }
        if (tls && base.tls().verify()) {
            throw new InvalidOptionException("resolveAll", "cannot be combined with sslEnable and sslVerify: each"
                    + " address would be connected to by its IP, so the certificate could not be checked against the"
                    + " host name; list the names in destinations instead");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Destination destination : options.destinations()) {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(destination.host());
            } catch (UnknownHostException | SecurityException e) {
                throw new InvalidOptionException(Destination.OPTION, "cannot resolve '" + Redaction.mask(destination.host())
                        + "' (resolveAll resolves every name when the handler is built): " + e.getMessage());
            }
            for (InetAddress address : addresses) {
                Destination one = destination.at(address.getHostAddress());
                if (!seen.add(one.toString())) {
                    continue; // two names of one address: one destination
                }
                String name = address.getHostAddress().equals(destination.host()) ? one.toString()
                        : one + " (" + Redaction.mask(destination.host()) + ")";
                named.add(new Named(one, name));
            }
        }
        return named;
    }
}
