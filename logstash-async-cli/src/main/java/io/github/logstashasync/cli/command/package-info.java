/** The picocli commands of the {@code logstash-async} tool, one class per command. */
package io.github.logstashasync.cli.command;
