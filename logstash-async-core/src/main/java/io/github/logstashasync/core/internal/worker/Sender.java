package io.github.logstashasync.core.internal.worker;

import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.core.internal.queue.BatchOutcome;
import io.github.logstashasync.core.internal.queue.EventQueue;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueuedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The send loop: decides when to flush, claims batches, hands them to the transport, and deletes, releases
 * or fails them by the outcome. A batch leaves the queue only after the transport reported it delivered.
 */
final class Sender {

    private final Worker worker;
    private final PipelineSettings settings;
    private final EventQueue queue;
    private final ClaimedHandoff handoff;
    private final Transport transport;
    private final ErrorReporter reporter;
    private final Counters counters;
    private final Backoff backoff;
    private final Object signal = new Object();
    /**
     * How many queued events are claimed (or taken from the hand-off) and settled at once: at least
     * {@link #MIN_GROUP}, whatever {@code batchSize} is, so that a backlog drains at the queue's pace; the
     * transport still gets batches of at most {@code batchSize}, and nothing waits for a group to fill.
     */
    private final int groupSize;
    /** Events per send: {@code batchSize}, or more when the transport packs them itself (Transport.maxBatchSize). */
    private final int batchSize;
    /** The smallest group: a claim and a delete of a thousand rows cost little more than of fifty. */
    static final int MIN_GROUP = 1_000;
    /**
     * How long a claim that found nothing waits for an unclaimed append in progress before it claims again: long
     * enough for an append of a batch, short enough to notice a close or a persister stuck on a locked database.
     */
    private static final long PLAIN_APPEND_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * How long a sender that caught up waits for the append the persister is making (it holds deferred deletes):
     * an append of a full drain of the buffer takes about 10 ms; past this the sender deletes them itself.
     */
    private static final long APPEND_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * Set by a retryable failure, cleared by the next send that goes through: meanwhile a claim takes one batch
     * instead of a group, so that a retry against receivers that are still down reads and returns
     * {@code batchSize} rows, not a thousand (measured with three destinations down for 30 s and the SQLite queue:
     * 174 ms of the send thread's CPU, most of it claiming and returning 800 rows per retry).
     */
    private boolean probing;
    private boolean flushRequested;
    /** A flush barrier waits for rows this sender may not know of (another process's): claim from the queue. */
    private boolean lookRequested;
    /** Threads in {@code flush(Duration)}: they want flushes until idle, but within the back-off. */
    private int flushWaiters;
    private long lastFlush = System.nanoTime();
    private long backoffUntil = System.nanoTime();
    /** Set by the sender's thread while it settles a group (see {@link #settling()}). */
    private volatile boolean settling;
    /**
     * Delivered events handed to {@code EventQueue.deleteLater} and not yet counted: they are counted sent (and
     * leave {@code unsent}) once {@link #flushDeletes()} has made sure they are deleted, so that an event whose
     * delete fails is counted once, when it is sent again, as before. Written by the sender's thread only.
     */
    private volatile int uncounted;
    /**
     * The most delivered events whose deletes wait for the queue's next write: past it the sender deletes them
     * itself, so that the counts lag the receiver by little and a crash sends few events twice.
     */
    static final int MAX_UNCOUNTED = 8_192;
    private long nextCheck;
    private volatile boolean busy;
    /** Events of the batch the transport is sending now. */
    private volatile int inFlight;
    private long progress;
    /** Whether the queue was counted since the start (see {@link Worker#NOT_COUNTED}). */
    private boolean counted;
    /** How much of the transport's {@code eventsSentAgain()} is counted; see {@link #countSentAgain()}. */
    private long countedAgain;

    Sender(Worker worker, PipelineSettings settings, EventQueue queue, ClaimedHandoff handoff, Transport transport,
            ErrorReporter reporter, Counters counters) {
        this.worker = worker;
        this.settings = settings;
        this.queue = queue;
        this.handoff = handoff;
        this.transport = transport;
        this.reporter = reporter;
        this.counters = counters;
        this.backoff = new Backoff(settings.retryInitialDelay(), settings.retryMaxDelay());
        this.nextCheck = System.nanoTime();
        this.batchSize = Math.max(1, transport.maxBatchSize(settings.batchSize()));
        this.groupSize = Math.max(MIN_GROUP, batchSize);
    }

    void requestFlush() {
        synchronized (signal) {
            flushRequested = true;
            signal.notifyAll();
        }
    }

    /**
     * Asks the sender to look at the queue itself, not only at what it counted: a flush barrier waits for rows the
     * count may miss. Unlike {@link #requestFlush()} it keeps to the back-off.
     */
    void lookAtQueue() {
        synchronized (signal) {
            lookRequested = true;
            signal.notifyAll();
        }
    }

    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Registers ({@code +1}) or removes ({@code -1}) a thread waiting for everything to be sent. */
    void flushWaiter(int delta) {
        synchronized (signal) {
            flushWaiters += delta;
            signal.notifyAll();
        }
    }

    boolean busy() {
        return busy;
    }

    int inFlight() {
        return inFlight;
    }

    /** Waits until a send cycle ends or {@code nanos} pass. */
    void awaitProgress(long nanos) throws InterruptedException {
        synchronized (signal) {
            long seen = progress;
            long deadline = System.nanoTime() + nanos;
            while (progress == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(signal, left);
            }
        }
    }

    void run() {
        while (true) {
            try {
                if (worker.persistDone()) {
                    finalFlush();
                    return;
                }
                if (waitForWork()) {
                    busy = true;
                    drain();
                }
            } catch (InterruptedException e) {
                if (worker.closing()) {
                    return;
                }
            } catch (RuntimeException | Error e) {
                reporter.report("send", "unexpected error in the send loop (claimed events stay claimed and are sent again when "
                        + "their claim expires): " + e, e);
                backoffUntil = System.nanoTime() + backoff.nextDelayNanos();
            } finally {
                busy = false;
                synchronized (signal) {
                    progress++;
                    signal.notifyAll();
                }
            }
        }
    }

    /** Waits until a flush is due; returns false when woken for another reason (a check, or closing). */
    private boolean waitForWork() throws InterruptedException {
        synchronized (signal) {
            while (true) {
                long now = System.nanoTime();
                if (worker.persistDone()) {
                    return false;
                }
                if (now - nextCheck >= 0) {
                    nextCheck = now + settings.queueCheckInterval().toNanos();
                    break;
                }
                boolean backingOff = now - backoffUntil < 0;
                long unsent = worker.unsent.get();
                if ((unsent > 0 || lookRequested) && (!backingOff || flushRequested)) {
                    if (flushRequested || lookRequested || flushWaiters > 0 || worker.closing() || worker.queueFull()
                            || unsent >= settings.flushCount()
                            || now - lastFlush >= settings.flushInterval().toNanos()) {
                        return true;
                    }
                }
                long wait = nextCheck - now;
                if (unsent > 0 || lookRequested) {
                    wait = Math.min(wait, backingOff ? backoffUntil - now : lastFlush + settings.flushInterval().toNanos() - now);
                }
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.timedWait(signal, wait);
                }
            }
        }
        periodicCheck();
        return false;
    }

