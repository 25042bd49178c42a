package io.github.logstashasync.transport.kafka.internal;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.api.TransportSettings;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The options of the {@code kafka} transport, checked and turned into producer properties once, when the handler
 * is built; every error names the option as the user wrote it.
 *
 * @param bootstrapServers the cluster, as given
 * @param topic            the topic every record goes to
 * @param keys             how each record's key is taken from its document
 * @param charset          the encoding of the values (the handler's {@code encoding})
 * @param deliveryTimeout  the producer's {@code delivery.timeout.ms}: the longest a record can wait
 * @param closeTimeout     how long {@code close()} waits for the producer (the handler's {@code socketCloseWait})
 * @param properties       the producer's properties, ours and the passed-through ones
 */
public record KafkaOptions(
        String bootstrapServers,
        String topic,
        RecordKeys keys,
        Charset charset,
        Duration deliveryTimeout,
        Duration closeTimeout,
        Map<String, String> properties) {

    /** Option {@code bootstrapServers}. */
    public static final String BOOTSTRAP_SERVERS = "bootstrapServers";
    /** Option {@code topic}. */
    public static final String TOPIC = "topic";
    /** Option {@code key}. */
    public static final String KEY = "key";
    /** Option {@code acks}. */
    public static final String ACKS = "acks";
    /** Option {@code idempotence}. */
    public static final String IDEMPOTENCE = "idempotence";
    /** Option {@code compression}. */
    public static final String COMPRESSION = "compression";
    /** Option {@code batchBytes}. */
    public static final String BATCH_BYTES = "batchBytes";
    /** Option {@code deliveryTimeout}. */
    public static final String DELIVERY_TIMEOUT = "deliveryTimeout";
    /** Producer properties are passed through under this prefix. */
    public static final String PROPERTY_PREFIX = "kafka.";

    /** Default {@code acks}: every in-sync replica has the record. */
    public static final String DEFAULT_ACKS = "all";
    /** Default {@code compression}: lz4, nearly free in CPU and several times smaller for JSON. */
    public static final String DEFAULT_COMPRESSION = "lz4";
    /** Default {@code deliveryTimeout}: a batch waits at most this long for the cluster, then goes back to the queue. */
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Default {@code batchBytes}: 256 KiB, not Kafka's 16 KiB. A send hands a thousand events or more to the
     * producer and flushes them: in batches of 16 KiB they leave in many small requests as each batch fills, which
     * costs the producer's thread and the broker twice the CPU per event (KafkaBenchmark); nothing waits for a
     * batch to fill, since the send flushes. Well under the broker's and a topic's default limit of 1 MiB; a
     * topic with a lower {@code max.message.bytes} makes the producer split the batch by itself.
     */
    public static final long DEFAULT_BATCH_BYTES = 256 * 1024;
    /** The producer's {@code linger.ms} unless {@code kafka.linger.ms} is set: Kafka 4's default, stated here. */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);

    /** The transport's own options (not {@code kafka.<property>}). */
    static final List<String> OWN = List.of(BOOTSTRAP_SERVERS, TOPIC, KEY, ACKS, IDEMPOTENCE, COMPRESSION,
            BATCH_BYTES, DELIVERY_TIMEOUT);
    private static final List<String> COMPRESSIONS = List.of("none", "lz4", "zstd", "gzip", "snappy");
    /** Producer properties that an option of ours sets: one way to set each. */
    private static final Map<String, String> OWNED = Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP_SERVERS,
            ProducerConfig.ACKS_CONFIG, ACKS,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, IDEMPOTENCE,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION,
            ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT);
    /** Producer properties that cannot work with this transport, and why. */
    private static final Map<String, String> REFUSED = Map.of(
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "the transport writes the key as UTF-8 bytes; choose it with "
                    + "option 'key'",
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "the value is the JSON document in the handler's encoding",
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "the transport confirms every record on its own and uses no "
                    + "transactions");
    private static final Set<String> OPTION_NAMES;
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final int KAFKA_REQUEST_TIMEOUT_MS = 30_000;

    static {
        Set<String> names = new TreeSet<>(OWN);
        for (String property : ProducerConfig.configNames()) {
            if (!OWNED.containsKey(property) && !REFUSED.containsKey(property)) {
                names.add(PROPERTY_PREFIX + property);
            }
        }
        OPTION_NAMES = Collections.unmodifiableSet(names);
    }

    /** Copies the properties. */
    public KafkaOptions {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** The transport's options and every {@code kafka.<property>} that may be passed through. */
    public static Set<String> optionNames() {
        return OPTION_NAMES;
    }

    /**
     * Checks the options of {@code settings} and builds the producer properties.
     *
     * @throws InvalidOptionException naming the first option that is missing, unknown or invalid
     */
    public static KafkaOptions parse(TransportSettings settings) {
        Map<String, String> options = settings.options();
        Map<String, String> passed = new LinkedHashMap<>();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String name = option.getKey();
            if (name.startsWith(PROPERTY_PREFIX)) {
                passed.put(ProducerProperties.checkName(name, OWNED, REFUSED), option.getValue());
            } else if (!OWN.contains(name)) {
                throw new InvalidOptionException(name, "transport 'kafka' has no such option; its options: "
                        + String.join(", ", new TreeSet<>(OWN)) + ", and kafka.<producer property>");
            }
        }
        String servers = bootstrapServers(options.get(BOOTSTRAP_SERVERS));
        String topic = topic(options.get(TOPIC));
        RecordKeys keys = RecordKeys.parse(KEY, settings.option(KEY, "none"));
        String acks = acks(settings.option(ACKS, DEFAULT_ACKS));
        String idempotenceText = options.get(IDEMPOTENCE);
        boolean idempotence = idempotenceText == null ? acks.equals("all")
                : OptionParsers.bool(IDEMPOTENCE, idempotenceText);
        if (idempotence && !acks.equals("all")) {
            throw new InvalidOptionException(IDEMPOTENCE, "an idempotent producer needs acks=all, not acks=" + acks
                    + "; set idempotence=false or acks=all");
        }
        String compression = compression(settings.option(COMPRESSION, DEFAULT_COMPRESSION));
        Duration deliveryTimeout = options.containsKey(DELIVERY_TIMEOUT)
                ? OptionParsers.duration(DELIVERY_TIMEOUT, options.get(DELIVERY_TIMEOUT)) : DEFAULT_DELIVERY_TIMEOUT;
        if (deliveryTimeout.isZero() || deliveryTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new InvalidOptionException(DELIVERY_TIMEOUT, deliveryTimeout + " is out of range; allowed: 1ms to "
                    + Integer.MAX_VALUE + "ms");
        }

        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        properties.put(ProducerConfig.ACKS_CONFIG, acks);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString(idempotence));
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        long batchBytes = DEFAULT_BATCH_BYTES;
        if (options.containsKey(BATCH_BYTES)) {
            batchBytes = OptionParsers.size(BATCH_BYTES, options.get(BATCH_BYTES));
            if (batchBytes > Integer.MAX_VALUE) {
                throw new InvalidOptionException(BATCH_BYTES, batchBytes + " is too large; at most "
                        + Integer.MAX_VALUE);
            }
        }
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, Long.toString(batchBytes));
        // send() flushes once all records of a batch are handed over, so lingering never delays a batch beyond
        // that; without it (0, Kafka 3's default) the producer sends each record as it comes, in a request of its
        // own, and the requests cost the producer's thread and the broker three times the CPU (KafkaBenchmark)
        properties.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(DEFAULT_LINGER.toMillis()));
        // send() waits this long for metadata when the cluster is away; a socket-like wait, not Kafka's minute
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(
                Math.min(Integer.MAX_VALUE, Math.max(1, settings.socketTimeout().toMillis()))));
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(deliveryTimeout.toMillis()));
        properties.putAll(passed);
        long linger = ProducerProperties.longValue(properties, ProducerConfig.LINGER_MS_CONFIG);
        if (!passed.containsKey(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)) {
            // Kafka refuses delivery.timeout.ms < linger.ms + request.timeout.ms. At most half the delivery
            // timeout: a request whose answer is lost (a stalled broker, a half-open connection) is sent again by
            // the producer itself, idempotently, before the records fail and the queue sends them as new ones
            // (which the broker cannot tell from the first: a duplicate)
            long request = Math.max(1, Math.min(KAFKA_REQUEST_TIMEOUT_MS, (deliveryTimeout.toMillis() - linger) / 2));
            properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(request));
        }
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        ProducerProperties.validate(properties, OWNED, deliveryTimeout, idempotence);
        return new KafkaOptions(servers, topic, keys, settings.charset(), deliveryTimeout, settings.socketCloseWait(),
                properties);
    }

    static String bootstrapServers(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidOptionException(BOOTSTRAP_SERVERS, "the kafka transport needs the cluster to write to, "
                    + "for example kafka1:9092,kafka2:9092");
        }
        List<String> servers = OptionParsers.list(text);
        for (String server : servers) {
            int colon = server.lastIndexOf(':');
            String host = colon < 0 ? "" : server.substring(0, colon);
            if (host.isEmpty() || colon == server.length() - 1 || !server.substring(colon + 1).matches("\\d{1,5}")
                    || Integer.parseInt(server.substring(colon + 1)) < 1
                    || Integer.parseInt(server.substring(colon + 1)) > 65_535) {
                throw new InvalidOptionException(BOOTSTRAP_SERVERS, "'" + server + "' is not host:port (a port from 1 "
                        + "to 65535); use for example kafka1:9092,kafka2:9092");
            }
        }
        return String.join(",", servers);
    }

    static String topic(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidOptionException(TOPIC, "the kafka transport needs the topic to write to, for example logs");
        }
        String topic = text.trim();
        if (!TOPIC_NAME.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new InvalidOptionException(TOPIC, "'" + topic + "' is not a Kafka topic name: 1 to 249 characters "
                    + "of a-z, A-Z, 0-9, '.', '_' and '-', and not '.' or '..'");
        }
        return topic;
    }

    private static String acks(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "all", "-1" -> "all";
            case "1", "0" -> value;
            default -> throw new InvalidOptionException(ACKS, "'" + text.trim() + "' is not all, 1 or 0");
        };
    }

    private static String compression(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (!COMPRESSIONS.contains(value)) {
            throw new InvalidOptionException(COMPRESSION, "'" + text.trim() + "' is not one of "
                    + String.join(", ", COMPRESSIONS));
        }
        return value;
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        properties.forEach((k, v) -> shown.put(k, ProducerProperties.isSecret(k) ? "******" : v));
        return "KafkaOptions[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", keys=" + keys
                + ", properties=" + shown + "]";
    }
}
