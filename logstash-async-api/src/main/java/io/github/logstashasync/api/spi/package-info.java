/**
 * Service provider interfaces: {@link io.github.logstashasync.api.spi.TransportProvider} for transports,
 * {@link io.github.logstashasync.api.spi.TlsProvider} for TLS, and
 * {@link io.github.logstashasync.api.spi.EventFormatter} for the JSON document of an event.
 */
package io.github.logstashasync.api.spi;