    /**
     * Counts what the transport wrote a second time since the last call (a tcp replay): in the statistics and in
     * the queue's persistent count. Called by the sender after each send, and by the close after the transport's.
     */
    synchronized void countSentAgain() {
        long again = transport.eventsSentAgain();
        long added = again - countedAgain;
        if (added > 0) {
            countedAgain = again;
            counters.onSentAgain(added);
            queue.countSentTwice(added);
        }
    }

    /** Expires old events and re-reads the queue's size, which other processes may have changed. */
    private void periodicCheck() {
        if (handoff.stale(System.nanoTime())) {
            returnHeld(); // claimed events cannot expire, nor wait past half their lease
        }
        try {
            if (settings.eventTtl() != null) {
                int expired = queue.expire(settings.eventTtl());
                if (expired > 0) {
                    counters.onExpired(expired);
                    reporter.report("expire", expired + " events expired: older than eventTtl " + settings.eventTtl(), null);
                }
            }
            if (settings.failedEventTtl() != null) {
                int deleted = queue.deleteFailed(settings.failedEventTtl());
                if (deleted > 0) {
                    reporter.report("failed-retention", deleted + " failed events deleted: they failed longer than"
                            + " failedEventTtl " + settings.failedEventTtl() + " ago", null);
                }
            }
            long before = worker.unsent.get();
            long pending = queue.pendingCount();
            if (!counted) {
                // The first count replaces Worker.NOT_COUNTED and keeps what the persister added since the start:
                // rows it appended before the count are counted twice, which only delays idle() until the
                // sender finds the queue empty (then it sets 0), never makes it early.
                worker.unsent.addAndGet(pending - Worker.NOT_COUNTED);
                counted = true;
            } else {
                // Only if the persister added nothing meanwhile: its events may be missing from the count, and a
                // plain set would lose them, letting flush(Duration) report everything sent too early.
                worker.unsent.compareAndSet(before, pending);
            }
            if (pending > handoff.size()) {
                // rows this sender does not hold: another process's, or appended while it was behind
                handoff.setBacklog();
            }
        } catch (QueueException e) {
            reporter.report("queue", "cannot check the queue: " + e.getMessage(), e);
        }
    }

