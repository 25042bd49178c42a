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

    /**
     * One entry of {@code destinations} and the destinations it stands for: itself, or with {@code resolveAll} one
     * per address (without those an earlier entry has already).
     */
    record Group(Destination configured, List<Named> addresses) {
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
    static List<Group> resolve(String transportId, TransportSettings base, DestinationSettings options) {
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
        List<Group> groups = new ArrayList<>();
        if (!options.resolveAll()) {
            for (Destination destination : options.destinations()) {
                groups.add(new Group(destination, List.of(new Named(destination, destination.toString()))));
            }
            return groups;
        }
        if (tls && base.tls().verify()) {
            throw new InvalidOptionException("resolveAll", "cannot be combined with sslEnable and sslVerify: each"
                    + " address would be connected to by its IP, so the certificate could not be checked against the"
                    + " host name; list the names in destinations instead");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Destination destination : options.destinations()) {
            List<Named> addresses;
            try {
                addresses = addresses(destination);
            } catch (UnknownHostException | SecurityException e) {
                throw new InvalidOptionException(Destination.OPTION, "cannot resolve '" + Redaction.mask(destination.host())
                        + "' (resolveAll resolves every name when the handler is built): " + e.getMessage());
            }
            List<Named> named = new ArrayList<>();
            for (Named one : addresses) {
                if (seen.add(one.destination().toString())) {
                    named.add(one); // two names of one address: one destination
                }
            }
            groups.add(new Group(destination, List.copyOf(named)));
        }
        return groups;
    }

    /**
     * Resolves {@code destination}'s host now (the JDK's own cache applies: {@code networkaddress.cache.ttl}), into
     * one destination per address, in the order the resolver gave them.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    static List<Named> addresses(Destination destination) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(destination.host());
        Set<String> seen = new LinkedHashSet<>();
        List<Named> named = new ArrayList<>(addresses.length);
        for (InetAddress address : addresses) {
            Destination one = destination.at(address.getHostAddress());
            if (!seen.add(one.toString())) {
                continue;
            }
            String name = address.getHostAddress().equals(destination.host()) ? one.toString()
                    : one + " (" + Redaction.mask(destination.host()) + ")";
            named.add(new Named(one, name));
        }
        return named;
    }
}
