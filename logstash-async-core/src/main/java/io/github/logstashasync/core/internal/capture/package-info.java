/** Snapshots of {@link java.util.logging.LogRecord}s on the caller's thread. */
package io.github.logstashasync.core.internal.capture;
