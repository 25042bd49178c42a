package io.github.logstashasync.bench;

import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import io.github.logstashasync.core.HandlerStatistics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds our handler the way every benchmark uses it: with the library's defaults (the headline figures), each
 * of which can be overridden with a system property for the "tuned" rows
 * ({@code -jvmArgsAppend -Dbench.batchSize=1000}); {@link #describe()} prints what was used.
 */
public final class OurSide {

    /** Events handed to the transport at once (default of the library: 50). */
    public static final int BATCH_SIZE = Integer.getInteger("bench.batchSize", PipelineSettings.DEFAULT_BATCH_SIZE);
    /** Queued events that trigger a send (default of the library: 50). */
    public static final int FLUSH_COUNT = Integer.getInteger("bench.flushCount", PipelineSettings.DEFAULT_FLUSH_COUNT);
    /** Events per Lumberjack window (default of the library: 25). */
    public static final int BEATS_BATCH_SIZE = Integer.getInteger("bench.beatsBatchSize",
            PipelineSettings.DEFAULT_BEATS_BATCH_SIZE);
    /** Hand-off buffer between log calls and the worker (default of the library: 8192). */
    public static final int BUFFER_SIZE = Integer.getInteger("bench.bufferSize", PipelineSettings.DEFAULT_BUFFER_SIZE);
    /** Memory queue capacity (default of the library: 100,000; a full queue pushes back, it does not drop). */
    public static final int MEMORY_QUEUE_CAPACITY = Integer.getInteger("bench.memoryQueueCapacity",
            PipelineSettings.DEFAULT_MEMORY_QUEUE_CAPACITY);
    /** Zlib level of the Beats compressed frame (default of the library: 6). */
    public static final String BEATS_COMPRESSION = System.getProperty("bench.beatsCompression", "6");

    private OurSide() {
    }

    /**
     * A handler sending to 127.0.0.1:{@code port} with the benchmark's settings.
     *
     * @param transport {@code tcp}, {@code http} or {@code beats}
     * @param tls       whether to use TLS (the ssl module, trusting the benchmark's certificate, verification on)
     * @param database  the SQLite queue, or null for the memory queue
     */
    public static AsynchronousLogstashHandler handler(String transport, boolean tls, int port, Path database) {
        return handler(transport, tls, port, database, null);
    }

    /**
     * As {@link #handler(String, boolean, int, Path)}; with {@code destinations} (not null) those instead of
     * 127.0.0.1:{@code port}, round-robin.
     */
    public static AsynchronousLogstashHandler handler(String transport, boolean tls, int port, Path database,
            java.util.List<String> destinations) {
        AsynchronousLogstashHandler.Builder builder = AsynchronousLogstashHandler.builder();
        if (destinations == null) {
            builder.host("127.0.0.1").port(port);
        } else {
            builder.destinations(destinations)
                    .connectionStrategy(io.github.logstashasync.api.ConnectionStrategy.ROUND_ROBIN);
            // the library's defaults unless -Dbench.rotateEvery (batches) or -Dbench.rotateInterval (ms) say otherwise
            Integer rotateEvery = Integer.getInteger("bench.rotateEvery");
            if (rotateEvery != null) {
                builder.rotateEvery(rotateEvery);
            }
            Long rotateInterval = Long.getLong("bench.rotateInterval");
            if (rotateInterval != null) {
                builder.rotateInterval(Duration.ofMillis(rotateInterval));
            }
        }
        builder.transport(transport);
        settings(builder, database);
        if (transport.equals("beats")) {
            builder.transportOption("compressionLevel", BEATS_COMPRESSION);
        }
        if (tls) {
            builder.sslEnable(true).sslVerify(true).caCerts(Pki.get().caCerts());
        }
        return builder.build();
    }

    /**
     * A handler with the transport {@code kafka} to {@code bootstrapServers}, writing to {@code topic}, with the
     * benchmark's settings and every option of the transport at its default.
     *
     * @param database the SQLite queue, or null for the memory queue
     */
    public static AsynchronousLogstashHandler kafkaHandler(String bootstrapServers, String topic, Path database) {
        AsynchronousLogstashHandler.Builder builder = AsynchronousLogstashHandler.builder().transport("kafka")
                .transportOption("bootstrapServers", bootstrapServers).transportOption("topic", topic);
        kafkaOptions().forEach(builder::transportOption);
        return settings(builder, database).build();
    }

    /**
     * Options of the transport {@code kafka} for the "tuned" rows: every system property
     * {@code bench.kafka.<option>} ({@code -jvmArgsAppend -Dbench.kafka.batchBytes=256k}); none by default.
     */
    public static java.util.Map<String, String> kafkaOptions() {
        java.util.Map<String, String> options = new java.util.TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("bench.kafka."))
                .forEach(name -> options.put(name.substring("bench.kafka.".length()), System.getProperty(name)));
        return options;
    }

    private static AsynchronousLogstashHandler.Builder settings(AsynchronousLogstashHandler.Builder builder,
            Path database) {
        return builder.batchSize(BATCH_SIZE).flushCount(FLUSH_COUNT).beatsBatchSize(BEATS_BATCH_SIZE)
                .bufferSize(BUFFER_SIZE).memoryQueueCapacity(MEMORY_QUEUE_CAPACITY)
                .socketTimeout(Duration.ofSeconds(30))
                .databasePath(database);
    }

    /**
     * Our Logback appender on SLF4J's Logback context (reset first), configured through its logback.xml setters
     * with every option at the library's default, sending to 127.0.0.1:{@code port}; the SQLite queue when
     * {@code database} is not null. Returns the started appender, attached alone to logger {@code name} at INFO.
     */
    public static io.github.logstashasync.logback.LogstashAppender logbackAppender(String name, int port, Path database) {
        ch.qos.logback.classic.LoggerContext context =
                (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        context.reset();
        io.github.logstashasync.logback.LogstashAppender appender = new io.github.logstashasync.logback.LogstashAppender();
        appender.setContext(context);
        appender.setName("logstash");
        appender.setHost("127.0.0.1");
        appender.setPort(Integer.toString(port));
        if (database != null) {
            appender.setDatabasePath(database.toString());
        }
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("the appender did not start: " + context.getStatusManager().getCopyOfStatusList());
        }
        ch.qos.logback.classic.Logger logger = context.getLogger(name);
        logger.setAdditive(false);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.addAppender(appender);
        return appender;
    }

    /** A JUL logger that sends only to {@code handler}, at INFO. */
    public static Logger logger(String name, AsynchronousLogstashHandler handler) {
        Logger logger = Logger.getLogger(name);
        logger.setUseParentHandlers(false);
        for (var old : logger.getHandlers()) {
            logger.removeHandler(old);
        }
        logger.setLevel(Level.INFO);
        logger.addHandler(handler);
        return logger;
    }

    /** Fails when the handler dropped anything: every benchmark must run with zero loss. */
    public static void checkNoLoss(AsynchronousLogstashHandler handler, String scenario) {
        checkNoLoss(handler.statistics(), scenario);
    }

    /** Fails when a pipeline's statistics show a drop, a failed or an expired event. */
    public static void checkNoLoss(HandlerStatistics statistics, String scenario) {
        if (statistics.dropped() > 0 || statistics.failed() > 0 || statistics.expired() > 0) {
            throw new IllegalStateException(scenario + ": events were lost: " + statistics);
        }
    }

    /** The settings, for the benchmark's output. */
    public static String describe() {
        return "batchSize=" + BATCH_SIZE + " flushCount=" + FLUSH_COUNT + " beatsBatchSize=" + BEATS_BATCH_SIZE
                + " bufferSize=" + BUFFER_SIZE + " memoryQueueCapacity=" + MEMORY_QUEUE_CAPACITY
                + " beats compressionLevel=" + BEATS_COMPRESSION + "; other options at their defaults";
    }
}
