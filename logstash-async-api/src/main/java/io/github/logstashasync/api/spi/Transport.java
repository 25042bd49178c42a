package io.github.logstashasync.api.spi;

import java.util.List;

/**
 * Sends batches of formatted events to one destination. Used by one worker thread at a time; it may keep
 * a connection open between batches.
 */
public interface Transport extends AutoCloseable {

    /**
     * Sends a batch. Returns normally when every event was delivered, except those passed to
     * {@code rejections}, which can never be delivered (for example an event larger than a UDP datagram)
     * and go to the failed state with the reason.
     *
     * @param events     the JSON documents, oldest first; never null or empty
     * @param rejections receives the index and reason of each event rejected for good; never null
     * @throws TransportException when the batch, or its undelivered tail, was not delivered
     * @throws InterruptedException when the worker is being stopped
     */
    void send(List<String> events, Rejections rejections) throws TransportException, InterruptedException;

    /**
     * Returns how many events this transport wrote a second time since it was created, of its own accord: for
     * example those a receiver may not have read when it dropped a connection, written again on the next one.
     * The receiver may have them twice; the pipeline counts them as sent twice. Read by the worker after each
     * send and at close; 0 for transports that never send an event again by themselves.
     *
     * @return a running total, never decreasing
     */
    default long eventsSentAgain() {
        return 0;
    }

    /**
     * Closes the connection, waiting at most the socket close wait for unsent bytes. Never throws.
     */
    @Override
    void close();

    /** Receives events that a transport rejects for good. */
    @FunctionalInterface
    interface Rejections {
        /**
         * Marks one event of the batch as undeliverable.
         *
         * @param index  its index in the batch
         * @param reason why, for the operator; never null
         */
        void reject(int index, String reason);
    }
}
