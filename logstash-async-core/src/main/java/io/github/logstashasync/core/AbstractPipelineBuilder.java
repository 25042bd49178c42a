package io.github.logstashasync.core;

import io.github.logstashasync.api.ConnectionStrategy;
import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.api.OverflowPolicy;
import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.RateLimit;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.EventFormatter;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportProvider;
import io.github.logstashasync.core.internal.config.LoggingProperties;
import io.github.logstashasync.core.internal.transport.Destination;
import io.github.logstashasync.core.internal.transport.DestinationSettings;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options every front-end of a {@link LogstashPipeline} shares: destination, transport, TLS, the document's
 * formatter and the queue. Every option can also be set by name with {@link #option(String, String)}, with the
 * names used in {@code logging.properties}, {@code logback.xml} and {@code log4j2.xml}.
 *
 * @param <B> the concrete builder
 */
public abstract class AbstractPipelineBuilder<B extends AbstractPipelineBuilder<B>> {

    /** Default {@code host}. */
    public static final String DEFAULT_HOST = "localhost";
    /** Default {@code port}, as in the seed's examples. */
    public static final int DEFAULT_PORT = 5959;
    /** Default {@code transport}. */
    public static final String DEFAULT_TRANSPORT = "tcp";
    /** Default {@code connectionStrategy} of several destinations: {@link ConnectionStrategy#FAILOVER}. */
    public static final ConnectionStrategy DEFAULT_CONNECTION_STRATEGY = ConnectionStrategy.FAILOVER;
    /**
     * Default {@code secondaryConnectionTtl}: 5 min, after which batches that went to a later destination go to the
     * first one again (logstash-logback-encoder has no default: it stays on the later one until that fails).
     */
    public static final Duration DEFAULT_SECONDARY_CONNECTION_TTL = Duration.ofMinutes(5);
    /** Default {@code rotateEvery}: every batch goes to the next destination under round-robin. */
    public static final int DEFAULT_ROTATE_EVERY = 1;
    /** Default {@code rotateInterval}: none, turns are counted in batches ({@code rotateEvery}) alone. */
    public static final Duration DEFAULT_ROTATE_INTERVAL = null;
    /**
     * Default {@code resolveInterval}: 30 s, the JDK's own cache time of a name it resolved
     * ({@code networkaddress.cache.ttl}); shorter finds nothing new unless that cache time is shorter too.
     */
    public static final Duration DEFAULT_RESOLVE_INTERVAL = Duration.ofSeconds(30);

    /** The option names of the destination, transport and TLS, besides the transport's own. */
    static final Set<String> COMMON_OPTIONS = Set.of("host", "port", "destinations", "connectionStrategy",
            "secondaryConnectionTtl", "rotateEvery", "rotateInterval", "resolveAll", "resolveInterval", "transport",
            "enable", "encoding",
            "sslEnable", "sslVerify", "keyfile", "certfile", "caCerts",
            "keyPassword", "keyStore", "keyStorePassword", "keyStoreType", "trustStore", "trustStorePassword",
            "trustStoreType", "sslProtocols", "socketTimeout", "socketCloseWait", "beatsBatchSize",
            "errorLogRateLimit");
    /**
     * The options of the default formatters ({@link LogstashFormatter}, and {@link LogstashEcsFormatter} with
     * {@code ecs=true}), used when no formatter instance is set.
     */
    static final Set<String> FORMATTER_OPTIONS = Set.of("messageType", "tags", "fqdn", "extraPrefix", "extra",
            "ensureAscii", "metadata", "includeStackTrace", "maxStackTraceLength", "ecs");
    /** The options of the queue and the worker. */
    static final Set<String> PIPELINE_OPTIONS = Set.of("databasePath", "eventTtl", "queueCheckInterval",
            "flushInterval", "flushCount", "batchSize", "databaseChunkSize", "databaseTimeout", "vacuumOnShutdown",
            "bufferSize", "overflowPolicy", "blockTimeout", "memoryQueueCapacity", "claimLease",
            "retryInitialDelay", "retryMaxDelay", "shutdownTimeout", "databaseMaxSize",
            "failedEventTtl");

    String host = DEFAULT_HOST;
    int port = DEFAULT_PORT;
    /** Whether host or port was set: they cannot be combined with {@link #destinations}. */
    boolean hostOrPortSet;
    /** The destinations, parsed; null when not set (then host and port are the one destination). */
    List<Destination> destinations;
    ConnectionStrategy connectionStrategy = DEFAULT_CONNECTION_STRATEGY;
    Duration secondaryConnectionTtl = DEFAULT_SECONDARY_CONNECTION_TTL;
    int rotateEvery = DEFAULT_ROTATE_EVERY;
    /** Whether rotateEvery was set: with only rotateInterval set, turns are counted in time alone. */
    boolean rotateEverySet;
    /** The rotateInterval set, or null; {@link #rotateIntervalSet} says whether it was set (null is "off"). */
    Duration rotateInterval;
    boolean rotateIntervalSet;
    boolean resolveAll;
    Duration resolveInterval = DEFAULT_RESOLVE_INTERVAL;
    String transportId = DEFAULT_TRANSPORT;
    TransportProvider transportProvider;
    Transport transport;
    final Map<String, String> transportOptions = new LinkedHashMap<>();
    final TlsSettings.Builder tls = TlsSettings.builder();
    boolean enable = true;
    Charset encoding = StandardCharsets.UTF_8;
    EventFormatter eventFormatter;
    /** Options of the default formatter by name, as given; read when the pipeline is built. */
    final Map<String, String> formatterOptions = new LinkedHashMap<>();
    Duration socketTimeout = PipelineSettings.DEFAULT_SOCKET_TIMEOUT;
    Duration socketCloseWait = PipelineSettings.DEFAULT_SOCKET_CLOSE_WAIT;
    int beatsBatchSize = PipelineSettings.DEFAULT_BEATS_BATCH_SIZE;
    RateLimit errorLogRateLimit;
    final PipelineSettings.Builder pipeline = PipelineSettings.builder();
    Path databasePath;
    /** The queue options set, for a front-end without a queue to refuse. */
    final Set<String> touchedPipelineOptions = new TreeSet<>();
    final List<PipelineListener> listeners = new ArrayList<>();

    AbstractPipelineBuilder() {
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
        hostOrPortSet = true;
        return self();
    }

    /** Sets the receiver's port (default {@value #DEFAULT_PORT}). */
    public B port(int value) {
        port = OptionParsers.checkRange("port", value, 1, 65_535);
        hostOrPortSet = true;
        return self();
    }

    /**
     * Sets several receivers instead of one {@code host} and {@code port}: each {@code host:port},
     * {@code [IPv6]:port}, or for {@code http} a URL ({@code http://host:port/path}, {@code https://...} with
     * {@code sslEnable}). Each has its own connection, back-off and counters; {@code connectionStrategy} picks the
     * one of each batch, and a batch whose destination fails goes on to the next. Cannot be combined with
     * {@code host} or {@code port}.
     *
     * @throws InvalidOptionException naming {@code destinations} for an empty list or a malformed entry
     */
    public B destinations(List<String> entries) {
        destinations = Destination.parseAll(Destination.OPTION, entries);
        return self();
    }

    /** Sets the destinations; see {@link #destinations(List)}. */
    public B destinations(String... entries) {
        return destinations(entries == null ? List.of() : java.util.Arrays.asList(entries));
    }

    /**
     * Sets how the destination of each batch is picked (default {@link ConnectionStrategy#FAILOVER}): the first
     * one not backing off, in order ({@code failover}), each in turn every {@code rotateEvery} batches
     * ({@code round-robin}), or one at random every {@code rotateEvery} batches ({@code random}).
     */
    public B connectionStrategy(ConnectionStrategy value) {
        connectionStrategy = Objects.requireNonNull(value, "connectionStrategy");
        return self();
    }

    /**
     * Under {@code failover}, how long batches keep going to a later destination before the first one is tried
     * again (default 5 min); null: until the later one fails.
     */
    public B secondaryConnectionTtl(Duration value) {
        secondaryConnectionTtl = DestinationSettings.checkTtl(value);
        return self();
    }

    /**
     * Under {@code round-robin} and {@code random}, how many batches go to one destination before the next (default
     * 1; with only {@link #rotateInterval(Duration)} set, no limit).
     */
    public B rotateEvery(int batches) {
        rotateEvery = DestinationSettings.checkRotateEvery(batches);
        rotateEverySet = true;
        return self();
    }

    /**
     * Under {@code round-robin} and {@code random}, how long one destination gets the batches before the next
     * (default null: no limit); with {@code rotateEvery} too, whichever comes first.
     *
     * @throws InvalidOptionException naming {@code rotateInterval} for a duration that is not positive
     */
    public B rotateInterval(Duration value) {
        rotateInterval = DestinationSettings.checkRotateInterval(value);
        rotateIntervalSet = true;
        return self();
    }

    /**
     * Whether each address a destination's host name resolves to is a destination of its own (default false). The
     * names are resolved when the pipeline is built; one that does not resolve then fails naming
     * {@code destinations}. Not with TLS host name verification ({@code sslVerify}).
     */
    public B resolveAll(boolean value) {
        resolveAll = value;
        return self();
    }

    /**
     * With {@code resolveAll}, how often each name is resolved again (default 30 s; and after one of its addresses
     * failed, at most once a second): a new address gets a destination, one that is gone stops getting batches, and
     * a name that stops resolving keeps its last known addresses and is reported. Null: resolved only when the
     * pipeline is built.
     *
     * @throws InvalidOptionException naming {@code resolveInterval} for less than 100 ms
     */
    public B resolveInterval(Duration value) {
        resolveInterval = DestinationSettings.checkResolveInterval(value);
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

    /** Turns the shipper on or off (seed {@code enable}); a disabled one discards every event. */
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
        return self();
    }

    /**
     * Sets an option of the default formatter by its name ({@code messageType}, {@code tags}, {@code fqdn},
     * {@code extraPrefix}, {@code extra}, {@code ensureAscii}, {@code metadata}, {@code includeStackTrace}, and
     * {@code ecs} to write Elastic Common Schema fields), parsed as in {@code logging.properties}; checked when
     * the pipeline is built. Cannot be combined with {@link #formatter(EventFormatter)}.
     */
    public B formatterOption(String name, String value) {
        if (!FORMATTER_OPTIONS.contains(name)) {
            throw new InvalidOptionException(name, "not a formatter option; they are " + sorted(FORMATTER_OPTIONS));
        }
        if (value == null) {
            formatterOptions.remove(name);
        } else {
            formatterOptions.put(name, value);
        }
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

    /** Sets the SQLite database that keeps events across restarts (seed {@code database_path}); null: memory queue. */
    public B databasePath(Path value) {
        touched("databasePath");
        databasePath = value;
        return self();
    }

    /** Sets the age after which queued events expire instead of being sent (seed {@code event_ttl}); null: never. */
    public B eventTtl(Duration value) {
        touched("eventTtl");
        pipeline.eventTtl(value);
        return self();
    }

    /**
     * Caps the bytes the SQLite queue's events may take (its pages in use), 0 for no cap (the default): at the cap
     * the queue takes no more until the sender has made room, and the log calls meet the overflow policy, as with
     * a full memory queue (every drop counted and reported). At least 64 KiB; checked before each write, so the
     * database can pass it by one group of events.
     */
    public B databaseMaxSize(long bytes) {
        touched("databaseMaxSize");
        pipeline.databaseMaxSize(bytes);
        return self();
    }

    /**
     * Sets the age after which failed events (rejected for good by the receiver, kept in the SQLite queue's failed
     * table for {@code queue requeue}) are deleted, each deletion reported; null (the default) keeps them.
     */
    public B failedEventTtl(Duration value) {
        touched("failedEventTtl");
        pipeline.failedEventTtl(value);
        return self();
    }

    /** Sets how often an idle worker checks the queue (seed {@code QUEUE_CHECK_INTERVAL}, default 2 s). */
    public B queueCheckInterval(Duration value) {
        touched("queueCheckInterval");
        pipeline.queueCheckInterval(value);
        return self();
    }

    /** Sets the longest time between flushes (seed {@code QUEUED_EVENTS_FLUSH_INTERVAL}, default 10 s). */
    public B flushInterval(Duration value) {
        touched("flushInterval");
        pipeline.flushInterval(value);
        return self();
    }

    /** Sets how many queued events trigger a flush (seed {@code QUEUED_EVENTS_FLUSH_COUNT}, default 50). */
    public B flushCount(int value) {
        touched("flushCount");
        pipeline.flushCount(value);
        return self();
    }

    /** Sets how many events are handed to the transport at once (seed {@code QUEUED_EVENTS_BATCH_SIZE}, default 50). */
    public B batchSize(int value) {
        touched("batchSize");
        pipeline.batchSize(value);
        return self();
    }

    /** Sets rows per SQL statement (seed {@code DATABASE_EVENT_CHUNK_SIZE}, default 750). */
    public B databaseChunkSize(int value) {
        touched("databaseChunkSize");
        pipeline.databaseChunkSize(value);
        return self();
    }

    /** Sets how long SQLite waits for another process's lock (seed {@code DATABASE_TIMEOUT}, default 5 s). */
    public B databaseTimeout(Duration value) {
        touched("databaseTimeout");
        pipeline.databaseTimeout(value);
        return self();
    }

    /** Whether to compact the database on close (seed {@code DATABASE_VACUUM_ON_SHUTDOWN}, default false). */
    public B vacuumOnShutdown(boolean value) {
        touched("vacuumOnShutdown");
        pipeline.vacuumOnShutdown(value);
        return self();
    }

    /** Sets the capacity of the hand-off buffer in events (default 8192). */
    public B bufferSize(int value) {
        touched("bufferSize");
        pipeline.bufferSize(value);
        return self();
    }

    /** Sets what a log call does when the buffer is full (default {@link OverflowPolicy#BLOCK}). */
    public B overflowPolicy(OverflowPolicy value) {
        touched("overflowPolicy");
        pipeline.overflowPolicy(value);
        return self();
    }

    /**
     * Sets the longest a log call waits for room under {@link OverflowPolicy#BLOCK} (default 5 s; then the event
     * is dropped, counted and reported); {@link PipelineSettings#BLOCK_FOREVER} ({@code forever}) never drops.
     */
    public B blockTimeout(Duration value) {
        touched("blockTimeout");
        pipeline.blockTimeout(value);
        return self();
    }

    /** Sets how many events the memory queue holds (default 100,000); more are dropped and counted. */
    public B memoryQueueCapacity(int value) {
        touched("memoryQueueCapacity");
        pipeline.memoryQueueCapacity(value);
        return self();
    }

    /** Sets how long a claimed batch stays claimed before it may be sent again (default 2 min). */
    public B claimLease(Duration value) {
        touched("claimLease");
        pipeline.claimLease(value);
        return self();
    }

    /** Sets the first back-off after a failed send (default 200 ms). */
    public B retryInitialDelay(Duration value) {
        touched("retryInitialDelay");
        pipeline.retryInitialDelay(value);
        return self();
    }

    /** Sets the longest back-off between retries (default 30 s). */
    public B retryMaxDelay(Duration value) {
        touched("retryMaxDelay");
        pipeline.retryMaxDelay(value);
        return self();
    }

    /** Sets the longest {@code close()} spends sending what is queued (default 10 s). */
    public B shutdownTimeout(Duration value) {
        touched("shutdownTimeout");
        pipeline.shutdownTimeout(value);
        return self();
    }

    /** Sets every pipeline setting at once; socket and error-log settings come from this builder. */
    public B pipeline(PipelineSettings value) {
        touched("pipeline");
        pipeline.queueCheckInterval(value.queueCheckInterval()).flushInterval(value.flushInterval())
                .flushCount(value.flushCount()).batchSize(value.batchSize())
                .databaseChunkSize(value.databaseChunkSize()).databaseTimeout(value.databaseTimeout())
                .vacuumOnShutdown(value.vacuumOnShutdown()).bufferSize(value.bufferSize())
                .overflowPolicy(value.overflowPolicy()).blockTimeout(value.blockTimeout())
                .memoryQueueCapacity(value.memoryQueueCapacity()).claimLease(value.claimLease())
                .retryInitialDelay(value.retryInitialDelay()).retryMaxDelay(value.retryMaxDelay())
                .shutdownTimeout(value.shutdownTimeout()).eventTtl(value.eventTtl())
                .databaseMaxSize(value.databaseMaxSize()).failedEventTtl(value.failedEventTtl());
        socketTimeout(value.socketTimeout());
        socketCloseWait(value.socketCloseWait());
        beatsBatchSize(value.beatsBatchSize());
        errorLogRateLimit(value.errorLogRateLimit());
        return self();
    }

    /** Adds a listener of the pipeline's events: accepted, dropped, persisted, sent, failed, expired, closed. */
    public B listener(PipelineListener value) {
        listeners.add(Objects.requireNonNull(value, "listener"));
        return self();
    }

    private void touched(String option) {
        touchedPipelineOptions.add(option);
    }

    /**
     * Sets an option by the name it has in {@code logging.properties}, parsing {@code value} as there.
     *
     * @throws InvalidOptionException naming the option when the name is unknown or the value invalid
     */
    public B option(String name, String value) {
        if (FORMATTER_OPTIONS.contains(name)) {
            formatterOption(name, value);
        } else if (!applyCommon(name, value) && !(usesPipelineOptions() && applyPipeline(name, value))
                && !applySpecific(name, value)) {
            transportOption(name, value);
        }
        return self();
    }

    /** Applies an option of the front-end's own; returns false when the name is not one of them. */
    abstract boolean applySpecific(String name, String value);

    /** The option names of the front-end's own. */
    abstract Set<String> optionNames();

    /** Whether this front-end has a queue and reads the queue options (the synchronous handler has none). */
    boolean usesPipelineOptions() {
        return true;
    }

    /** Every option name this builder reads, besides the transport's own. */
    final Set<String> allOptionNames() {
        Set<String> names = new TreeSet<>(COMMON_OPTIONS);
        names.addAll(FORMATTER_OPTIONS);
        if (usesPipelineOptions()) {
            names.addAll(PIPELINE_OPTIONS);
        }
        names.addAll(optionNames());
        return names;
    }

    private boolean applyPipeline(String name, String value) {
        switch (name) {
            case "databasePath" -> databasePath(value.isBlank() ? null : Path.of(value.trim()));
            case "eventTtl" -> eventTtl(isOff(value) ? null : OptionParsers.duration(name, value));
            case "failedEventTtl" -> failedEventTtl(isOff(value) ? null : OptionParsers.duration(name, value));
            case "databaseMaxSize" -> databaseMaxSize(isOff(value) ? 0 : OptionParsers.size(name, value));
            case "queueCheckInterval" -> queueCheckInterval(OptionParsers.duration(name, value));
            case "flushInterval" -> flushInterval(OptionParsers.duration(name, value));
            case "flushCount" -> flushCount(OptionParsers.integer(name, value, 1, 1_000_000));
            case "batchSize" -> batchSize(OptionParsers.integer(name, value, 1, 1_000_000));
            case "databaseChunkSize" -> databaseChunkSize(OptionParsers.integer(name, value, 1, 32_766));
            case "databaseTimeout" -> databaseTimeout(OptionParsers.duration(name, value));
            case "vacuumOnShutdown" -> vacuumOnShutdown(OptionParsers.bool(name, value));
            case "bufferSize" -> bufferSize(OptionParsers.integer(name, value, 1, 1 << 24));
            case "overflowPolicy" -> overflowPolicy(OptionParsers.enumValue(name, value, OverflowPolicy.class));
            case "blockTimeout" -> blockTimeout(isForever(value) ? PipelineSettings.BLOCK_FOREVER
                    : OptionParsers.duration(name, value));
            case "memoryQueueCapacity" -> memoryQueueCapacity(OptionParsers.integer(name, value, 1, Integer.MAX_VALUE));
            case "claimLease" -> claimLease(OptionParsers.duration(name, value));
            case "retryInitialDelay" -> retryInitialDelay(OptionParsers.duration(name, value));
            case "retryMaxDelay" -> retryMaxDelay(OptionParsers.duration(name, value));
            case "shutdownTimeout" -> shutdownTimeout(OptionParsers.duration(name, value));
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean isForever(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        return v.equals("forever") || v.equals("infinite") || v.equals("-1");
    }

    private static boolean isOff(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        return v.equals("off") || v.equals("none") || v.equals("never");
    }

    private boolean applyCommon(String name, String value) {
        switch (name) {
            case "host" -> host(value);
            case "port" -> port(OptionParsers.port(name, value));
            case "destinations" -> destinations(OptionParsers.list(value));
            case "connectionStrategy" -> connectionStrategy(OptionParsers.enumValue(name, value, ConnectionStrategy.class));
            case "secondaryConnectionTtl" -> secondaryConnectionTtl(isOff(value) ? null : OptionParsers.duration(name, value));
            case "rotateEvery" -> rotateEvery(OptionParsers.integer(name, value, 1, DestinationSettings.MAX_ROTATE_EVERY));
            case "rotateInterval" -> rotateInterval(isOff(value) ? null : OptionParsers.duration(name, value));
            case "resolveAll" -> resolveAll(OptionParsers.bool(name, value));
            case "resolveInterval" -> resolveInterval(isOff(value) ? null : OptionParsers.duration(name, value));
            case "transport" -> transport(value);
            case "enable" -> enable(OptionParsers.bool(name, value));
            case "encoding" -> encoding(OptionParsers.charset(name, value));
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
        Set<String> names = allOptionNames();
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

    /**
     * The destinations and strategy handed to the multi-destination transport, or null when there is one
     * destination ({@code host} and {@code port}, without {@code resolveAll}).
     *
     * @throws InvalidOptionException naming {@code destinations} when {@code host} or {@code port} is set too
     */
    final DestinationSettings destinationSettings(Duration retryInitialDelay, Duration retryMaxDelay) {
        if (destinations != null && hostOrPortSet) {
            throw new InvalidOptionException(Destination.OPTION, "cannot be combined with host or port (host=" + host
                    + ", port=" + port + "); list every receiver in destinations, or give only host and port");
        }
        if (destinations == null && !resolveAll) {
            return null;
        }
        List<Destination> list = destinations != null ? destinations : List.of(Destination.of(host, port));
        Duration interval = DestinationSettings.effectiveRotateInterval(rotateIntervalSet, rotateInterval, rotateEverySet,
                DEFAULT_ROTATE_INTERVAL);
        return new DestinationSettings(list, connectionStrategy, secondaryConnectionTtl,
                DestinationSettings.effectiveRotateEvery(rotateEverySet ? rotateEvery : null, interval), interval,
                resolveAll, resolveInterval, retryInitialDelay, retryMaxDelay);
    }

    /** The settings handed to the transport provider. */
    final TransportSettings transportSettings() {
        return new TransportSettings(host, port, encoding, socketTimeout, socketCloseWait, beatsBatchSize, tls.build(),
                transportOptions);
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
