/**
 * Finding transports by id ({@link io.github.logstashasync.core.internal.transport.TransportRegistry}) and the
 * pieces the stream transports share: a TCP or TLS connection with bounded writes and a bounded close.
 */
package io.github.logstashasync.core.internal.transport;
