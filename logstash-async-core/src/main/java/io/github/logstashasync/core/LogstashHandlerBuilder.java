package io.github.logstashasync.core;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.api.RateLimit;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.EventFormatter;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportProvider;
import io.github.logstashasync.core.internal.config.LoggingProperties;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Level;

/**
 * The options both handlers share: destination, transport, TLS, formatter, level. Every option can also be
 * set by name with {@link #option(String, String)}, with the names used in {@code logging.properties}.
 *
 * @param <B> the concrete builder
 */
public abstract class LogstashHandlerBuilder<B extends LogstashHandlerBuilder<B>> {

    /** Default {@code host}. */
    public static final String DEFAULT_HOST = "localhost";
    /** Default {@code port}, as in the seed's examples. */
    public static final int DEFAULT_PORT = 5959;
    /** Default {@code transport}. */
    public static final String DEFAULT_TRANSPORT = "tcp";

    /** The option names every handler understands, besides the transport's own. */
    static final Set<String> COMMON_OPTIONS = Set.of("host", "port", "transport", "enable", "encoding", "level",
            "filter", "formatter", "includeCallerData", "sslEnable", "sslVerify", "keyfile", "certfile", "caCerts",
            "keyPassword", "keyStore", "keyStorePassword", "keyStoreType", "trustStore", "trustStorePassword",
            "trustStoreType", "sslProtocols", "socketTimeout", "socketCloseWait", "beatsBatchSize",
            "errorLogRateLimit");

    String host = DEFAULT_HOST;
    int port = DEFAULT_PORT;
    String transportId = DEFAULT_TRANSPORT;
    TransportProvider transportProvider;
    Transport transport;
    final Map<String, String> transportOptions = new LinkedHashMap<>();
    final TlsSettings.Builder tls = TlsSettings.builder();
    boolean enable = true;
    Charset encoding = StandardCharsets.UTF_8;
    EventFormatter eventFormatter;
    Formatter formatter;
    Level level = Level.ALL;
    Filter filter;
    boolean includeCallerData;
    Duration socketTimeout = io.github.logstashasync.api.PipelineSettings.DEFAULT_SOCKET_TIMEOUT;
    Duration socketCloseWait = io.github.logstashasync.api.PipelineSettings.DEFAULT_SOCKET_CLOSE_WAIT;
    int beatsBatchSize = io.github.logstashasync.api.PipelineSettings.DEFAULT_BEATS_BATCH_SIZE;
    RateLimit errorLogRateLimit;

    LogstashHandlerBuilder() {
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /** Sets the receiver's host name or address (default {@value #DEFAULT_HOST}). */
    public B host(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidOptionException("host", "a host name or address is required");
        }
        host = value.trim();
        return self();
    }

    /** Sets the receiver's port (default {@value #DEFAULT_PORT}). */
    public B port(int value) {
        port = OptionParsers.checkRange("port", value, 1, 65_535);
        return self();
    }

