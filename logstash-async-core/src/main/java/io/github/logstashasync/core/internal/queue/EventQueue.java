package io.github.logstashasync.core.internal.queue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Formatted events waiting to be sent. Events are appended in batches, claimed for sending with a lease,
 * then deleted once delivered, released for another try, or moved to the failed state.
 *
 * <p>Thread-safe: one thread may append while another claims, deletes and releases.
 */
public interface EventQueue extends AutoCloseable {

    /**
     * Appends events in one transaction, oldest first.
     *
     * @param events JSON documents; never null
     * @return how many were stored; fewer than given only when a bounded queue is full (the rest are dropped)
     * @throws QueueException when nothing was stored
     */
    int append(List<String> events) throws QueueException;

    /**
     * Appends events in one transaction, already claimed by this queue as if {@link #claim} had just returned
     * them: the caller sends them from memory and then deletes, releases or fails them like claimed events,
     * without reading them back. If the process ends before that, they are claimable again as any claim of a
     * process that ended (at once at the next start, or when the lease runs out).
     *
     * @param events JSON documents; never null
     * @return the stored events, claimed, in the order given; fewer than given only when a bounded queue is full
     *         (the rest are dropped)
     * @throws QueueException when nothing was stored
     */
    List<QueuedEvent> appendClaimed(List<String> events) throws QueueException;

    /**
     * Returns claimed events to the queue without counting an attempt or keeping an error: they were never
     * sent (events appended claimed that the sender gives back).
     */
    void unclaim(List<QueuedEvent> events) throws QueueException;

    /**
     * Claims up to {@code max} events, oldest first, that are queued or whose claim is older than
     * {@code lease} (a worker that died before confirming them).
     *
     * @return the claimed events in queue order; empty when none wait
     */
    List<QueuedEvent> claim(int max, Duration lease) throws QueueException;

    /** Deletes delivered events; ids not found are ignored. */
    void delete(List<QueuedEvent> events) throws QueueException;

    /**
     * Deletes delivered events as {@link #delete} does, but a store may defer it to its next write, so that one
     * commit carries the delete and, say, the next append; {@link #flushDeletes()} makes every deferred delete
     * happen now. Until then the events stay in the store claimed by this queue: a crash meanwhile sends them again,
     * as a crash between a send and its delete always could. By default, deletes at once.
     */
    default void deleteLater(List<QueuedEvent> events) throws QueueException {
        delete(events);
    }

    /**
     * Deletes now what {@link #deleteLater} deferred. A delete that fails is counted as {@link #delete}'s are
     * ({@link #deliveredNotDeleted()}); the exception says how many events it left.
     */
    default void flushDeletes() throws QueueException {
    }

    /**
     * Returns how many delivered events {@link #delete} failed to delete since this queue was opened: they stay
     * queued (claimed) and will be sent a second time. Zero for stores whose delete cannot fail.
     */
    default long deliveredNotDeleted() {
        return 0;
    }

    /**
     * Adds {@code count} events that the pipeline dropped before storing them to the store's count of drops
     * ({@link QueueStats#dropped()}), so that {@code queue stats} shows them after the process ended. Never fails
     * and never waits: a durable store writes the count with its next successful write.
     */
    default void countDropped(long count) {
    }

    /**
     * Adds {@code count} delivered events that the transport wrote a second time to the store's count
     * ({@link QueueStats#sentTwice()}); like {@link #countDropped}, never fails and never waits.
     */
    default void countSentTwice(long count) {
    }

    /** Returns claimed events to the queue for another try, counting the attempt and keeping the error. */
    void release(List<QueuedEvent> events, String error) throws QueueException;

    /** Moves events to the failed state; {@code reasons} maps an event id to why it failed. */
    void fail(List<QueuedEvent> events, Map<Long, String> reasons) throws QueueException;

    /**
     * Expires queued (unclaimed) events older than {@code ttl}.
     *
     * @return how many expired
     */
    int expire(Duration ttl) throws QueueException;

    /** Returns how many events are queued or claimed, that is, not yet delivered, failed or expired. */
    long pendingCount() throws QueueException;

    /**
     * The ids of the oldest and newest event still in the queue (queued or in flight, not failed), as
     * {@code {first, last}}; {@code {Long.MAX_VALUE, 0}} when it is empty. Ids only grow, so "nothing at or below
     * the {@code last} seen at some moment is left" means everything queued at that moment is settled: the
     * barrier of a flush, which ignores events queued later (other processes' included).
     */
    long[] idBounds() throws QueueException;

    /** When the oldest event still in the queue was added, or null when it is empty; a cheap read (by id). */
    java.time.Instant oldestEntryDate() throws QueueException;

    /** Returns the counts by state. */
    QueueStats stats() throws QueueException;

    /** Whether events survive a restart of the process. */
    boolean durable();

    /**
     * Compacts the store now, reporting failures (which {@link #close(boolean)} cannot); does nothing for
     * stores that need no compaction.
     */
    default void vacuum() throws QueueException {
    }

    /**
     * Closes the queue; claims that were not confirmed stay in the store for the next start.
     *
     * @param vacuum whether to compact the store first; a failure of that is ignored (call {@link #vacuum()}
     *               first to see it)
     */
    void close(boolean vacuum);

    @Override
    default void close() {
        close(false);
    }

    /**
     * Deletes the failed events that failed longer than {@code ttl} ago, and returns how many; a queue without a
     * failed table deletes nothing.
     */
    default int deleteFailed(Duration ttl) throws QueueException {
        return 0;
    }

    /** Whether this is the memory queue (for reports: a full one is named by its capacity, not a cap in bytes). */
    default boolean isMemory() {
        return false;
    }
}
