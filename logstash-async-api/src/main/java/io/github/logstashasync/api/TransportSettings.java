package io.github.logstashasync.api;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link io.github.logstashasync.api.spi.TransportProvider} needs to create a transport: where to send,
 * the timeouts, TLS, and the provider's own options (for example {@code path} or {@code username} for
 * {@code http}) as text, which the provider parses with {@link OptionParsers}.
 *
 * @param host            the receiver's host name or address; never null
 * @param port            the receiver's port, 1 to 65535
 * @param charset         the encoding of the wire format (seed {@code encoding}), UTF-8 by default
 * @param socketTimeout   connect, write and read timeout
 * @param socketCloseWait how long a close waits for unsent bytes
 * @param beatsBatchSize  events per Beats window
 * @param tls             TLS settings; never null ({@link TlsSettings#DISABLED} when off)
 * @param options         the provider's own options; keys are case-sensitive option names
 */
public record TransportSettings(
        String host,
        int port,
        Charset charset,
        Duration socketTimeout,
        Duration socketCloseWait,
        int beatsBatchSize,
        TlsSettings tls,
        Map<String, String> options) {

    /** Checks the components. */
    public TransportSettings {
        if (host == null || host.isBlank()) {
            throw new InvalidOptionException("host", "a host name or address is required");
        }
        OptionParsers.checkRange("port", port, 1, 65_535);
        charset = charset == null ? StandardCharsets.UTF_8 : charset;
        socketTimeout = socketTimeout == null ? PipelineSettings.DEFAULT_SOCKET_TIMEOUT : socketTimeout;
        socketCloseWait = socketCloseWait == null ? PipelineSettings.DEFAULT_SOCKET_CLOSE_WAIT : socketCloseWait;
        OptionParsers.checkRange("beatsBatchSize", beatsBatchSize, 1, 1_000_000);
        tls = tls == null ? TlsSettings.DISABLED : tls;
        options = options == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(options));
    }

    /** Returns settings for {@code host:port} with every default and no provider options. */
    public static TransportSettings of(String host, int port) {
        return new TransportSettings(host, port, null, null, null, PipelineSettings.DEFAULT_BEATS_BATCH_SIZE, null,
                null);
    }

    /** Returns a copy with TLS settings replaced. */
    public TransportSettings withTls(TlsSettings value) {
        return new TransportSettings(host, port, charset, socketTimeout, socketCloseWait, beatsBatchSize, value, options);
    }

    /** Returns a copy with provider options replaced. */
    public TransportSettings withOptions(Map<String, String> value) {
        return new TransportSettings(host, port, charset, socketTimeout, socketCloseWait, beatsBatchSize, tls, value);
    }

    /** Returns the provider option {@code name}, or {@code defaultValue} when it is not set. */
    public String option(String name, String defaultValue) {
        String value = options.get(name);
        return value == null ? defaultValue : value;
    }

    /**
     * Whether an option name holds a secret that must never be printed: a password, secret or token, a JAAS
     * configuration (Kafka's {@code sasl.jaas.config} holds the password inline) or a private key in PEM
     * ({@code ssl.keystore.key}).
     */
    public static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("token")
                || lower.contains("jaas") || lower.endsWith("keystore.key");
    }

    @Override
    public String toString() {
        StringBuilder shown = new StringBuilder("{");
        options.forEach((k, v) -> {
            if (shown.length() > 1) {
                shown.append(", ");
            }
            shown.append(k).append('=').append(isSecret(k) ? "******" : v);
        });
        shown.append('}');
        return "TransportSettings[host=" + host + ", port=" + port + ", charset=" + charset + ", socketTimeout="
                + socketTimeout + ", socketCloseWait=" + socketCloseWait + ", beatsBatchSize=" + beatsBatchSize
                + ", tls=" + tls + ", options=" + shown + "]";
    }
}