    /**
     * Sends batches until the queue is empty or a send fails: claimed from the queue while it may hold events
     * not in the hand-off (oldest first), then taken from the hand-off.
     */
    private void drain() throws InterruptedException {
        try {
            drainGroups();
        } finally {
            flushDeletes();
        }
    }

    private void drainGroups() throws InterruptedException {
        synchronized (signal) {
            flushRequested = false;
            if (lookRequested) {
                lookRequested = false;
                handoff.setBacklog();
            }
        }
        while (true) {
            if (worker.closing() && worker.closeDeadline() - System.nanoTime() <= 0) {
                return; // past the close deadline: no new batch, no new connection (it would outlive the close)
            }
            long seen = worker.unsent.get();
            List<QueuedEvent> batch;
            if (handoff.backlog()) {
                long mark = handoff.mark();
                try {
                    batch = queue.claim(probing ? settings.batchSize() : groupSize, settings.claimLease());
                } catch (QueueException e) {
                    fail("cannot claim events from the queue: " + e.getMessage(), e);
                    return;
                }
                if (batch.isEmpty() && !handoff.claimFoundNothing(mark)) {
                    // an unclaimed append ran meanwhile: its events may have been missed; claim when it is through
                    handoff.awaitPlainAppend(PLAIN_APPEND_WAIT_NANOS);
                    continue;
                }
            } else {
                batch = handoff.take(probing ? settings.batchSize() : groupSize, System.nanoTime());
                if (batch == null) {
                    returnHeld();
                    continue;
                }
                if (batch.isEmpty() && uncounted > 0 && worker.persisting() && handoff.awaitEvents(APPEND_WAIT_NANOS)) {
                    // Caught up with the persister while it appends: its commit carries the deferred deletes, and
                    // brings the next events. Flushing now instead took the queue's lock from it once per catch-up
                    // (2.3 s of lock waits in a 12 s run, EndToEndBenchmark tcp-sqlite, 1 thread).
                    continue;
                }
            }
            if (batch.isEmpty() && handoff.size() > 0) {
                continue;
            }
            if (batch.isEmpty()) {
                // settle the count first: unsent still holds the events whose deletes were deferred
                seen -= flushDeletes();
                worker.unsent.compareAndSet(seen, 0);
                counted = true; // the queue is empty: a first count that failed has nothing left to replace
                lastFlush = System.nanoTime();
                backoff.reset();
                if (worker.unsent.get() <= 0) {
                    return;
                }
                continue;
            }
            if (!send(batch)) {
                return;
            }
        }
    }

