/** The Kafka producer behind the transport, its options and how its outcomes become the SPI's. Not exported. */
package io.github.logstashasync.transport.kafka.internal;
