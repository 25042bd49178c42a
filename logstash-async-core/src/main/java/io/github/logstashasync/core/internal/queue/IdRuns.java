package io.github.logstashasync.core.internal.queue;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Splits event ids into runs of consecutive ids, so that a batch claimed in one piece is changed with one
 * {@code BETWEEN} statement: ids are unique and a run holds every id between its ends, so no other row can
 * fall inside it. Ids that stand alone are changed with {@code IN} lists of at most the chunk size.
 */
final class IdRuns {

    private final long[] ids;

    private IdRuns(long[] sortedUniqueIds) {
        this.ids = sortedUniqueIds;
    }

    /** Returns the runs of the ids of {@code events}. */
    static IdRuns ofEvents(List<QueuedEvent> events) {
        long[] ids = new long[events.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = events.get(i).id();
        }
        return of(ids);
    }

    /** Returns the runs of {@code ids}. */
    static IdRuns ofIds(Collection<Long> ids) {
        return of(ids.stream().mapToLong(Long::longValue).toArray());
    }

    static IdRuns of(long[] ids) {
        Arrays.sort(ids);
        int unique = 0;
        for (int i = 0; i < ids.length; i++) {
            if (unique == 0 || ids[i] != ids[unique - 1]) {
                ids[unique++] = ids[i];
            }
        }
        return new IdRuns(unique == ids.length ? ids : Arrays.copyOf(ids, unique));
    }

    /** Returns the runs of the ids of all of {@code parts}. */
    static IdRuns union(List<IdRuns> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int size = 0;
        for (IdRuns part : parts) {
            size += part.ids.length;
        }
        long[] all = new long[size];
        int next = 0;
        for (IdRuns part : parts) {
            System.arraycopy(part.ids, 0, all, next, part.ids.length);
            next += part.ids.length;
        }
        return of(all);
    }

    /** Returns the smallest id; there must be one. */
    long first() {
        return ids[0];
    }

    /** Returns the largest id; there must be one. */
    long last() {
        return ids[ids.length - 1];
    }

    /** Returns how many ids there are. */
    int size() {
        return ids.length;
    }

    /** Returns the {@code i}th smallest id. */
    long get(int i) {
        return ids[i];
    }

    /** Whether there are no ids. */
    boolean isEmpty() {
        return ids.length == 0;
    }

    /**
     * Calls {@code ranges} for every run of two or more ids, and {@code singles} with chunks of at most
     * {@code chunkSize} lone ids; a chunk shorter than {@code chunkSize} is padded by repeating its last id,
     * so one prepared statement serves every chunk (a repeated id in {@code IN} changes nothing).
     */
    <E extends Exception> void forEach(int chunkSize, RangeAction<E> ranges, ChunkAction<E> singles) throws E {
        long[] chunk = new long[chunkSize];
        int inChunk = 0;
        int i = 0;
        while (i < ids.length) {
            int j = i;
            while (j + 1 < ids.length && ids[j + 1] == ids[j] + 1) {
                j++;
            }
            if (j > i) {
                ranges.accept(ids[i], ids[j]);
            } else {
                chunk[inChunk++] = ids[i];
                if (inChunk == chunkSize) {
                    singles.accept(chunk);
                    inChunk = 0;
                }
            }
            i = j + 1;
        }
        if (inChunk > 0) {
            Arrays.fill(chunk, inChunk, chunkSize, chunk[inChunk - 1]);
            singles.accept(chunk);
        }
    }

    /** Calls {@code runs} for every run of consecutive ids, a lone id being a run of one. */
    <E extends Exception> void forEachRun(RangeAction<E> runs) throws E {
        int i = 0;
        while (i < ids.length) {
            int j = i;
            while (j + 1 < ids.length && ids[j + 1] == ids[j] + 1) {
                j++;
            }
            runs.accept(ids[i], ids[j]);
            i = j + 1;
        }
    }

    /** Changes the rows with ids from {@code first} to {@code last}, both included. */
    @FunctionalInterface
    interface RangeAction<E extends Exception> {
        void accept(long first, long last) throws E;
    }

    /** Changes the rows whose ids are in {@code chunk} (always of the chunk size, padded). */
    @FunctionalInterface
    interface ChunkAction<E extends Exception> {
        void accept(long[] chunk) throws E;
    }
}
