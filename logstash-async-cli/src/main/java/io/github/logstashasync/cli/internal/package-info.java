/** What the commands are made of: receivers, the queue drainer, progress display, JSON output, secrets. */
package io.github.logstashasync.cli.internal;
