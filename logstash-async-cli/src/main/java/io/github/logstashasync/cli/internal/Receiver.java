package io.github.logstashasync.cli.internal;

import java.net.InetSocketAddress;

/** A local receiver of one wire format, started on construction; closing it stops it and its connections. */
public interface Receiver extends AutoCloseable {

    /** The address it listens on (the real port when port 0 was asked for). */
    InetSocketAddress address();

    /** Receives each event's JSON document (or whatever text arrived in its place), from any thread. */
    @FunctionalInterface
    interface Sink {
        /**
         * Takes one event.
         *
         * @param text the document as it arrived; never null
         */
        void accept(String text);
    }

    /** Stops listening and closes every connection; never throws. */
    @Override
    void close();
}
