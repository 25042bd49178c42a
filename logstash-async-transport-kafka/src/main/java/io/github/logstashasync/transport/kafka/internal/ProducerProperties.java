package io.github.logstashasync.transport.kafka.internal;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TransportSettings;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;

/**
 * Checks producer properties with Kafka's own definition of them ({@link ProducerConfig#configDef()}), naming the
 * option that set each: {@code kafka.<property>}, or the transport's option that owns the property.
 */
final class ProducerProperties {

    private static final ConfigDef DEFINITION = ProducerConfig.configDef();
    private static final int MAX_IDEMPOTENT_IN_FLIGHT = 5;
    /** The version of kafka-clients, for messages. */
    static final String KAFKA_VERSION = kafkaVersion();

    private ProducerProperties() {
    }

    /**
     * Returns the producer property that option {@code name} ({@code kafka.<property>}) sets.
     *
     * @throws InvalidOptionException naming the option when the property is unknown, owned by an option of the
     *                                transport, or cannot work with it
     */
    static String checkName(String name, Map<String, String> owned, Map<String, String> refused) {
        String property = name.substring(KafkaOptions.PROPERTY_PREFIX.length());
        if (owned.containsKey(property)) {
            throw new InvalidOptionException(name, "set it with the transport's option '" + owned.get(property) + "'");
        }
        if (refused.containsKey(property)) {
            throw new InvalidOptionException(name, "not configurable: " + refused.get(property));
        }
        if (!DEFINITION.names().contains(property)) {
            List<String> near = near(property);
            throw new InvalidOptionException(name, "'" + property + "' is not a producer property of kafka-clients "
                    + KAFKA_VERSION + (near.isEmpty() ? "" : "; did you mean "
                    + String.join(" or ", near.stream().map(p -> KafkaOptions.PROPERTY_PREFIX + p).toList()) + "?"));
        }
        return property;
    }

    /**
     * Checks every property's value with Kafka's definition, and what Kafka checks only when the producer is
     * created (which happens at the first send, too late to name an option).
     *
     * @throws InvalidOptionException naming the option of the first invalid property
     */
    static void validate(Map<String, String> properties, Map<String, String> owned, Duration deliveryTimeout,
            boolean idempotence) {
        Map<String, ConfigValue> results = DEFINITION.validateAll(properties);
        for (String property : properties.keySet()) {
            ConfigValue result = results.get(property);
            if (result != null && !result.errorMessages().isEmpty()) {
                throw new InvalidOptionException(optionOf(property, owned), String.join("; ", result.errorMessages()));
            }
        }
        long linger = longValue(properties, ProducerConfig.LINGER_MS_CONFIG);
        long request = longValue(properties, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        if (deliveryTimeout.toMillis() < linger + request) {
            throw new InvalidOptionException(optionOf(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, owned),
                    deliveryTimeout.toMillis() + " ms is shorter than linger.ms (" + linger + ") plus request.timeout.ms ("
                    + request + "), which Kafka refuses");
        }
        checkSaslLogin(properties);
        if (idempotence) {
            // what ProducerConfig checks when idempotence is asked for explicitly, as it is here
            String inFlight = properties.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
            if (inFlight != null && Long.parseLong(inFlight.trim()) > MAX_IDEMPOTENT_IN_FLIGHT) {
                throw new InvalidOptionException(optionOf(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, owned),
                        "an idempotent producer allows at most " + MAX_IDEMPOTENT_IN_FLIGHT
                        + " requests in flight; lower it, or set idempotence=false");
            }
            String retries = properties.get(ProducerConfig.RETRIES_CONFIG);
            if (retries != null && Long.parseLong(retries.trim()) < 1) {
                throw new InvalidOptionException(optionOf(ProducerConfig.RETRIES_CONFIG, owned),
                        "an idempotent producer needs retries of 1 or more; raise it, or set idempotence=false");
            }
        }
    }

    /**
     * With a SASL protocol, reads the login as the producer will ({@code sasl.jaas.config}, or the JAAS file of
     * {@code java.security.auth.login.config}): else a missing or malformed one fails every send, far from the option.
     * Kafka's message never holds the value (the password).
     */
    private static void checkSaslLogin(Map<String, String> properties) {
        String protocol = properties.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        if (!protocol.trim().toUpperCase(Locale.ROOT).startsWith("SASL_")) {
            return;
        }
        Map<String, Object> login = new HashMap<>();
        String jaas = properties.get(SaslConfigs.SASL_JAAS_CONFIG);
        if (jaas != null) {
            login.put(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaas));
        }
        try {
            JaasContext.loadClientContext(login);
        } catch (IllegalArgumentException | KafkaException | SecurityException e) {
            throw new InvalidOptionException(KafkaOptions.PROPERTY_PREFIX + SaslConfigs.SASL_JAAS_CONFIG,
                    "security.protocol " + protocol.trim() + " needs a login that Kafka can read: " + e.getMessage());
        }
    }

    /** The value of a long-typed property, as set or by Kafka's default. */
    static long longValue(Map<String, String> properties, String property) {
        String text = properties.get(property);
        try {
            Object value = text != null ? ConfigDef.parseType(property, text.trim(), ConfigDef.Type.LONG)
                    : DEFINITION.configKeys().get(property).defaultValue;
            return ((Number) value).longValue();
        } catch (ConfigException e) {
            throw new InvalidOptionException(KafkaOptions.PROPERTY_PREFIX + property, e.getMessage());
        }
    }

    /** Whether a property holds a secret: Kafka's password type, or a name that says so. */
    static boolean isSecret(String property) {
        ConfigDef.ConfigKey key = DEFINITION.configKeys().get(property);
        return (key != null && key.type == ConfigDef.Type.PASSWORD) || TransportSettings.isSecret(property);
    }

    private static String kafkaVersion() {
        // the file that kafka-clients itself reads its version from (its reader is in an internal package)
        try (InputStream in = ProducerConfig.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            if (in == null) {
                return "4.x";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "4.x");
        } catch (IOException e) {
            return "4.x";
        }
    }

    private static String optionOf(String property, Map<String, String> owned) {
        String option = owned.get(property);
        return option != null ? option : KafkaOptions.PROPERTY_PREFIX + property;
    }

    /** Known properties within a small edit distance of {@code property}, for "did you mean". */
    private static List<String> near(String property) {
        List<String> near = new ArrayList<>();
        for (String known : new TreeSet<>(DEFINITION.names())) {
            if (distance(property, known) <= Math.max(2, property.length() / 8)) {
                near.add(known);
            }
        }
        return near.size() > 3 ? near.subList(0, 3) : near;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
