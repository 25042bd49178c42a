package io.github.logstashasync.core.internal.worker;

import io.github.logstashasync.core.internal.queue.EventQueue;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueueStats;
import io.github.logstashasync.core.internal.queue.QueuedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A queue database that could not be opened when the pipeline started, because another process held a lock on
 * it: opened on the worker's threads at their first use and again at each later one until it opens. Until then
 * every operation fails as transient, so the persister keeps events in memory (then the overflow policy) and
 * retries with its back-off, and the application's log calls never wait for the lock. One thread at a time tries to
 * open it; the others fail at once instead of queueing behind its wait, and {@link #close} never waits for an
 * attempt in progress (that one closes what it opened once it sees the close), so that closing keeps its deadline
 * while another process holds the lock.
 */
public final class DeferredQueue implements EventQueue {

    /** Opens the real queue; may wait for a lock up to {@code databaseTimeout}. */
    @FunctionalInterface
    public interface Opener {
        /** Opens the queue. */
        EventQueue open() throws QueueException;
    }

    private final Opener opener;
    private final ErrorReporter reporter;
    private final String description;
    private volatile EventQueue queue;
    private final AtomicLong unopenedDrops = new AtomicLong();
    /** Held by the one thread that tries to open the database. */
    private final ReentrantLock opening = new ReentrantLock();
    private volatile boolean closed;
    /** Whether the opened queue was closed: by {@link #close} or by an opening that finished after it. */
    private final AtomicBoolean queueClosed = new AtomicBoolean();
    private volatile boolean vacuumAtClose;

    /**
     * Creates the queue; nothing is opened yet.
     *
     * @param opener      opens the real queue
     * @param reporter    hears when it finally opens
     * @param description names the database in messages
     */
    public DeferredQueue(Opener opener, ErrorReporter reporter, String description) {
        this.opener = opener;
        this.reporter = reporter;
        this.description = description;
    }

    private EventQueue queue() throws QueueException {
        EventQueue open = queue;
        if (open != null) {
            return open;
        }
        if (closed) {
            throw closedBeforeOpen();
        }
        if (!opening.tryLock()) {
            // another thread waits for the lock (up to databaseTimeout): this one does not queue up behind it
            throw notOpenYet(null, "another process holds its lock");
        }
        try {
            open = queue;
            if (open != null) {
                return open;
            }
            EventQueue opened;
            try {
                opened = opener.open();
            } catch (QueueException e) {
                // the cause's message names the database again: said once, in words
                throw notOpenYet(e, e.transientFailure() ? "another process holds its lock" : e.getMessage());
            }
            opened.countDropped(unopenedDrops.getAndSet(0));
            queue = opened;
            if (closed) {
                // closed while this thread waited for the lock: close() saw no queue, so it is closed here
                closeOpened();
                throw closedBeforeOpen();
            }
        } finally {
            opening.unlock();
        }
        reporter.report("queue", "the queue database " + description + " is open now", null);
        return queue;
    }

    private QueueException notOpenYet(QueueException cause, String why) {
        return new QueueException("the queue database " + description + " is not open yet (" + why
                + "); events wait in memory and it is tried again", cause, true);
    }

    private QueueException closedBeforeOpen() {
        return new QueueException("the queue database " + description + " was closed before it could be opened",
                null, false);
    }

    private void closeOpened() {
        EventQueue open = queue;
        if (open != null && queueClosed.compareAndSet(false, true)) {
            open.close(vacuumAtClose);
        }
    }

    @Override
    public int append(List<String> events) throws QueueException {
        return queue().append(events);
    }

    @Override
    public List<QueuedEvent> appendClaimed(List<String> events) throws QueueException {
        return queue().appendClaimed(events);
    }

    @Override
    public void unclaim(List<QueuedEvent> events) throws QueueException {
        queue().unclaim(events);
    }

    @Override
    public List<QueuedEvent> claim(int max, Duration lease) throws QueueException {
        return queue().claim(max, lease);
    }

    @Override
    public void delete(List<QueuedEvent> events) throws QueueException {
        queue().delete(events);
    }

    @Override
    public void deleteLater(List<QueuedEvent> events) throws QueueException {
        queue().deleteLater(events);
    }

    @Override
    public void flushDeletes() throws QueueException {
        EventQueue open = queue;
        if (open != null) { // nothing was deferred before it opened
            open.flushDeletes();
        }
    }

    @Override
    public void release(List<QueuedEvent> events, String error) throws QueueException {
        queue().release(events, error);
    }

    @Override
    public void fail(List<QueuedEvent> events, Map<Long, String> reasons) throws QueueException {
        queue().fail(events, reasons);
    }

    @Override
    public int expire(Duration ttl) throws QueueException {
        return queue().expire(ttl);
    }

    @Override
    public int deleteFailed(Duration ttl) throws QueueException {
        return queue().deleteFailed(ttl);
    }

    @Override
    public long pendingCount() throws QueueException {
        return queue().pendingCount();
    }

    @Override
    public java.time.Instant oldestEntryDate() throws QueueException {
        return queue().oldestEntryDate();
    }

    @Override
    public long[] idBounds() throws QueueException {
        return queue().idBounds();
    }

    @Override
    public QueueStats stats() throws QueueException {
        return queue().stats();
    }

    @Override
    public void vacuum() throws QueueException {
        queue().vacuum();
    }

    @Override
    public long deliveredNotDeleted() {
        EventQueue open = queue;
        return open == null ? 0 : open.deliveredNotDeleted();
    }

    /** Passes drops on to the queue once it is open; until then they wait here, and are passed on at its opening. */
    @Override
    public void countDropped(long count) {
        EventQueue open = queue;
        if (open != null) {
            open.countDropped(count);
        } else {
            unopenedDrops.addAndGet(count);
            open = queue;
            if (open != null) { // opened meanwhile: pass on what it may not have taken
                open.countDropped(unopenedDrops.getAndSet(0));
            }
        }
    }

    @Override
    public void countSentTwice(long count) {
        EventQueue open = queue;
        if (open != null) { // nothing is sent before it opened
            open.countSentTwice(count);
        }
    }

    @Override
    public boolean durable() {
        return true;
    }

    /** Closes the queue if it is open; never waits for an attempt to open it, which closes what it opens then. */
    @Override
    public void close(boolean vacuum) {
        vacuumAtClose = vacuum;
        closed = true;
        closeOpened();
    }
}
