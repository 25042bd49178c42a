/** The {@code tcp} transport: one JSON document per line over one persistent TCP or TLS connection. */
package io.github.logstashasync.core.internal.transport.tcp;
