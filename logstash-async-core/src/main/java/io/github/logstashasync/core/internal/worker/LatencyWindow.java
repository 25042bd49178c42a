package io.github.logstashasync.core.internal.worker;

import java.util.Arrays;

/** The send times of the most recent batches, for their percentiles; written by the sender only. */
final class LatencyWindow {

    private static final int SIZE = 512;

    private final long[] nanos = new long[SIZE];
    private int next;
    private int count;

    synchronized void add(long value) {
        nanos[next] = value;
        next = (next + 1) % SIZE;
        count = Math.min(count + 1, SIZE);
    }

    /** The {@code p}-th percentile (0..100) of the recent batches' send times in milliseconds; 0 when none. */
    synchronized double percentileMillis(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int index = (int) Math.min(count - 1, Math.max(0, Math.ceil(p / 100.0 * count) - 1));
        return sorted[index] / 1_000_000.0;
    }
}
