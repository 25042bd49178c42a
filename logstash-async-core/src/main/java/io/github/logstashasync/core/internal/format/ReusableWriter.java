package io.github.logstashasync.core.internal.format;

import java.io.Writer;

/**
 * An unsynchronised {@link Writer} into a {@link StringBuilder} that is reused for every event of one thread;
 * a buffer grown by a huge event is dropped afterwards so that it does not stay allocated.
 */
final class ReusableWriter extends Writer {

    private static final int INITIAL_CAPACITY = 1024;
    /** Beyond this many characters the buffer is not kept for the next event. */
    private static final int MAX_RETAINED_CAPACITY = 256 * 1024;

    private StringBuilder buffer = new StringBuilder(INITIAL_CAPACITY);

    @Override
    public void write(int c) {
        buffer.append((char) c);
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        buffer.append(chars, offset, length);
    }

    @Override
    public void write(String text, int offset, int length) {
        buffer.append(text, offset, offset + length);
    }

    @Override
    public Writer append(CharSequence text) {
        buffer.append(text);
        return this;
    }

    @Override
    public void flush() {
        // nothing buffered here
    }

    @Override
    public void close() {
        // reused: closing the generator must not end this writer
    }

    /** Returns what was written since the last {@link #reset()}. */
    String text() {
        return buffer.toString();
    }

    /** Empties the buffer for the next event. */
    void reset() {
        if (buffer.capacity() > MAX_RETAINED_CAPACITY) {
            buffer = new StringBuilder(INITIAL_CAPACITY);
        } else {
            buffer.setLength(0);
        }
    }
}