    /**
     * Sends a group of queued events in transport batches of at most {@code batchSize}, and settles the group
     * once: one delete (and one claim, when they came from the queue) per group instead of per batch, which is
     * most of what a drain costs at a small {@code batchSize} (the seed's default is 50). Returns whether it went
     * through (delivered, or failed for good, with anything not sent released to be claimed again).
     */
    private boolean send(List<QueuedEvent> group) throws InterruptedException {
        List<String> texts = new ArrayList<>(group.size());
        for (QueuedEvent event : group) {
            texts.add(event.text());
        }
        Map<Integer, String> rejected = new HashMap<>();
        int done = 0;
        try {
            while (done < group.size()) {
                int end = Math.min(group.size(), done + batchSize);
                List<String> batch = texts.subList(done, end);
                int offset = done;
                long start = System.nanoTime();
                inFlight = batch.size();
                try {
                    transport.send(batch, (index, reason) -> {
                        if (index >= 0 && index < batch.size()) {
                            rejected.put(offset + index, reason);
                        }
                    });
                    countSentAgain();
                } catch (TransportException e) {
                    countSentAgain();
                    int delivered = offset + Math.min(Math.max(0, e.delivered()), batch.size());
                    counters.onBatchFailed(end - delivered, e.getMessage(), e.retryable());
                    if (e.retryable()) {
                        settle(group, delivered, rejected, e.getMessage());
                        returnHeld();
                        retryLater(e.getMessage(), e, e.retryAfter().map(d -> d.toNanos()).orElse(0L));
                        return false;
                    }
                    for (int i = delivered; i < end; i++) {
                        rejected.putIfAbsent(i, e.getMessage());
                    }
                    // this batch failed for good; the group's later batches were not sent: released, claimed again
                    settle(group, end, rejected, end < group.size() ? "not sent: an earlier batch failed" : null);
                    reporter.report("send", (end - delivered) + " events failed for good: " + e.getMessage(), e);
                    return true;
                }
                counters.onBatchSent(batch.size(), System.nanoTime() - start);
                done = end;
            }
            settle(group, group.size(), rejected, null);
            backoff.reset();
            probing = false;
            return true;
        } catch (InterruptedException e) {
            settle(group, done, rejected, "interrupted by shutdown");
            throw e;
        } catch (RuntimeException e) {
            counters.onBatchFailed(group.size() - done, e.toString(), true);
            settle(group, done, rejected, e.toString());
            returnHeld();
            retryLater("the transport failed unexpectedly: " + e, e, 0);
            return false;
        } finally {
            inFlight = 0;
        }
    }

    /**
     * Deletes the first {@code delivered} events that were not rejected, fails the rejected ones, and
     * releases the rest (when {@code releaseReason} is not null).
     */
    private void settle(List<QueuedEvent> batch, int delivered, Map<Integer, String> rejected, String releaseReason) {
        settling = true;
        try {
            settleCounted(batch, delivered, rejected, releaseReason);
        } finally {
            settling = false;
        }
    }

    /**
     * Whether a settle is under way: its rows may be gone from the queue before its events are counted, so a
     * flush barrier that saw them go waits for this to end before it returns (the statistics then show them).
     */
    boolean settling() {
        return settling || uncounted > 0;
    }

