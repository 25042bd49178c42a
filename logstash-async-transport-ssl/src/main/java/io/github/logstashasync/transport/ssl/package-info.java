/**
 * The TLS provider {@link io.github.logstashasync.transport.ssl.PemTlsProvider} (id {@code pem}), found through
 * {@link java.util.ServiceLoader} or passed to a transport directly.
 */
package io.github.logstashasync.transport.ssl;
