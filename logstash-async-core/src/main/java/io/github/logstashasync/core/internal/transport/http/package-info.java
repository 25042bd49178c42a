/**
 * The {@code http} transport: batches POSTed as JSON arrays with {@link java.net.http.HttpClient}.
 */
package io.github.logstashasync.core.internal.transport.http;