    /** Chooses the transport by provider id: {@code tcp} (default), {@code udp}, {@code http}, {@code beats}, or a plugin's. */
    public B transport(String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidOptionException("transport", "a transport id is required, for example tcp");
        }
        transportId = id.trim().toLowerCase(java.util.Locale.ROOT);
        transportProvider = null;
        transport = null;
        return self();
    }

    /** Uses this provider instead of looking one up by id. */
    public B transport(TransportProvider provider) {
        transportProvider = Objects.requireNonNull(provider, "provider");
        transportId = provider.id();
        transport = null;
        return self();
    }

    /** Uses this transport instance as it is; host, port and TLS options are then not used. */
    public B transport(Transport instance) {
        transport = Objects.requireNonNull(instance, "transport");
        transportProvider = null;
        return self();
    }

    /** Sets an option of the transport, for example {@code path} or {@code username} for {@code http}. */
    public B transportOption(String name, String value) {
        if (name == null || name.isBlank()) {
            throw new InvalidOptionException("transportOption", "an option name is required");
        }
        if (value == null) {
            transportOptions.remove(name);
        } else {
            transportOptions.put(name, value);
        }
        return self();
    }

    /** Turns the handler on or off (seed {@code enable}); a disabled handler discards every record. */
    public B enable(boolean value) {
        enable = value;
        return self();
    }

    /** Sets the wire encoding (seed {@code encoding}, default UTF-8). */
    public B encoding(Charset value) {
        encoding = Objects.requireNonNull(value, "encoding");
        return self();
    }

    /** Sets the formatter that writes each event's JSON document (default {@link LogstashFormatter}). */
    public B formatter(EventFormatter value) {
        eventFormatter = Objects.requireNonNull(value, "formatter");
        formatter = value instanceof Formatter julFormatter ? julFormatter : null;
        return self();
    }

    /** Sets a {@link LogstashFormatter} (or a subclass) as the formatter; it is both kinds, so it needs its own overload. */
    public B formatter(LogstashFormatter value) {
        return formatter((EventFormatter) value);
    }

    /** Sets a {@link LogstashEcsFormatter} (or a subclass) as the formatter. */
    public B formatter(LogstashEcsFormatter value) {
        return formatter((EventFormatter) value);
    }

    /**
     * Sets a plain JUL formatter: its output, computed on the caller's thread, becomes the event's
     * {@code message}; the document is still written by the default {@link LogstashFormatter}.
     */
    public B formatter(Formatter value) {
        Objects.requireNonNull(value, "formatter");
        if (value instanceof EventFormatter event) {
            return formatter(event);
        }
        formatter = value;
        eventFormatter = null;
        return self();
    }

    /** Sets the handler's level (default ALL). */
    public B level(Level value) {
        level = Objects.requireNonNull(value, "level");
        return self();
    }

    /** Sets the handler's filter; may be null. */
    public B filter(Filter value) {
        filter = value;
        return self();
    }

    /** Whether to find the calling class, method, file and line of every call (a stack walk; off by default). */
    public B includeCallerData(boolean value) {
        includeCallerData = value;
        return self();
    }

    /** Turns TLS on (seed {@code ssl_enable}). Needs the module {@code io.github.logstashasync.transport.ssl}. */
    public B sslEnable(boolean value) {
        tls.enabled(value);
        return self();
    }

    /** Whether the server's certificate chain and host name are checked (seed {@code ssl_verify}, default true). */
    public B sslVerify(boolean value) {
        tls.verify(value);
        return self();
    }

    /** Sets the PEM private key of the client certificate (seed {@code keyfile}). */
    public B keyfile(Path value) {
        tls.keyfile(value);
        return self();
    }

    /** Sets the PEM client certificate with its chain (seed {@code certfile}). */
    public B certfile(Path value) {
        tls.certfile(value);
        return self();
    }

    /** Sets the PEM bundle of trusted certificate authorities (seed {@code ca_certs}). */
    public B caCerts(Path value) {
        tls.caCerts(value);
        return self();
    }

    /** Sets all TLS settings at once. */
    public B tls(TlsSettings value) {
        tls.enabled(value.enabled()).verify(value.verify()).keyfile(value.keyfile()).certfile(value.certfile())
                .caCerts(value.caCerts()).keyPassword(value.keyPassword()).keyStore(value.keyStore())
                .keyStorePassword(value.keyStorePassword()).keyStoreType(value.keyStoreType())
                .trustStore(value.trustStore()).trustStorePassword(value.trustStorePassword())
                .trustStoreType(value.trustStoreType()).protocols(value.protocols());
        return self();
    }

    /** Sets the connect and write timeout (seed {@code SOCKET_TIMEOUT}, default 5 s). */
    public B socketTimeout(Duration value) {
        socketTimeout = value;
        return self();
    }

    /** Sets how long closing a connection waits for unsent bytes (seed {@code SOCKET_CLOSE_WAIT}, default 30 s). */
    public B socketCloseWait(Duration value) {
        socketCloseWait = value;
        return self();
    }

    /** Sets the events per Beats window (seed {@code QUEUED_EVENTS_BEATS_BATCH_SIZE}, default 25). */
    public B beatsBatchSize(int value) {
        beatsBatchSize = value;
        return self();
    }

    /** Limits the library's own error messages per kind (seed {@code ERROR_LOG_RATE_LIMIT}); null is off. */
    public B errorLogRateLimit(RateLimit value) {
        errorLogRateLimit = value;
        return self();
    }

    /**
     * Sets an option by the name it has in {@code logging.properties}, parsing {@code value} as there.
     *
     * @throws InvalidOptionException naming the option when the name is unknown or the value invalid
     */
    public B option(String name, String value) {
        if (!applyCommon(name, value) && !applySpecific(name, value)) {
            transportOption(name, value);
        }
        return self();
    }

    /** Applies a builder-specific option; returns false when the name is not one of them. */
    abstract boolean applySpecific(String name, String value);

    /** The option names this builder understands, besides the transport's own. */
    abstract Set<String> optionNames();

    private boolean applyCommon(String name, String value) {
        switch (name) {
            case "host" -> host(value);
            case "port" -> port(OptionParsers.port(name, value));
            case "transport" -> transport(value);
            case "enable" -> enable(OptionParsers.bool(name, value));
            case "encoding" -> encoding(OptionParsers.charset(name, value));
            case "level" -> level(parseLevel(value));
            case "filter" -> filter(HandlerSupport.instantiate(name, value, Filter.class));
            case "formatter" -> formatter(HandlerSupport.instantiate(name, value, Formatter.class));
            case "includeCallerData" -> includeCallerData(OptionParsers.bool(name, value));
            case "sslEnable" -> sslEnable(OptionParsers.bool(name, value));
            case "sslVerify" -> sslVerify(OptionParsers.bool(name, value));
            case "keyfile" -> keyfile(path(name, value));
            case "certfile" -> certfile(path(name, value));
            case "caCerts" -> caCerts(path(name, value));
            case "keyPassword" -> tls.keyPassword(value);
            case "keyStore" -> tls.keyStore(path(name, value));
            case "keyStorePassword" -> tls.keyStorePassword(value);
            case "keyStoreType" -> tls.keyStoreType(value);
            case "trustStore" -> tls.trustStore(path(name, value));
            case "trustStorePassword" -> tls.trustStorePassword(value);
            case "trustStoreType" -> tls.trustStoreType(value);
            case "sslProtocols" -> tls.protocols(OptionParsers.list(value));
            case "socketTimeout" -> socketTimeout(OptionParsers.duration(name, value));
            case "socketCloseWait" -> socketCloseWait(OptionParsers.duration(name, value));
            case "beatsBatchSize" -> beatsBatchSize(OptionParsers.integer(name, value, 1, 1_000_000));
            case "errorLogRateLimit" -> errorLogRateLimit(RateLimit.parse(name, value));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Reads every known option, and the transport's own options, from {@code properties}. */
    final void read(LoggingProperties properties) {
        Set<String> names = new TreeSet<>(COMMON_OPTIONS);
        names.addAll(optionNames());
        // the transport decides which of its own options exist, so it is read first
        String id = properties.string("transport");
        if (id != null) {
            transport(id);
        }
        for (String name : names) {
            String value = properties.string(name);
            if (value != null && !name.equals("transport")) {
                try {
                    option(name, value);
                } catch (InvalidOptionException e) {
                    throw new InvalidOptionException(properties.key(name), e.detail());
                }
            }
        }
        for (String name : HandlerSupport.providerOptionNames(this)) {
            String value = properties.string(name);
            if (value != null) {
                transportOption(name, value);
            }
        }
    }

    /** The settings handed to the transport provider. */
    final TransportSettings transportSettings() {
        return new TransportSettings(host, port, encoding, socketTimeout, socketCloseWait, beatsBatchSize, tls.build(),
                transportOptions);
    }

    static Level parseLevel(String value) {
        try {
            return Level.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("level", "'" + value + "' is not a level; use SEVERE, WARNING, INFO, CONFIG, "
                    + "FINE, FINER, FINEST, ALL or OFF");
        }
    }

    private static Path path(String name, String value) {
        try {
            return Path.of(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException(name, "'" + value + "' is not a valid path");
        }
    }

    static List<String> sorted(Set<String> names) {
        return List.copyOf(new TreeSet<>(names));
    }
}
