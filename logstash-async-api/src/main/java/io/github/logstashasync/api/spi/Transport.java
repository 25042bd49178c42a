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
     * How many events one {@link #send} may take, given the pipeline's {@code batchSize}: that number for most
     * transports, whose batch is what goes out at once (one write, one request, one window). A transport that packs
     * events into requests by itself (Kafka's producer, by bytes per partition) may take more, so that one wait for
     * confirmation covers many batches of the pipeline; the worker then hands it up to this many of the events it
     * holds.
     *
     * @param batchSize the pipeline's {@code batchSize}, at least 1
     * @return the most events per send, at least 1
     */
    default int maxBatchSize(int batchSize) {
        return batchSize;
    }

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