    private void settleCounted(List<QueuedEvent> batch, int delivered, Map<Integer, String> rejected,
            String releaseReason) {
        BatchOutcome sorted = BatchOutcome.of(batch, delivered, rejected);
        List<QueuedEvent> done = sorted.done();
        List<QueuedEvent> failed = sorted.failed();
        Map<Long, String> reasons = sorted.reasons();
        List<QueuedEvent> retry = sorted.retry();
        if (!done.isEmpty()) {
            try {
                queue.deleteLater(done);
                uncounted += done.size();
            } catch (QueueException e) {
                reportNotDeleted(done.size(), e);
            }
            if (uncounted >= MAX_UNCOUNTED) {
                flushDeletes();
            }
        }
        try {
            if (!failed.isEmpty()) {
                queue.fail(failed, reasons);
                counters.onFailed(failed.size(), reasons.values().iterator().next());
                worker.unsent.addAndGet(-failed.size());
                reporter.report("rejected", failed.size() + " events moved to failed: " + reasons.values().iterator().next(),
                        null);
            }
        } catch (QueueException e) {
            reporter.report("queue", "cannot move rejected events to failed: " + e.getMessage(), e);
        }
        if (releaseReason != null && !retry.isEmpty()) {
            release(retry, releaseReason);
        }
    }

    /**
     * Makes the queue delete what {@code deleteLater} deferred and counts those events sent, except the ones
     * whose delete failed for good (the queue counts them as delivered but not deleted: they are sent again).
     *
     * @return how many events it took from {@code unsent}
     */
    private int flushDeletes() {
        int pending = uncounted;
        if (pending == 0) {
            return 0;
        }
        long notDeletedBefore = queue.deliveredNotDeleted();
        int counted = pending;
        try {
            queue.flushDeletes();
        } catch (QueueException e) {
            counted = (int) Math.max(0, pending - (queue.deliveredNotDeleted() - notDeletedBefore));
            reportNotDeleted(pending - counted, e);
        }
        uncounted = 0;
        if (counted > 0) {
            counters.onSent(counted);
            worker.unsent.addAndGet(-counted);
        }
        return counted;
    }

    private void reportNotDeleted(int events, QueueException e) {
        reporter.report("queue", events + " delivered events could not be deleted and will be sent again when their"
                + " claim expires: " + e.getMessage(), e);
    }

    private void release(List<QueuedEvent> events, String reason) {
        try {
            queue.release(events, reason);
        } catch (QueueException e) {
            reporter.report("queue", "cannot release claimed events; they will be sent again when their claim "
                    + "expires: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the events of the hand-off to the queue unsent (no attempt counted): after a failed send they are
     * claimed again in order, and a claim is never held long enough for its lease to end.
     */
    private void returnHeld() {
        List<QueuedEvent> held = handoff.takeAll();
        if (held.isEmpty()) {
            return;
        }
        try {
            queue.unclaim(held);
        } catch (QueueException e) {
            reporter.report("queue", held.size() + " events held for sending could not be returned to the queue; "
                    + "they will be sent when their claim expires: " + e.getMessage(), e);
        }
    }

    private void fail(String message, Exception error) {
        retryLater(message, error, 0);
    }

    private void retryLater(String message, Exception error, long atLeastNanos) {
        probing = true;
        counters.onRetry(message, error);
        long delay = Math.max(backoff.nextDelayNanos(), atLeastNanos);
        backoffUntil = System.nanoTime() + delay;
        reporter.report("send", message + "; " + Math.max(0, worker.unsent.get()) + " events stay queued, retrying in "
                + TimeUnit.NANOSECONDS.toMillis(delay) + " ms (attempt " + backoff.failures() + ")", error);
    }

    /** On close: sends what is queued until it is empty or the shutdown deadline passes. */
    private void finalFlush() throws InterruptedException {
        long deadline = worker.closeDeadline();
        periodicCheck();
        while (worker.unsent.get() > 0 && deadline - System.nanoTime() > 0) {
            long wait = backoffUntil - System.nanoTime();
            if (wait > 0) {
                if (deadline - System.nanoTime() < wait) {
                    return;
                }
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            busy = true;
            drain();
            busy = false;
        }
    }
}
