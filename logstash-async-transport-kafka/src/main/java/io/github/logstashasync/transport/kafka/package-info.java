/** The {@code kafka} transport's provider: its id and its option names. */
package io.github.logstashasync.transport.kafka;
