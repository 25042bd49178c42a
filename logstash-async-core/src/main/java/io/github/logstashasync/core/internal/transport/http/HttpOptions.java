package io.github.logstashasync.core.internal.transport.http;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.core.internal.transport.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code http} transport's settings, parsed once from {@link TransportSettings}; the password is never
 * part of {@link #toString()}.
 *
 * @param uri              where batches are posted; never carries user info
 * @param username         basic-auth user; null when no authentication is configured
 * @param password         basic-auth password; null when no authentication is configured
 * @param maxContentLength the largest request body in bytes
 * @param connectTimeout   how long opening a connection may take
 * @param requestTimeout   how long one request may take until its response is complete
 */
record HttpOptions(URI uri, String username, String password, long maxContentLength, Duration connectTimeout,
        Duration requestTimeout) {

    /** The handler option that names the receiver's host, for errors about it. */
    static final String HOST = "host";
    /** Option {@code path}: the request path, with an optional query. */
    static final String PATH = "path";
    /** Option {@code username}: basic-auth user. */
    static final String USERNAME = "username";
    /** Option {@code password}: basic-auth password. */
    static final String PASSWORD = "password";
    /** Option {@code maxContentLength}: the largest request body. */
    static final String MAX_CONTENT_LENGTH = "maxContentLength";
    /** Option {@code connectTimeout}. */
    static final String CONNECT_TIMEOUT = "connectTimeout";
    /** Option {@code requestTimeout}. */
    static final String REQUEST_TIMEOUT = "requestTimeout";
    /** Every option name of the transport. */
    static final Set<String> NAMES = Set.of(PATH, USERNAME, PASSWORD, MAX_CONTENT_LENGTH, CONNECT_TIMEOUT, REQUEST_TIMEOUT);

    /** Default {@code path}: {@code /}. */
    static final String DEFAULT_PATH = "/";
    /** Default {@code maxContentLength}: 100 MiB, as in the seed. */
    static final long DEFAULT_MAX_CONTENT_LENGTH = 104_857_600L;
    /** Default {@code requestTimeout}, unless {@code socketTimeout} is longer: 10 s. */
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** The smallest useful body: one event of one byte in brackets. */
    static final long MIN_CONTENT_LENGTH = 3;
    /** The largest body we build in memory: 1 GiB. */
    static final long MAX_CONTENT_LENGTH_LIMIT = 1L << 30;

    /** Parses the options of {@code settings}, naming the option in every error. */
    static HttpOptions parse(TransportSettings settings) {
        Set<String> unknown = new TreeSet<>(settings.options().keySet());
        unknown.removeAll(NAMES);
        if (!unknown.isEmpty()) {
            throw new InvalidOptionException(unknown.iterator().next(),
                    "not an option of the http transport; known: " + String.join(", ", new TreeSet<>(NAMES)));
        }
        URI uri = uri(settings.tls().enabled() ? "https" : "http", settings.host(), settings.port(),
                settings.option(PATH, DEFAULT_PATH));
        String username = settings.options().get(USERNAME);
        String password = settings.options().get(PASSWORD);
        if (username == null && password != null) {
            throw new InvalidOptionException(USERNAME, "a password is set, so a username is required too");
        }
        if (username != null && (username.isEmpty() || username.indexOf(':') >= 0)) {
            throw new InvalidOptionException(USERNAME, "must not be empty and must not contain ':' (basic auth)");
        }
        if (username != null && password == null) {
            password = "";
        }
        long maxContentLength = DEFAULT_MAX_CONTENT_LENGTH;
        String maxText = settings.options().get(MAX_CONTENT_LENGTH);
        if (maxText != null) {
            maxContentLength = OptionParsers.size(MAX_CONTENT_LENGTH, maxText);
            if (maxContentLength < MIN_CONTENT_LENGTH || maxContentLength > MAX_CONTENT_LENGTH_LIMIT) {
                throw new InvalidOptionException(MAX_CONTENT_LENGTH, maxContentLength + " bytes is out of range; allowed: "
                        + MIN_CONTENT_LENGTH + " bytes to 1GiB");
            }
        }
        Duration connectTimeout = positive(CONNECT_TIMEOUT, settings.options().get(CONNECT_TIMEOUT),
                positiveOr(settings.socketTimeout(), DEFAULT_REQUEST_TIMEOUT));
        Duration defaultRequest = settings.socketTimeout().compareTo(DEFAULT_REQUEST_TIMEOUT) > 0
                ? settings.socketTimeout() : DEFAULT_REQUEST_TIMEOUT;
        Duration requestTimeout = positive(REQUEST_TIMEOUT, settings.options().get(REQUEST_TIMEOUT), defaultRequest);
        return new HttpOptions(uri, username, password, maxContentLength, connectTimeout, requestTimeout);
    }

    /** The value of the {@code Authorization} header, or null without authentication. */
    String authorization() {
        if (username == null) {
            return null;
        }
        // RFC 7617: user-pass is encoded in UTF-8 when the server does not say otherwise.
        byte[] userPass = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(userPass);
    }

    @Override
    public String toString() {
        return "HttpOptions[uri=" + Redaction.mask(uri.toString()) + ", username=" + username + ", password="
                + (password == null ? "null" : "******")
                + ", maxContentLength=" + maxContentLength + ", connectTimeout=" + connectTimeout + ", requestTimeout="
                + requestTimeout + "]";
    }

    private static URI uri(String scheme, String host, int port, String path) {
        checkHost(host);
        String fullPath = path.startsWith("/") ? path : "/" + path;
        // an IPv6 literal needs brackets in a URI
        String hostPart = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        URI uri;
        try {
            uri = new URI(scheme + "://" + hostPart + ":" + port + fullPath);
        } catch (URISyntaxException e) {
            throw new InvalidOptionException(PATH, "'" + Redaction.mask(path) + "' does not make a valid URL: "
                    + Redaction.mask(e.getMessage()));
        }
        if (uri.getHost() == null) {
            throw new InvalidOptionException(HOST, "'" + Redaction.mask(host) + "' is not a host name or address");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new InvalidOptionException(PATH, "'" + Redaction.mask(path) + "' does not make a valid URL with host "
                    + Redaction.mask(host) + "; give the path, and the query if needed, without a fragment");
        }
        return uri;
    }

    /**
     * Rejects a host that is really more of a URL: credentials ({@code user:pass@host}, which go in
     * {@code username} and {@code password}), a scheme, a path or a query, so that the error names {@code host}
     * rather than {@code path}, and never shows the password.
     */
    private static void checkHost(String host) {
        if (host.indexOf('@') >= 0) {
            throw new InvalidOptionException(HOST, "'" + Redaction.mask(host) + "' is not a host name: credentials"
                    + " go in the options username and password, not in the host");
        }
        if (host.contains("://") || host.indexOf('/') >= 0 || host.indexOf('?') >= 0 || host.indexOf('#') >= 0
                || host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidOptionException(HOST, "'" + Redaction.mask(host) + "' is not a host name or address;"
                    + " give the scheme through sslEnable and the path and query through the option path");
        }
    }

    private static Duration positive(String option, String text, Duration defaultValue) {
        if (text == null) {
            return defaultValue;
        }
        Duration value = OptionParsers.duration(option, text);
        if (value.isZero()) {
            throw new InvalidOptionException(option, "must be longer than 0");
        }
        return value;
    }

    private static Duration positiveOr(Duration value, Duration fallback) {
        return value.isZero() || value.isNegative() ? fallback : value;
    }
}
