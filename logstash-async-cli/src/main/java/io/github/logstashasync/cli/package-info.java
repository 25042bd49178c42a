/** The entry point of the {@code logstash-async} command-line tool. */
package io.github.logstashasync.cli;
