/** {@link io.github.logstashasync.micrometer.LogstashAsyncMetrics}: the pipelines' figures as Micrometer meters. */
package io.github.logstashasync.micrometer;
