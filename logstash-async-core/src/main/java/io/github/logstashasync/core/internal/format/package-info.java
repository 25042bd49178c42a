/**
 * The JSON writing behind {@link io.github.logstashasync.core.LogstashFormatter} and
 * {@link io.github.logstashasync.core.LogstashEcsFormatter}: options, the shared document layout, safe value
 * rendering, timestamps and the process facts written into every event.
 */
package io.github.logstashasync.core.internal.format;
