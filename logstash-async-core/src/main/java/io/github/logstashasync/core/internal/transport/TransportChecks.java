package io.github.logstashasync.core.internal.transport;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.TlsProvider;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/** Checks that transport providers share: TLS availability, known option names, usable timeouts. */
public final class TransportChecks {

    /** The module that provides TLS. */
    public static final String SSL_MODULE = "io.github.logstashasync.transport.ssl";
    /** Its artifact. */
    public static final String SSL_ARTIFACT = "logstash-async-transport-ssl";

    private static final Duration MAX_MILLIS = Duration.ofMillis(Integer.MAX_VALUE);
    private static final Duration CENTURY = Duration.ofDays(36_525);

    private TransportChecks() {
    }

    /**
     * Returns the TLS provider when {@code settings} enable TLS, null when they do not.
     *
     * @throws InvalidOptionException naming {@code sslEnable} when TLS is enabled but no provider is installed
     */
    public static TlsProvider requireTls(TransportSettings settings, TlsProvider tls) {
        if (!settings.tls().enabled()) {
            return null;
        }
        if (tls == null) {
            throw new InvalidOptionException("sslEnable", "TLS needs the module " + SSL_MODULE + " (artifact "
                    + SSL_ARTIFACT + ") on the module or class path");
        }
        return tls;
    }

    /** The error for {@code sslEnable=true} on a transport that has no TLS. */
    public static InvalidOptionException tlsUnsupported(String transportId) {
        return new InvalidOptionException("sslEnable", "transport '" + transportId
                + "' does not support TLS; use tcp, beats or http for TLS");
    }

    /**
     * Rejects provider options that {@code transportId} does not know, so that a misspelt option is not ignored.
     *
     * @throws InvalidOptionException naming the first unknown option and listing the known ones
     */
    public static void checkOptionNames(String transportId, TransportSettings settings, Set<String> known) {
        for (String name : settings.options().keySet()) {
            if (!known.contains(name)) {
                String list = known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known));
                throw new InvalidOptionException(name, "transport '" + transportId
                        + "' has no such option; its own options: " + list);
            }
        }
    }

    /**
     * Checks that {@code socketTimeout} is positive and {@code socketCloseWait} not negative.
     *
     * @throws InvalidOptionException naming the offending option
     */
    public static void checkTimeouts(TransportSettings settings) {
        if (settings.socketTimeout().isNegative() || settings.socketTimeout().isZero()) {
            throw new InvalidOptionException("socketTimeout", settings.socketTimeout() + " must be positive");
        }
        if (settings.socketCloseWait().isNegative()) {
            throw new InvalidOptionException("socketCloseWait", settings.socketCloseWait() + " must not be negative");
        }
    }

    /** Converts a timeout to nanoseconds, capped at a century so that adding it to {@code System.nanoTime()} cannot overflow. */
    public static long nanos(Duration timeout) {
        return timeout.compareTo(CENTURY) >= 0 ? CENTURY.toNanos() : timeout.toNanos();
    }

    /** Converts a timeout to whole milliseconds for socket options: at least 1, at most {@code Integer.MAX_VALUE}. */
    public static int millis(Duration timeout) {
        if (timeout.compareTo(MAX_MILLIS) >= 0) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.max(1, timeout.toMillis());
    }
}
