package io.github.logstashasync.core.internal.transport.tcp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The batches written lately on the current connection, which the receiver may not have read yet, kept so that
 * they can be written again on the next connection when this one turns out to have been closed or reset. TCP
 * tells the sender only that its own kernel took the bytes; a receiver that drops the connection discards what
 * sat unread in the kernel buffers of both ends, which on Linux loopback measured about 2 MB. So the window keeps
 * the most recent {@code limit} bytes, at least the last batch: a byte written longer ago than that has, in all
 * likelihood, left both buffers and was read (a receiver whose kernel buffers more than that can still lose
 * events unnoticed, which is what the option {@code replayWindow} is for). Used under the transport's lock only.
 */
final class ReplayWindow {

    /**
     * One batch as written.
     *
     * @param lines the encoded events, without the line ends
     * @param bytes how many bytes the batch took on the wire, line ends included
     */
    record Batch(byte[][] lines, long bytes) {
        int events() {
            return lines.length;
        }
    }

    private final long limit;
    private final ArrayDeque<Batch> batches = new ArrayDeque<>();
    private long bytes;

    /** Creates a window that keeps {@code limit} bytes; 0 keeps nothing. */
    ReplayWindow(long limit) {
        this.limit = limit;
    }

    /** The bytes it keeps. */
    long limit() {
        return limit;
    }

    /** Adds a batch that was written, and forgets the oldest ones beyond the limit. */
    void add(Batch batch) {
        if (limit <= 0) {
            return;
        }
        batches.addLast(batch);
        bytes += batch.bytes();
        while (batches.size() > 1 && bytes - batches.peekFirst().bytes() >= limit) {
            bytes -= batches.removeFirst().bytes();
        }
    }

    /** Removes and returns every batch, oldest first. */
    List<Batch> takeAll() {
        List<Batch> all = new ArrayList<>(batches);
        clear();
        return all;
    }

    /** Forgets every batch: the receiver read them. */
    void clear() {
        batches.clear();
        bytes = 0;
    }

    /** The bytes of {@code batches}. */
    static long bytes(List<Batch> batches) {
        long bytes = 0;
        for (Batch batch : batches) {
            bytes += batch.bytes();
        }
        return bytes;
    }

    /** The events of {@code batches}. */
    static int events(List<Batch> batches) {
        int events = 0;
        for (Batch batch : batches) {
            events += batch.events();
        }
        return events;
    }
}
