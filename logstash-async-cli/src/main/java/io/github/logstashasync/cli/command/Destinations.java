package io.github.logstashasync.cli.command;

import io.github.logstashasync.api.ConnectionStrategy;
import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import io.github.logstashasync.core.LogstashHandlerBuilder;
import io.github.logstashasync.core.internal.transport.Destination;
import io.github.logstashasync.core.internal.transport.DestinationSettings;
import io.github.logstashasync.core.internal.transport.MultiDestinationTransport;
import io.github.logstashasync.core.internal.transport.TransportRegistry;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Turns the destination, TLS and transport flags into what a transport provider takes, for the commands that
 * send through a transport directly instead of through a handler ({@code queue flush}). Same names, same parsing,
 * same defaults as the handler's builder.
 */
final class Destinations {

    private Destinations() {
    }

    /** The transport id in {@code values}, or the handler's default. */
    static String transportId(Map<String, String> values) {
        String id = values.get("transport");
        return id == null ? LogstashHandlerBuilder.DEFAULT_TRANSPORT : id.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Builds the settings.
     *
     * @param values option name to text, from {@link HandlerFlags#values}
     * @param flags  tells which values are the transport's own options
     * @throws io.github.logstashasync.api.InvalidOptionException naming an invalid option
     */
    static TransportSettings settings(Map<String, String> values, HandlerFlags flags) {
        String host = values.getOrDefault("host", LogstashHandlerBuilder.DEFAULT_HOST);
        int port = values.containsKey("port") ? OptionParsers.port("port", values.get("port"))
                : LogstashHandlerBuilder.DEFAULT_PORT;
        Charset charset = values.containsKey("encoding") ? OptionParsers.charset("encoding", values.get("encoding"))
                : StandardCharsets.UTF_8;
        Duration socketTimeout = duration(values, "socketTimeout", PipelineSettings.DEFAULT_SOCKET_TIMEOUT);
        Duration socketCloseWait = duration(values, "socketCloseWait", PipelineSettings.DEFAULT_SOCKET_CLOSE_WAIT);
        int beatsBatchSize = values.containsKey("beatsBatchSize")
                ? OptionParsers.integer("beatsBatchSize", values.get("beatsBatchSize"), 1, 1_000_000)
                : PipelineSettings.DEFAULT_BEATS_BATCH_SIZE;
        Map<String, String> options = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (flags.isTransportOption(name)) {
                options.put(name, value);
            }
        });
        return new TransportSettings(host, port, charset, socketTimeout, socketCloseWait, beatsBatchSize, tls(values),
                options);
    }

    /** The TLS settings in {@code values}. */
    static TlsSettings tls(Map<String, String> values) {
        TlsSettings.Builder tls = TlsSettings.builder();
        if (values.containsKey("sslEnable")) {
            tls.enabled(OptionParsers.bool("sslEnable", values.get("sslEnable")));
        }
        if (values.containsKey("sslVerify")) {
            tls.verify(OptionParsers.bool("sslVerify", values.get("sslVerify")));
        }
        tls.keyfile(path(values, "keyfile")).certfile(path(values, "certfile")).caCerts(path(values, "caCerts"))
                .keyPassword(values.get("keyPassword")).keyStore(path(values, "keyStore"))
                .keyStorePassword(values.get("keyStorePassword")).keyStoreType(values.get("keyStoreType"))
                .trustStore(path(values, "trustStore")).trustStorePassword(values.get("trustStorePassword"))
                .trustStoreType(values.get("trustStoreType"));
        if (values.containsKey("sslProtocols")) {
            tls.protocols(OptionParsers.list(values.get("sslProtocols")));
        }
        return tls.build();
    }

