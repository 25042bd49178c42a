/**
 * The user-facing types of logstash-async: the captured {@link io.github.logstashasync.api.LogEvent},
 * per-call {@link io.github.logstashasync.api.Extras}, the immutable settings and the option parsers.
 */
package io.github.logstashasync.api;
