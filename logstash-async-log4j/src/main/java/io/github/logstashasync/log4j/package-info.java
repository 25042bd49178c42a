/** The Log4j 2 appender {@code <LogstashAsync>}: Log4j events shipped to Logstash through the core pipeline. */
package io.github.logstashasync.log4j;
