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
    private final int size;
    /** Under failover, how long a later destination keeps the batches before the first is tried again; 0: never. */
    private final long ttlNanos;
    private final int rotateEvery;
    private final Random random;
    private int current;
    private long currentSince;
    private int batchesOnCurrent;

    DestinationSelector(ConnectionStrategy strategy, int size, Duration secondaryConnectionTtl, int rotateEvery,
            Random random) {
        this.strategy = strategy;
        this.size = size;
        this.ttlNanos = secondaryConnectionTtl == null ? 0 : TransportChecks.nanos(secondaryConnectionTtl);
        this.rotateEvery = rotateEvery;
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
            case ROUND_ROBIN -> cyclicFrom(batchesOnCurrent >= rotateEvery ? (current + 1) % size : current);
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

    /** Records that destination {@code index} took a whole batch at {@code now}. */
    void delivered(int index, long now) {
        if (index != current) {
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
        if (batchesOnCurrent < rotateEvery && states[current].available(now)) {
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
