package io.github.logstashasync.core;

import java.util.List;

/** A receiver on 127.0.0.1 that tests stop and start again on the same port, recording the messages it got. */
interface EventReceiver extends AutoCloseable {

    /** The port it listens on, the same after a restart. */
    int port();

    /** The {@code message} field of every event received, in order of arrival (with any duplicates). */
    List<String> messages();

    /** The batches received: HTTP requests, or Beats windows. */
    int batches();

    /** Stops listening and drops every connection; returns once no event can arrive any more. */
    void stop() throws Exception;

    /** Listens again on the same port. */
    void start() throws Exception;

    @Override
    void close();
}
