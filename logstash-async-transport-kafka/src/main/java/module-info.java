/**
 * The transport {@code kafka}: every event becomes a record of a Kafka topic, and leaves the queue only once the
 * producer confirmed it. A plugin like any other: found by {@link java.util.ServiceLoader} through the transport
 * SPI, never a dependency of the core.
 */
// kafka-clients has no module descriptor and no Automatic-Module-Name: its name comes from the jar's file name,
// which javac reports under -Xlint:all (an error with -Werror); the suppression covers exactly that.
@SuppressWarnings("requires-automatic")
module io.github.logstashasync.transport.kafka {
    // KafkaTransportProvider implements the SPI and takes TransportSettings in its public methods.
    requires transitive io.github.logstashasync.api;
    // The producer. An automatic module named after its jar (kafka-clients-<version>.jar).
    requires kafka.clients;
    // The key of a record can come from a field of the JSON document: read with Jackson's streaming parser,
    // which the core needs anyway.
    requires tools.jackson.core;
    // kafka-clients logs through SLF4J and needs zstd-jni for compression=zstd, but as an automatic module it
    // declares neither, and explicit modules are resolved only when some module requires them. Without these two
    // lines the producer fails on the module path (NoClassDefFoundError: org/slf4j/LoggerFactory), or when the
    // first zstd batch is compressed. lz4-java and snappy-java are automatic modules and come along with it.
    requires org.slf4j;
    requires com.github.luben.zstd_jni;

    // KafkaTransportProvider (its id and option names) for callers that pass a provider directly; the producer
    // code stays in the unexported .internal package.
    exports io.github.logstashasync.transport.kafka;

    // Found with ServiceLoader by its id "kafka"; META-INF/services says the same for the class path.
    provides io.github.logstashasync.api.spi.TransportProvider
            with io.github.logstashasync.transport.kafka.KafkaTransportProvider;
}
