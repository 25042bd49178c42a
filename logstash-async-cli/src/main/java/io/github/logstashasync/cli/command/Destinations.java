package io.github.logstashasync.cli.command;

import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import io.github.logstashasync.core.LogstashHandlerBuilder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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
