/**
 * The {@code beats} transport: a Lumberjack protocol version 2 client with acknowledged windows.
 */
package io.github.logstashasync.core.internal.transport.beats;
