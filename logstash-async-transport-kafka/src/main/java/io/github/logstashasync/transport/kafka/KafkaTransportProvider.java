package io.github.logstashasync.transport.kafka;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.TlsProvider;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.api.spi.TransportProvider;
import io.github.logstashasync.api.spi.TransportReader;
import io.github.logstashasync.transport.kafka.internal.KafkaOptions;
import io.github.logstashasync.transport.kafka.internal.KafkaTopicReader;
import io.github.logstashasync.transport.kafka.internal.KafkaTransport;
import java.util.Set;

/**
 * The {@code kafka} transport: each event becomes one record of a topic, its value the JSON document; a batch
 * counts as delivered only when the producer confirmed every record of it (with {@code acks=all} and idempotence
 * by default: written to every in-sync replica, once). Options:
 * <ul>
 *   <li>{@code bootstrapServers} (required): {@code host:port[,host:port...]} of the cluster.</li>
 *   <li>{@code topic} (required): the topic to write to.</li>
 *   <li>{@code key} (default {@code none}): the record key, which picks the partition: {@code none},
 *       {@code logger} (the logger's name), {@code host}, or {@code field:<name>} (a field of the document, a dot
 *       between nested names: {@code field:extra.tenant}).</li>
 *   <li>{@code acks} (default {@code all}): {@code all}, {@code 1} or {@code 0}.</li>
 *   <li>{@code idempotence} (default on, unless {@code acks} is not {@code all}): no duplicates from the
 *       producer's own retries.</li>
 *   <li>{@code compression} (default {@code lz4}): {@code none}, {@code lz4}, {@code zstd}, {@code gzip} or
 *       {@code snappy}.</li>
 *   <li>{@code batchBytes} (default 256k, Kafka's is 16k): the producer's {@code batch.size}, bytes per
 *       partition and request.</li>
 *   <li>{@code deliveryTimeout} (default 30s): how long one batch may wait for the cluster before the send fails
 *       and the events wait in the queue for the next try (the producer's {@code delivery.timeout.ms}).</li>
 *   <li>{@code kafka.<property>}: any other producer property of kafka-clients, such as
 *       {@code kafka.security.protocol}, {@code kafka.sasl.mechanism}, {@code kafka.client.id}; checked by Kafka's
 *       own {@code ProducerConfig} when the handler is built.</li>
 * </ul>
 * {@code host}, {@code port} and TLS ({@code sslEnable}) do not apply: TLS and SASL are Kafka's own properties.
 */
public final class KafkaTransportProvider implements TransportProvider {

    /** The id that {@code transport=kafka} selects. */
    public static final String ID = "kafka";
    /** Option {@code bootstrapServers}: {@code host:port} pairs, comma-separated. */
    public static final String BOOTSTRAP_SERVERS = KafkaOptions.BOOTSTRAP_SERVERS;
    /** Option {@code topic}. */
    public static final String TOPIC = KafkaOptions.TOPIC;
    /** Option {@code key}: {@code none}, {@code logger}, {@code host} or {@code field:<name>}. */
    public static final String KEY = KafkaOptions.KEY;
    /** Option {@code acks}: {@code all}, {@code 1} or {@code 0}. */
    public static final String ACKS = KafkaOptions.ACKS;
    /** Option {@code idempotence}: a boolean. */
    public static final String IDEMPOTENCE = KafkaOptions.IDEMPOTENCE;
    /** Option {@code compression}: {@code none}, {@code lz4}, {@code zstd}, {@code gzip} or {@code snappy}. */
    public static final String COMPRESSION = KafkaOptions.COMPRESSION;
    /** Option {@code batchBytes}: the producer's batch size in bytes. */
    public static final String BATCH_BYTES = KafkaOptions.BATCH_BYTES;
    /** Option {@code deliveryTimeout}: a duration. */
    public static final String DELIVERY_TIMEOUT = KafkaOptions.DELIVERY_TIMEOUT;
    /** The prefix of producer properties passed through to kafka-clients. */
    public static final String PROPERTY_PREFIX = KafkaOptions.PROPERTY_PREFIX;

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires: the work is in {@link #create}. */
    public KafkaTransportProvider() {
        // nothing to prepare before create()
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * Checks every option, the producer properties with Kafka's own {@code ProducerConfig}, and creates the
     * transport. Nothing connects yet: the producer is created by the first send.
     *
     * @throws InvalidOptionException naming the first option that is missing, unknown or invalid
     */
    @Override
    public Transport create(TransportSettings settings, TlsProvider tls) {
        if (settings.tls().enabled()) {
            throw new InvalidOptionException("sslEnable", "the kafka transport takes TLS from Kafka's own properties: "
                    + "kafka.security.protocol=SSL and kafka.ssl.truststore.location=... (see the README)");
        }
        return new KafkaTransport(KafkaOptions.parse(settings));
    }

    /**
     * The transport's own options, and {@code kafka.<property>} for every producer property that may be passed
     * through: {@code logging.properties} is read by these names.
     */
    @Override
    public Set<String> optionNames() {
        return KafkaOptions.optionNames();
    }

    /** True: {@link #create} rejects unknown names itself, naming the option and the known ones briefly. */
    @Override
    public boolean checksOptionNames() {
        return true;
    }

    /** {@code kafka://<bootstrapServers>/<topic>}, as given. */
    @Override
    public String destination(TransportSettings settings) {
        return ID + "://" + settings.option(BOOTSTRAP_SERVERS, "?") + "/" + settings.option(TOPIC, "?");
    }

    /** True: a topic can be read back. */
    @Override
    public boolean supportsReading() {
        return true;
    }

    /**
     * Opens a consumer of the topic on all its partitions, without a consumer group (nothing is committed), with
     * {@code bootstrapServers}, {@code topic} and the {@code kafka.<property>} options that are consumer properties
     * (security, SASL, SSL); the options that only concern writing are ignored. It does not create the topic.
     *
     * @throws InvalidOptionException naming an invalid option
     * @throws TransportException when the cluster does not answer within the socket timeout
     */
    @Override
    public TransportReader openReader(TransportSettings settings, boolean fromBeginning) throws TransportException {
        return KafkaTopicReader.open(settings, fromBeginning);
    }
}
