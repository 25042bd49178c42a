/** The {@code udp} transport: one JSON document per datagram. */
package io.github.logstashasync.core.internal.transport.udp;
