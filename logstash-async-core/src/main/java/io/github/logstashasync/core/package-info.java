/**
 * The handlers ({@link io.github.logstashasync.core.AsynchronousLogstashHandler},
 * {@link io.github.logstashasync.core.SynchronousLogstashHandler}) and formatters
 * ({@link io.github.logstashasync.core.LogstashFormatter}, {@link io.github.logstashasync.core.LogstashEcsFormatter})
 * that applications configure.
 */
package io.github.logstashasync.core;