    /**
     * Creates the transport the values describe: one of {@code registry}'s, or with {@code destinations} (or
     * {@code resolveAll}) one over several destinations, each with its own back-off between
     * {@code retryInitialDelay} and {@code retryMaxDelay}.
     *
     * @throws io.github.logstashasync.api.InvalidOptionException naming an invalid option
     */
    static Transport transport(TransportRegistry registry, Map<String, String> values, TransportSettings settings,
            Duration retryInitialDelay, Duration retryMaxDelay, BiConsumer<String, Throwable> reporter) {
        String id = transportId(values);
        String list = values.get("destinations");
        boolean resolveAll = values.containsKey("resolveAll") && OptionParsers.bool("resolveAll", values.get("resolveAll"));
        if (list == null && !resolveAll) {
            return registry.create(id, settings);
        }
        if (list != null && (values.containsKey("host") || values.containsKey("port"))) {
            throw new InvalidOptionException(Destination.OPTION, "cannot be combined with host or port; give every"
                    + " receiver with --destination, or only --host and --port");
        }
        List<Destination> destinations = list != null ? Destination.parseAll(Destination.OPTION, OptionParsers.list(list))
                : List.of(Destination.of(settings.host(), settings.port()));
        ConnectionStrategy strategy = values.containsKey("connectionStrategy")
                ? OptionParsers.enumValue("connectionStrategy", values.get("connectionStrategy"), ConnectionStrategy.class)
                : LogstashHandlerBuilder.DEFAULT_CONNECTION_STRATEGY;
        Duration ttl = LogstashHandlerBuilder.DEFAULT_SECONDARY_CONNECTION_TTL;
        String ttlText = values.get("secondaryConnectionTtl");
        if (ttlText != null) {
            ttl = ttlText.trim().equalsIgnoreCase("off") ? null : OptionParsers.duration("secondaryConnectionTtl", ttlText);
        }
        Integer rotateEvery = values.containsKey("rotateEvery") ? OptionParsers.integer("rotateEvery",
                values.get("rotateEvery"), 1, DestinationSettings.MAX_ROTATE_EVERY) : null;
        Duration rotateInterval = DestinationSettings.effectiveRotateInterval(values.containsKey("rotateInterval"),
                offOrDuration(values, "rotateInterval", null), rotateEvery != null,
                LogstashHandlerBuilder.DEFAULT_ROTATE_INTERVAL);
        Duration resolveInterval = offOrDuration(values, "resolveInterval", LogstashHandlerBuilder.DEFAULT_RESOLVE_INTERVAL);
        DestinationSettings options = new DestinationSettings(destinations, strategy, ttl,
                DestinationSettings.effectiveRotateEvery(rotateEvery, rotateInterval),
                DestinationSettings.checkRotateInterval(rotateInterval), resolveAll,
                DestinationSettings.checkResolveInterval(resolveInterval), retryInitialDelay, retryMaxDelay);
        return MultiDestinationTransport.create(registry.provider(id), registry.tlsProvider(), settings, options, reporter);
    }

    /** The duration option {@code name}: {@code off} is null, absent is {@code fallback}. */
    private static Duration offOrDuration(Map<String, String> values, String name, Duration fallback) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        return text.trim().equalsIgnoreCase("off") ? null : OptionParsers.duration(name, text);
    }

    /** Where events go, for the summary line: {@code tcp://host:port}, or the destinations. */
    static String describe(Map<String, String> values) {
        String list = values.get("destinations");
        if (list != null) {
            return transportId(values) + " to " + String.join(", ", OptionParsers.list(list));
        }
        return transportId(values) + "://" + values.getOrDefault("host", LogstashHandlerBuilder.DEFAULT_HOST) + ":"
                + values.getOrDefault("port", Integer.toString(LogstashHandlerBuilder.DEFAULT_PORT));
    }

    /** Applies every value to a handler builder, by option name. */
    static void apply(AsynchronousLogstashHandler.Builder builder, Map<String, String> values, HandlerFlags flags) {
        values.forEach((name, value) -> {
            if (flags.isTransportOption(name)) {
                builder.transportOption(name, value);
            } else {
                builder.option(name, value);
            }
        });
    }

    private static Duration duration(Map<String, String> values, String name, Duration defaultValue) {
        return values.containsKey(name) ? OptionParsers.duration(name, values.get(name)) : defaultValue;
    }

    private static Path path(Map<String, String> values, String name) {
        String value = values.get(name);
        return value == null ? null : Path.of(value.trim());
    }
}
