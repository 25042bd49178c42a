package io.github.logstashasync.core.internal.transport;

import io.github.logstashasync.api.ConnectionStrategy;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The connection strategy: which destinations a batch is offered to, in order. Used by the sending thread only.
 * A destination that took a batch becomes the current one; the strategy decides when to move on from it.
 */
final class DestinationSelector {

    private final ConnectionStrategy strategy;
    /** The number of destinations; changes when {@code resolveAll} finds other addresses ({@link #resize}). */
    private int size;
    /** Under failover, how long a later destination keeps the batches before the first is tried again; 0: never. */
    private final long ttlNanos;
    private final int rotateEvery;
    /** Under round-robin and random, how long one destination keeps the batches; 0: no limit. */
    private final long rotateNanos;
    private final Random random;
    private int current;
    private long currentSince;
    private int batchesOnCurrent;

    DestinationSelector(ConnectionStrategy strategy, int size, Duration secondaryConnectionTtl, int rotateEvery,
            Random random) {
        this(strategy, size, secondaryConnectionTtl, rotateEvery, null, random);
    }

    DestinationSelector(ConnectionStrategy strategy, int size, Duration secondaryConnectionTtl, int rotateEvery,
            Duration rotateInterval, Random random) {
        this.strategy = strategy;
        this.size = size;
        this.ttlNanos = secondaryConnectionTtl == null ? 0 : TransportChecks.nanos(secondaryConnectionTtl);
        this.rotateEvery = rotateEvery;
        this.rotateNanos = rotateInterval == null ? 0 : TransportChecks.nanos(rotateInterval);
        this.random = random;
        this.currentSince = System.nanoTime();
        if (strategy == ConnectionStrategy.RANDOM) {
            current = random().nextInt(size);
        }
    }

    /**
     * The destinations to offer the next batch to, best first, among those {@code available}; empty when none is.
     */
    int[] candidates(DestinationState[] states, long now) {
        int[] order = switch (strategy) {
            case FAILOVER -> failoverOrder(states, now);
            case ROUND_ROBIN -> cyclicFrom(rotationDue(now) ? (current + 1) % size : current);
            case RANDOM -> randomOrder(states, now);
        };
        int n = 0;
        for (int index : order) {
            if (states[index].available(now)) {
                order[n++] = index;
            }
        }
        return java.util.Arrays.copyOf(order, n);
    }

    /**
     * Whether the current destination has had its share: {@code rotateEvery} batches, or {@code rotateInterval} since
     * it took its first batch of this turn. Nothing else counts: moving on never reconnects (every destination keeps
     * its connection), so a turn is only about how the batches spread.
     */
    private boolean rotationDue(long now) {
        return batchesOnCurrent >= rotateEvery || (rotateNanos > 0 && batchesOnCurrent > 0 && now - currentSince >= rotateNanos);
    }

    /**
     * Starts again over {@code newSize} destinations, from {@code newCurrent} (the current one's new index, or 0 when
     * it is gone), as if it had taken no batch yet: after {@code resolveAll} found other addresses.
     */
    void resize(int newSize, int newCurrent, long now) {
        size = newSize;
        current = newCurrent >= 0 && newCurrent < newSize ? newCurrent : 0;
        currentSince = now;
        batchesOnCurrent = 0;
    }

    /** Records that destination {@code index} took a whole batch at {@code now}. */
    void delivered(int index, long now) {
        if (index != current || batchesOnCurrent == 0) {
            current = index;
            currentSince = now;
            batchesOnCurrent = 0;
        }
        if (batchesOnCurrent < Integer.MAX_VALUE) {
            batchesOnCurrent++;
        }
    }

    /** The destination that took the last batch (the first one before any did). */
    int current() {
        return current;
    }

    /**
     * The current destination while it is available and is the first one, or has had the batches for less than
     * the TTL; then the rest in list order. Otherwise the list order, so the first available one gets the batch.
     */
    private int[] failoverOrder(DestinationState[] states, long now) {
        boolean sticky = current != 0 && states[current].available(now) && (ttlNanos == 0 || now - currentSince < ttlNanos);
        int[] order = new int[size];
        if (!sticky) {
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            return order;
        }
        order[0] = current;
        int n = 1;
        for (int i = 0; i < size; i++) {
            if (i != current) {
                order[n++] = i;
            }
        }
        return order;
    }

    private int[] cyclicFrom(int start) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = (start + i) % size;
        }
        return order;
    }

    /** The current one until it has had {@code rotateEvery} batches (or is unavailable), then a random order. */
    private int[] randomOrder(DestinationState[] states, long now) {
        int[] order = cyclicFrom(0);
        Random r = random();
        for (int i = size - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        if (!rotationDue(now) && states[current].available(now)) {
            for (int i = 0; i < size; i++) {
                if (order[i] == current) {
                    order[i] = order[0];
                    order[0] = current;
                    break;
                }
            }
        }
        return order;
    }

    private Random random() {
        return random != null ? random : ThreadLocalRandom.current();
    }
}
