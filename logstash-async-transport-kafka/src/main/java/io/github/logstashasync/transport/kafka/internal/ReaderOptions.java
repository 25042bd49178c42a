package io.github.logstashasync.transport.kafka.internal;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TransportSettings;
import java.nio.charset.Charset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The options of a reader of the topic, taken from the transport's options so that the same {@code -o} flags
 * that write to a cluster read from it: {@code bootstrapServers}, {@code topic}, and the {@code kafka.<property>}
 * entries that are consumer properties (security, SASL, SSL, client id). The options that only concern writing
 * ({@code key}, {@code acks}, ..., and producer-only properties) are ignored.
 *
 * @param bootstrapServers the cluster
 * @param topic            the topic to read
 * @param charset          the encoding of the values
 * @param properties       the consumer's properties
 */
record ReaderOptions(String bootstrapServers, String topic, Charset charset, Map<String, String> properties) {

    /** Copies the properties. */
    ReaderOptions {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * Checks the options of {@code settings} and builds the consumer's properties.
     *
     * @throws InvalidOptionException naming the first option that is missing, unknown or invalid
     */
    static ReaderOptions parse(TransportSettings settings) {
        Map<String, String> options = settings.options();
        Map<String, String> properties = new LinkedHashMap<>();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String name = option.getKey();
            if (name.startsWith(KafkaOptions.PROPERTY_PREFIX)) {
                String property = name.substring(KafkaOptions.PROPERTY_PREFIX.length());
                if (ConsumerConfig.configNames().contains(property)) {
                    properties.put(property, option.getValue());
                } else if (!ProducerConfig.configNames().contains(property)) {
                    throw new InvalidOptionException(name, "'" + property + "' is neither a consumer nor a producer "
                            + "property of kafka-clients " + ProducerProperties.KAFKA_VERSION);
                }
            } else if (!KafkaOptions.OWN.contains(name)) {
                throw new InvalidOptionException(name, "transport 'kafka' has no such option; its options: "
                        + String.join(", ", new TreeSet<>(KafkaOptions.OWN)) + ", and kafka.<property>");
            }
        }
        String servers = KafkaOptions.bootstrapServers(options.get(KafkaOptions.BOOTSTRAP_SERVERS));
        String topic = KafkaOptions.topic(options.get(KafkaOptions.TOPIC));
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        // assigned partitions, no consumer group: nothing is committed, no group is left behind on the cluster
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // looking must not create the topic
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, ConfigValue> results = ConsumerConfig.configDef().validateAll(properties);
        for (String property : properties.keySet()) {
            ConfigValue result = results.get(property);
            if (result != null && !result.errorMessages().isEmpty()) {
                throw new InvalidOptionException(KafkaOptions.PROPERTY_PREFIX + property,
                        String.join("; ", result.errorMessages()));
            }
        }
        return new ReaderOptions(servers, topic, settings.charset(), properties);
    }
}
