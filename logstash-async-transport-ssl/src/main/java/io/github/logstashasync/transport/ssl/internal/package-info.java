/**
 * The implementation of the {@code pem} TLS provider: PEM and DER decoding, private key and certificate loading,
 * key and trust managers. Not exported.
 */
package io.github.logstashasync.transport.ssl.internal;
