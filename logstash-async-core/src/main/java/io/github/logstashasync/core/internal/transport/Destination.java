package io.github.logstashasync.core.internal.transport;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TransportSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One entry of the option {@code destinations}: {@code host:port}, {@code [IPv6]:port}, or for {@code http} a URL
 * ({@code http://host:port/path?query}, {@code https://...}).
 *
 * @param host   the host name or address, without brackets; never null
 * @param port   1 to 65535
 * @param scheme {@code http} or {@code https} for a URL, null for {@code host:port}
 * @param path   the URL's path and query (the {@code http} transport's option {@code path}); null when the entry
 *               gave none
 */
public record Destination(String host, int port, String scheme, String path) {

    /** The option that lists the destinations. */
    public static final String OPTION = "destinations";

    /** Checks the components. */
    public Destination {
        if (host == null || host.isBlank()) {
            throw new InvalidOptionException(OPTION, "a destination needs a host");
        }
        if (port < 1 || port > 65_535) {
            throw new InvalidOptionException(OPTION, "port " + port + " of " + host + " is out of range; allowed: 1 to 65535");
        }
    }

    /** The destination of {@code host} and {@code port} (the one-entry form of the options host and port). */
    public static Destination of(String host, int port) {
        return new Destination(host, port, null, null);
    }

    /**
     * Parses the entries of {@code destinations}.
     *
     * @param option  the option's name, for errors
     * @param entries the entries as written; never null
     * @throws InvalidOptionException naming {@code option} and the entry for an empty list, a missing or bad port,
     *                                an IPv6 address without brackets, a malformed URL, or an entry given twice
     */
    public static List<Destination> parseAll(String option, List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            throw new InvalidOptionException(option, "at least one destination is required: host:port, [IPv6]:port,"
                    + " or a URL for http");
        }
        List<Destination> parsed = new ArrayList<>(entries.size());
        Set<String> seen = new LinkedHashSet<>();
        for (String entry : entries) {
            if (entry == null || entry.isBlank()) {
                throw new InvalidOptionException(option, "an empty entry; give host:port, [IPv6]:port, or a URL for http");
            }
            Destination destination = parse(option, entry.trim());
            if (!seen.add(destination.toString().toLowerCase(Locale.ROOT))) {
                throw new InvalidOptionException(option, "'" + Redaction.mask(entry.trim()) + "' is listed twice");
            }
            parsed.add(destination);
        }
        return List.copyOf(parsed);
    }

    /** Parses one entry. */
    static Destination parse(String option, String entry) {
        if (entry.contains("://")) {
            return parseUrl(option, entry);
        }
        String shown = Redaction.mask(entry);
        if (entry.indexOf('@') >= 0 || entry.indexOf('/') >= 0 || entry.indexOf('?') >= 0 || entry.indexOf('#') >= 0
                || entry.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidOptionException(option, "'" + shown + "' is not host:port; a URL (for http) starts with"
                    + " http:// or https://, and credentials go in the options username and password");
        }
        String host;
        String portText;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || close + 1 >= entry.length() || entry.charAt(close + 1) != ':') {
                throw new InvalidOptionException(option, "'" + shown + "' is not [IPv6]:port, for example [::1]:5044");
            }
            host = entry.substring(1, close);
            if (host.isEmpty() || host.indexOf(':') < 0 || !host.matches("[0-9A-Fa-f:.]+(%[\\w.\\-]+)?")) {
                throw new InvalidOptionException(option, "'" + shown + "': only an IPv6 address goes in brackets");
            }
            portText = entry.substring(close + 2);
        } else {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new InvalidOptionException(option, "'" + shown + "' has no port; write host:port, for example "
                        + entry + ":5044");
            }
            if (entry.indexOf(':', colon + 1) >= 0) {
                throw new InvalidOptionException(option, "'" + shown + "': an IPv6 address goes in brackets, as in"
                        + " [::1]:5044");
            }
            host = entry.substring(0, colon);
            portText = entry.substring(colon + 1);
            if (host.isEmpty()) {
                throw new InvalidOptionException(option, "'" + shown + "' has no host");
            }
        }
        return new Destination(host, port(option, shown, portText), null, null);
    }

    private static Destination parseUrl(String option, String entry) {
        String shown = Redaction.mask(entry);
        URI uri;
        try {
            uri = new URI(entry);
        } catch (URISyntaxException e) {
            throw new InvalidOptionException(option, "'" + shown + "' is not a valid URL: " + Redaction.mask(e.getReason()));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidOptionException(option, "'" + shown + "': a URL must start with http:// or https://;"
                    + " the other transports take host:port");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidOptionException(option, "'" + shown + "': credentials go in the options username and"
                    + " password, not in the URL");
        }
        if (uri.getHost() == null) {
            throw new InvalidOptionException(option, "'" + shown + "' has no host name or address");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidOptionException(option, "'" + shown + "': a URL of a destination has no fragment (#...)");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (port < 1 || port > 65_535) {
            throw new InvalidOptionException(option, "'" + shown + "': port " + port + " is out of range; allowed: 1 to 65535");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? null : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path = (path == null ? "/" : path) + "?" + uri.getRawQuery();
        }
        return new Destination(host, port, scheme, path);
    }

    private static int port(String option, String shown, String text) {
        if (text.isEmpty()) {
            throw new InvalidOptionException(option, "'" + shown + "' has no port after the colon");
        }
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(option, "'" + shown + "': '" + text + "' is not a port; allowed: 1 to 65535");
        }
        if (port < 1 || port > 65_535) {
            throw new InvalidOptionException(option, "'" + shown + "': port " + port + " is out of range; allowed: 1 to"
                    + " 65535");
        }
        return port;
    }

    /** Whether the entry was a URL. */
    public boolean url() {
        return scheme != null;
    }

    /** The same destination at another address (for {@code resolveAll}). */
    public Destination at(String address) {
        return new Destination(address, port, scheme, path);
    }

    /**
     * The settings of this destination's own transport: {@code base} with this host and port, and for a URL
     * with a path, that path as the option {@code path}.
     */
    public TransportSettings settings(TransportSettings base) {
        Map<String, String> options = new TreeMap<>(base.options());
        if (path != null) {
            options.put("path", path);
        }
        return new TransportSettings(host, port, base.charset(), base.socketTimeout(), base.socketCloseWait(),
                base.beatsBatchSize(), base.tls(), options);
    }

    /** As written in configuration: {@code host:port}, {@code [v6]:port}, or the URL; secrets masked. */
    @Override
    public String toString() {
        String hostPart = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        String text = (scheme == null ? "" : scheme + "://") + hostPart + ":" + port + (path == null ? "" : path);
        return Redaction.mask(text);
    }
}
