package io.github.logstashasync.core.internal.queue;

import java.util.List;

/**
 * What a {@link SqliteEventQueue} remembers between claims so that a claim reads only queued rows: the lowest
 * id that may still be queued (every row below it is claimed, by this queue or another, or gone). Without
 * python-logstash-async's index on {@code pending_delete} (we do not create it: it made every write slower)
 * a claim from the start of the table would walk over every claimed row first.
 *
 * <p>The cursor holds only while this connection is the only writer: another connection (a second queue on
 * the file, Python, the inspector) may have released, requeued or taken claims, which {@code PRAGMA
 * data_version} tells, and then the next claim scans from the start. Claims of others whose lease ended are
 * below the cursor too: a claim scans from the start at least every {@code leaseCheckNanos}, and whenever the
 * cursor finds nothing.
 *
 * <p>Not thread-safe: used under the queue's lock.
 */
final class ClaimCursor {

    /** {@link #from} when the claim must scan the whole table. */
    static final long SCAN_ALL = 0;

    private final long leaseCheckNanos;
    private long fromId = SCAN_ALL;
    private long version;
    private boolean versionKnown;
    private long nextLeaseCheck;

    /**
     * Creates a cursor that knows nothing yet.
     *
     * @param leaseCheckNanos how long claims may skip looking for ended leases
     * @param nowNanos        {@link System#nanoTime()} now
     */
    ClaimCursor(long leaseCheckNanos, long nowNanos) {
        this.leaseCheckNanos = leaseCheckNanos;
        this.nextLeaseCheck = nowNanos;
    }

    /**
     * Returns the id from which queued rows are to be claimed, or {@link #SCAN_ALL}.
     *
     * @param dataVersion the connection's {@code PRAGMA data_version}, read in the claim's transaction
     */
    long from(long dataVersion, long nowNanos) {
        if (!versionKnown || dataVersion != version) {
            fromId = SCAN_ALL;
            version = dataVersion;
            versionKnown = true;
        }
        return nowNanos - nextLeaseCheck >= 0 ? SCAN_ALL : fromId;
    }

    /**
     * Records a claim made from {@code from}; its rows are in id order. After it, no row below the last one
     * claimed is queued: a scan returns the lowest claimable rows.
     */
    void claimed(long from, List<QueuedEvent> claimed, long nowNanos) {
        if (from == SCAN_ALL) {
            nextLeaseCheck = nowNanos + leaseCheckNanos;
        }
        if (!claimed.isEmpty()) {
            fromId = claimed.get(claimed.size() - 1).id() + 1;
        }
    }

    /** Records that a scan of the whole table found nothing claimable while the largest id was {@code maxId}. */
    void nothingClaimable(long maxId) {
        fromId = maxId + 1;
    }

    /** Records that rows from {@code firstId} on were returned to the queue by this connection. */
    void released(long firstId) {
        fromId = Math.min(fromId, firstId);
    }

    /** Whether a row with an id up to {@code lastId} may be queued: it is at or above the cursor. */
    boolean reaches(long lastId) {
        return lastId >= fromId;
    }

    /** Forgets the cursor, after a failed transaction that may have changed anything. */
    void forget() {
        fromId = SCAN_ALL;
    }
}
