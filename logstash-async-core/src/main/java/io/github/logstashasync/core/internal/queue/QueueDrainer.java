package io.github.logstashasync.core.internal.queue;

import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Drains a queue to a transport outside a handler (the command line's {@code queue flush}, the monitor's flush):
 * claims a batch, sends it, deletes what was delivered, moves what the receiver rejected for good to failed, and
 * returns the rest to the queue. Stoppable between batches ({@link #stop}); what is
 * not confirmed stays queued, and a claim left behind by a killed process expires, so a drain can always be resumed.
 */
public final class QueueDrainer {

    /**
     * How a drain ended.
     *
     * @param delivered     events confirmed delivered and deleted
     * @param failed        events the receiver rejected for good, moved to failed
     * @param remaining     events still queued or in flight at the end
     * @param elapsed       how long the drain took
     * @param stopped       whether it was stopped before the queue was empty
     * @param lastError     the last send error when it gave up retrying, else null
     */
    public record Result(long delivered, long failed, long remaining, Duration elapsed, boolean stopped,
                         String lastError) {

        /** Delivered events per second over the whole drain. */
        public double rate() {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds <= 0 ? 0 : delivered / seconds;
        }
    }

    /** Receives the counts at the start and after every batch, on the draining thread. */
    @FunctionalInterface
    public interface Listener {
        /** Reports the start: {@code total} events wait. By default, progress with nothing done yet. */
        default void started(long total) {
            progress(0, 0, total, null);
        }

        /**
         * Reports progress.
         *
         * @param delivered events delivered so far
         * @param failed    events failed so far
         * @param total     events waiting when the drain started
         * @param retrying  the error being retried, or null
         */
        void progress(long delivered, long failed, long total, String retrying);
    }

    private final EventQueue queue;
    private final Transport transport;
    private final int batchSize;
    private final Duration lease;
    private final Duration retryInitialDelay;
    private final Duration retryMaxDelay;
    private final int maxRetries;
    private final long limit;
    private final Listener listener;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile Thread runner;

    /**
     * Creates a drainer of the whole queue.
     *
     * @param maxRetries how many failed sends in a row it retries (with back-off) before it gives up
     */
    public QueueDrainer(EventQueue queue, Transport transport, int batchSize, Duration lease,
            Duration retryInitialDelay, Duration retryMaxDelay, int maxRetries, Listener listener) {
        this(queue, transport, batchSize, lease, retryInitialDelay, retryMaxDelay, maxRetries, Long.MAX_VALUE,
                listener);
    }

    /**
     * Creates a drainer.
     *
     * @param maxRetries how many failed sends in a row it retries (with back-off) before it gives up
     * @param limit      how many events at most it delivers or fails
     */
    public QueueDrainer(EventQueue queue, Transport transport, int batchSize, Duration lease,
            Duration retryInitialDelay, Duration retryMaxDelay, int maxRetries, long limit, Listener listener) {
        this.queue = queue;
        this.transport = transport;
        this.batchSize = Math.max(1, transport.maxBatchSize(batchSize));
        this.lease = lease;
        this.retryInitialDelay = retryInitialDelay;
        this.retryMaxDelay = retryMaxDelay;
        this.maxRetries = maxRetries;
        this.limit = limit;
        this.listener = listener;
    }

    /**
     * Drains until the queue is empty, the limit is reached, {@link #stop} is called, the thread is interrupted, or
     * sends fail {@code maxRetries + 1} times in a row. An interrupt is kept set for the caller to see.
     */
    public Result run() throws QueueException {
        runner = Thread.currentThread();
        long start = System.nanoTime();
        try {
            QueueStats before = queue.stats();
            long total = before.queued() + before.inFlight();
            long delivered = 0;
            long failed = 0;
            int failures = 0;
            String lastError = null;
            listener.started(total);
            while (!stopRequested && delivered + failed < limit && !Thread.currentThread().isInterrupted()) {
                List<QueuedEvent> batch = queue.claim((int) Math.min(batchSize, limit - delivered - failed), lease);
                if (batch.isEmpty()) {
                    break;
                }
                Outcome outcome = send(batch);
                delivered += outcome.delivered;
                failed += outcome.failed;
                if (outcome.error == null) {
                    failures = 0;
                    lastError = null;
                    listener.progress(delivered, failed, total, null);
                    continue;
                }
                lastError = outcome.error;
                failures++;
                if (failures > maxRetries || outcome.interrupted) {
                    break;
                }
                listener.progress(delivered, failed, total, outcome.error);
                pause(backoff(failures));
            }
            QueueStats after = queue.stats();
            return new Result(delivered, failed, after.queued() + after.inFlight(),
                    Duration.ofNanos(System.nanoTime() - start), stopRequested,
                    failures > maxRetries ? lastError : null);
        } finally {
            runner = null;
            finished.countDown();
        }
    }

    /**
     * Asks the drain to stop after the batch in hand, and waits up to {@code wait} for it to have put back what
     * it had claimed.
     */
    public void stop(Duration wait) {
        stopRequested = true;
        Thread thread = runner;
        if (thread != null) {
            // wakes it from a back-off pause; a send in progress finishes or times out on its own
            synchronized (this) {
                notifyAll();
            }
        }
        try {
            finished.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Outcome {
        long delivered;
        long failed;
        String error;
        boolean interrupted;
    }

    private Outcome send(List<QueuedEvent> batch) throws QueueException {
        Outcome outcome = new Outcome();
        List<String> texts = new ArrayList<>(batch.size());
        for (QueuedEvent event : batch) {
            texts.add(event.text());
        }
        Map<Integer, String> rejected = new HashMap<>();
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
                outcome.error = e.getMessage();
            } else {
                for (int i = delivered; i < batch.size(); i++) {
                    rejected.putIfAbsent(i, e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delivered = 0;
            releaseReason = "interrupted";
            outcome.error = "interrupted";
            outcome.interrupted = true;
        } catch (RuntimeException e) {
            delivered = 0;
            releaseReason = e.toString();
            outcome.error = "the transport failed: " + e;
        }
        BatchOutcome sorted = BatchOutcome.of(batch, delivered, rejected);
        queue.delete(sorted.done());
        queue.fail(sorted.failed(), sorted.reasons());
        if (!sorted.retry().isEmpty()) {
            queue.release(sorted.retry(), releaseReason == null ? "not confirmed" : releaseReason);
        }
        outcome.delivered = sorted.done().size();
        outcome.failed = sorted.failed().size();
        return outcome;
    }

    private long backoff(int failures) {
        long initial = Math.max(1, retryInitialDelay.toMillis());
        long max = Math.max(initial, retryMaxDelay.toMillis());
        long delay = initial << Math.min(failures - 1, 20);
        delay = Math.min(max, delay);
        // jitter: between half and all of it, so that several drains do not retry in step
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    private synchronized void pause(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        long left = millis;
        while (!stopRequested && left > 0) {
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            left = deadline - System.currentTimeMillis();
        }
    }
}
