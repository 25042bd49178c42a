package io.github.logstashasync.fx;

import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueuedEvent;
import io.github.logstashasync.core.internal.queue.SqliteEventQueue;
import io.github.logstashasync.core.internal.transport.TransportRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Sends the queued events of a database to a destination chosen by the operator, as the handler's worker
 * would: claims a batch (a lease, so a running application's worker never sends the same events at the same
 * time), sends it, and deletes what was delivered, moves what the receiver rejected for good to failed, and
 * returns the rest to the queue. Stops at the first failure that may pass (the receiver is down): the events
 * stay queued for the application or the next try.
 */
final class QueueFlusher {

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
     * @throws QueueException when the database cannot be opened or written
     * @throws io.github.logstashasync.api.InvalidOptionException when the transport or its options are invalid
     */
    Result flush(Request request, LongConsumer progress) throws QueueException, InterruptedException {
        Transport transport = registry.create(request.transport(), request.settings());
        long sent = 0;
        long failed = 0;
        try (SqliteEventQueue queue = SqliteEventQueue.open(database, pipeline)) {
            while (sent + failed < request.limit()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("flush cancelled");
                }
                int max = (int) Math.min(pipeline.batchSize(), request.limit() - sent - failed);
                List<QueuedEvent> batch = queue.claim(max, pipeline.claimLease());
                if (batch.isEmpty()) {
                    return new Result(sent, failed, null);
                }
                Outcome outcome = send(queue, transport, batch);
                sent += outcome.delivered;
                failed += outcome.failed;
                progress.accept(sent + failed);
                if (outcome.stoppedBy != null) {
                    return new Result(sent, failed, outcome.stoppedBy);
                }
            }
            return new Result(sent, failed, null);
        } finally {
            transport.close();
        }
    }

    /** What became of one batch. */
    private static final class Outcome {
        long delivered;
        long failed;
        String stoppedBy;
    }

    private static Outcome send(SqliteEventQueue queue, Transport transport, List<QueuedEvent> batch)
            throws QueueException, InterruptedException {
        List<String> texts = new ArrayList<>(batch.size());
        for (QueuedEvent event : batch) {
            texts.add(event.text());
        }
        Map<Integer, String> rejected = new HashMap<>();
        Outcome outcome = new Outcome();
        int delivered;
        String releaseReason = null;
        try {
            transport.send(texts, (index, reason) -> {
                if (index >= 0 && index < batch.size()) {
                    rejected.put(index, reason);
                }
            });
            delivered = batch.size();
        } catch (TransportException e) {
            delivered = Math.min(e.delivered(), batch.size());
            if (e.retryable()) {
                releaseReason = e.getMessage();
                outcome.stoppedBy = e.getMessage();
            } else {
                for (int i = delivered; i < batch.size(); i++) {
                    rejected.putIfAbsent(i, e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            queue.release(batch, "flush from the monitor cancelled");
            throw e;
        } catch (RuntimeException e) {
            queue.release(batch, e.toString());
            outcome.stoppedBy = "the transport failed unexpectedly: " + e;
            return outcome;
        }
        settle(queue, batch, delivered, rejected, releaseReason, outcome);
        return outcome;
    }

    private static void settle(SqliteEventQueue queue, List<QueuedEvent> batch, int delivered,
            Map<Integer, String> rejected, String releaseReason, Outcome outcome) throws QueueException {
        List<QueuedEvent> done = new ArrayList<>();
        List<QueuedEvent> failed = new ArrayList<>();
        Map<Long, String> reasons = new HashMap<>();
        List<QueuedEvent> retry = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            QueuedEvent event = batch.get(i);
            String reason = rejected.get(i);
            if (reason != null) {
                failed.add(event);
                reasons.put(event.id(), reason);
            } else if (i < delivered) {
                done.add(event);
            } else {
                retry.add(event);
            }
        }
        queue.delete(done);
        queue.fail(failed, reasons);
        if (!retry.isEmpty()) {
            queue.release(retry, releaseReason == null ? "not sent" : releaseReason);
        }
        outcome.delivered = done.size();
        outcome.failed = failed.size();
    }
}
