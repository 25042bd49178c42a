package io.github.logstashasync.core.internal.format;

import java.io.Writer;
import java.util.Arrays;

/**
 * An unsynchronised {@link Writer} into a {@code char[]} that is reused for every event of one thread; a
 * buffer grown by a huge event is dropped afterwards so that it does not stay allocated. (A plain char array,
 * not a StringBuilder: appending chars to a compact StringBuilder checks every char one by one, while
 * {@code new String(char[])} compresses the whole array at once, and this copy is a large part of formatting.)
 */
final class ReusableWriter extends Writer {

    private static final int INITIAL_CAPACITY = 2048;
    /** Beyond this many characters the buffer is not kept for the next event. */
    private static final int MAX_RETAINED_CAPACITY = 256 * 1024;

    private char[] buffer = new char[INITIAL_CAPACITY];
    private int length;

    @Override
    public void write(int c) {
        ensureCapacity(1);
        buffer[length++] = (char) c;
    }

    @Override
    public void write(char[] chars, int offset, int count) {
        ensureCapacity(count);
        System.arraycopy(chars, offset, buffer, length, count);
        length += count;
    }

    @Override
    public void write(String text, int offset, int count) {
        ensureCapacity(count);
        text.getChars(offset, offset + count, buffer, length);
        length += count;
    }

    @Override
    public void flush() {
        // nothing buffered here
    }

    @Override
    public void close() {
        // reused: closing a generator must not end this writer
    }

    /** Returns what was written since the last {@link #reset()}. */
    String text() {
        return new String(buffer, 0, length);
    }

    /** Empties the buffer for the next event. */
    void reset() {
        if (buffer.length > MAX_RETAINED_CAPACITY) {
            buffer = new char[INITIAL_CAPACITY];
        }
        length = 0;
    }

    private void ensureCapacity(int extra) {
        int needed = length + extra;
        if (needed < 0) {
            throw new OutOfMemoryError("a document larger than 2^31 characters");
        }
        if (needed > buffer.length) {
            int grown = Math.max(needed, buffer.length + (buffer.length >> 1));
            buffer = Arrays.copyOf(buffer, grown < 0 ? Integer.MAX_VALUE - 8 : grown);
        }
    }
}
