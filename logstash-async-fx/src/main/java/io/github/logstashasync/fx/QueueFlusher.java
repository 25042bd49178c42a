package io.github.logstashasync.fx;

import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.core.internal.queue.QueueDrainer;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.SqliteEventQueue;
import io.github.logstashasync.core.internal.transport.TransportRegistry;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Sends the queued events of a database to a destination chosen by the operator, as the handler's worker
 * would, through {@link QueueDrainer} (shared with the command line's {@code queue flush}): claims a batch (a
 * lease, so a running application's worker never sends the same events at the same time), sends it, deletes
 * what was delivered, moves what the receiver rejected for good to failed, and returns the rest to the queue.
 * Stops at the first failure that may pass (the receiver is down): the events stay queued for the application
 * or the next try.
 */
final class QueueFlusher {

    /** {@link Result#stoppedBy()} of a flush the operator cancelled. */
    static final String CANCELLED = "cancelled";

    /**
     * What a flush did.
     *
     * @param sent      events delivered and deleted
     * @param failed    events the receiver rejected for good, now failed
     * @param stoppedBy why it stopped before the queue was empty or the limit reached; null when it did not
     */
    record Result(long sent, long failed, String stoppedBy) {
    }

    /**
     * What to flush where.
     *
     * @param transport the transport's id ({@code tcp}, {@code udp}, {@code http}, {@code beats}...)
     * @param settings  where to and how
     * @param limit     how many events at most; {@code Long.MAX_VALUE} for all
     */
    record Request(String transport, TransportSettings settings, long limit) {
    }

    private final Path database;
    private final TransportRegistry registry;
    private final PipelineSettings pipeline;

    QueueFlusher(Path database, TransportRegistry registry, PipelineSettings pipeline) {
        this.database = database;
        this.registry = registry;
        this.pipeline = pipeline;
    }

    /**
     * Flushes; {@code progress} hears the number of events settled so far after each batch.
     *
     * An interrupt of the calling thread cancels the flush after the batch in hand (a send in progress is cut
     * off): what was claimed goes back to the queue, and the result says {@link #CANCELLED}.
     *
     * @throws QueueException when the database cannot be opened or written
     * @throws io.github.logstashasync.api.InvalidOptionException when the transport or its options are invalid
     */
    Result flush(Request request, LongConsumer progress) throws QueueException {
        Transport transport = registry.create(request.transport(), request.settings());
        try (SqliteEventQueue queue = SqliteEventQueue.openExisting(database, pipeline)) {
            // no retries: the first failure that may pass (the receiver is down) ends the flush, events stay queued
            QueueDrainer drainer = new QueueDrainer(queue, transport, pipeline.batchSize(), pipeline.claimLease(),
                    pipeline.retryInitialDelay(), pipeline.retryMaxDelay(), 0, request.limit(),
                    new QueueDrainer.Listener() {
                        @Override
                        public void started(long total) {
                            // the window says that it is flushing; progress counts batches
                        }

                        @Override
                        public void progress(long delivered, long failed, long total, String retrying) {
                            progress.accept(delivered + failed);
                        }
                    });
            QueueDrainer.Result result = drainer.run();
            if (Thread.interrupted()) {
                // cancelled: what was claimed went back to the queue; say how far it got
                return new Result(result.delivered(), result.failed(), CANCELLED);
            }
            return new Result(result.delivered(), result.failed(), result.lastError());
        } finally {
            transport.close();
        }
    }
}
