package io.github.logstashasync.core.internal.worker;

import io.github.logstashasync.core.internal.queue.QueuedEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Events the persister appended already claimed ({@code EventQueue.appendClaimed}) and handed to the sender
 * in memory, so that the sender neither reads them back nor claims them: it sends them and deletes them. This
 * halves the store's work per event (no claim query, no claim update), which is what the SQLite queue's
 * end-to-end rate is made of.
 *
 * <p>The claim path stays for everything else: events left from an earlier run or another process, events a
 * failed send returned, and events the persister appended unclaimed because this hand-off was full (the
 * sender was behind). While such a <em>backlog</em> may exist the sender claims, oldest first, until a claim
 * finds nothing, and only then takes from memory; the persister keeps appending through memory while there is
 * room, so that a backlog does not grow from new events and the fast path resumes under sustained load (were
 * new events appended unclaimed during a backlog, a load above the claim path's rate would never leave it).
 * Events leave in append order except after an overflow of this hand-off: then the unclaimed events appended
 * after it go before the ones held here.
 *
 * <p>A claim that finds nothing proves the backlog empty only if no unclaimed append ran meanwhile: the
 * persister bumps {@link #plainAppends} before and after each one (odd while it runs), and the sender clears
 * the backlog only if the count it read before its claim is even and unchanged.
 *
 * <p>Held events stay claimed in the store: if the process dies they come back like any claim of an ended
 * process. Events held longer than allowed (half the claim lease, so that no other process takes the claim over
 * first, and at most {@code eventTtl}, since claimed events do not expire) are returned to the queue by the
 * sender: when it would take them, and at its periodic check.
 *
 * <p>Thread-safe: the persister and the sender meet here under one monitor, for list operations only.
 */
final class ClaimedHandoff {

    private final int capacity;
    private final long maxHoldNanos;
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private int size;
    /**
     * Whether the store may hold events that are not here: the sender must claim before it takes from here. True
     * at the start, as a queue may hold events of an earlier run or another process: the first claim finds out.
     */
    private boolean backlog = true;
    private long plainAppends;
    /** Set when the sender gave the held events back after a failed send: then the persister does not wait. */
    private boolean paused;
    /**
     * Threads in {@link #waitUntil}: the persister for room, or the sender for an unclaimed append to end or for
     * events. Each only ever waits for the other, so one count tells both notifying sides whether anyone listens.
     */
    private int waiters;

    /**
     * @param capacity     how many events may wait here; beyond it the persister appends unclaimed
     * @param maxHoldNanos how long an event may wait here before the sender returns it to the queue
     */
    ClaimedHandoff(int capacity, long maxHoldNanos) {
        this.capacity = capacity;
        this.maxHoldNanos = maxHoldNanos;
    }

    /**
     * Persister: waits up to {@code nanos} for room for the next append, unless a send failed since the last
     * good one; if this returns false, append unclaimed between {@link #plainAppendStarts()} and
     * {@link #plainAppendEnds()}. The short wait keeps a sender that is about as fast as the persister on the
     * fast path: without it, each overflow starts a backlog that the slower claim path may never catch up with.
     * It is kept while the sender claims a backlog too (the backlog may end within it): not waiting then made the
     * log-to-disk p99 at a steady 100,000 events/s worse (PersistLatency 100000 15 5, three runs each: 123-225 ms
     * against 83-168 ms) and put the sender on the claim path more often.
     */
    synchronized boolean awaitRoom(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (size >= capacity && !paused && waitUntil(deadline)) {
            // woken by a take, or by a failed send (paused)
        }
        return size < capacity;
    }

    /** Persister: an append of unclaimed events starts; they form a backlog the sender must claim. */
    synchronized void plainAppendStarts() {
        plainAppends++;
        backlog = true;
    }

    /** Persister: the unclaimed append ended, stored or not. */
    synchronized void plainAppendEnds() {
        plainAppends++;
        if (waiters > 0) {
            notifyAll();
        }
    }

    /**
     * Sender: after a claim that found nothing while an unclaimed append ran ({@link #claimFoundNothing} false),
     * waits up to {@code nanos} for the append running now, if one is, to end; its events are there to claim then.
     * Claiming again at once instead spins on the queue's lock, which the waiting append needs: with a lock that
     * lets the running thread take it again first, the persister lost it to the sender for seconds at a time, and
     * the application's threads waited past {@code blockTimeout} (EndToEndBenchmark, SQLite queue).
     */
    synchronized void awaitPlainAppend(long nanos) throws InterruptedException {
        long running = plainAppends;
        long deadline = System.nanoTime() + nanos;
        while ((running & 1) != 0 && plainAppends == running && waitUntil(deadline)) {
            // woken by the end of an append
        }
    }

    /** Waits on this monitor, which the caller holds, until notified or {@code deadline}; false once it passed. */
    private boolean waitUntil(long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        waiters++;
        try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        } finally {
            waiters--;
        }
        return true;
    }

    /** Persister: hands over events appended claimed, in append order. */
    synchronized void add(List<QueuedEvent> events, long nowNanos) {
        if (!events.isEmpty()) {
            chunks.addLast(new Chunk(events, nowNanos));
            size += events.size();
            if (waiters > 0) {
                notifyAll();
            }
        }
    }

    /**
     * Sender: waits up to {@code nanos} for events to be handed over while none are here; returns whether some are.
     * Used while the persister has events in hand.
     */
    synchronized boolean awaitEvents(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (size == 0 && waitUntil(deadline)) {
            // woken by an add
        }
        return size > 0;
    }

    /** Sender: whether it must claim from the store before taking from here. */
    synchronized boolean backlog() {
        return backlog;
    }

    /** Sender: marks that the store may hold events that are not here (a check counted more than is here). */
    synchronized void setBacklog() {
        backlog = true;
    }

    /** Sender: read before a claim, passed to {@link #claimFoundNothing} after it. */
    synchronized long mark() {
        return plainAppends;
    }

    /**
     * Sender: a claim that started at {@code mark} found nothing. Clears the backlog unless an unclaimed append
     * ran meanwhile.
     *
     * @return whether the backlog is clear now
     */
    synchronized boolean claimFoundNothing(long mark) {
        if (mark == plainAppends && (mark & 1) == 0) {
            backlog = false;
            paused = false;
        }
        return !backlog;
    }

    /** Sender: the number of events waiting here. */
    synchronized int size() {
        return size;
    }

    /**
     * Sender: takes up to {@code max} events, oldest first; empty when none wait. Returns null, and takes
     * nothing, when the oldest waited longer than allowed: then {@link #takeAll()} and return them to the queue.
     */
    synchronized List<QueuedEvent> take(int max, long nowNanos) {
        if (stale(nowNanos)) {
            return null;
        }
        Chunk head = chunks.peekFirst();
        if (head == null) {
            return List.of();
        }
        List<QueuedEvent> taken = new ArrayList<>(Math.min(max, size));
        while (taken.size() < max && head != null) {
            int n = Math.min(max - taken.size(), head.events.size() - head.next);
            taken.addAll(head.events.subList(head.next, head.next + n));
            head.next += n;
            if (head.next == head.events.size()) {
                chunks.pollFirst();
                head = chunks.peekFirst();
            }
        }
        size -= taken.size();
        paused = false;
        if (waiters > 0) {
            notifyAll();
        }
        return taken;
    }

    /** Sender: whether the oldest event here waited longer than allowed; then {@link #takeAll()} and return them. */
    synchronized boolean stale(long nowNanos) {
        Chunk head = chunks.peekFirst();
        return head != null && nowNanos - head.addedNanos > maxHoldNanos;
    }

    /** Sender: takes every event waiting here and marks a backlog, to return them to the queue. */
    synchronized List<QueuedEvent> takeAll() {
        List<QueuedEvent> all = new ArrayList<>(size);
        for (Chunk chunk : chunks) {
            all.addAll(chunk.events.subList(chunk.next, chunk.events.size()));
        }
        chunks.clear();
        size = 0;
        backlog = true;
        paused = true;
        notifyAll();
        return all;
    }

    private static final class Chunk {
        final List<QueuedEvent> events;
        final long addedNanos;
        int next;

        Chunk(List<QueuedEvent> events, long addedNanos) {
            this.events = events;
            this.addedNanos = addedNanos;
        }
    }
}
