/**
 * Logback's appender and encoder of logstash-async: {@link io.github.logstashasync.logback.LogstashAppender}, {@link
 * io.github.logstashasync.logback.LogstashEncoder}.
 */
package io.github.logstashasync.logback;
