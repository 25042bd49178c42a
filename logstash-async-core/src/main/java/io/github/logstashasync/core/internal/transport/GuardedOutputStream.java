package io.github.logstashasync.core.internal.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;

/**
 * A socket output stream whose writes must each make progress within a timeout, else the connection is closed
 * and the write fails with a {@link java.net.SocketTimeoutException}.
 */
final class GuardedOutputStream extends OutputStream {

    // Large writes are split so that the timeout bounds the time without progress, not the time of a big write.
    private static final int CHUNK = 64 * 1024;

    private final OutputStream out;
    private final Closeable connection;
    private final WriteWatchdog.Guard guard;

    GuardedOutputStream(OutputStream out, Duration timeout, Closeable connection) {
        this.out = out;
        this.connection = connection;
        this.guard = new WriteWatchdog.Guard(timeout, connection);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int position = offset;
        int end = offset + length;
        while (position < end) {
            int from = position;
            int count = Math.min(CHUNK, end - position);
            guard.run("writing", () -> out.write(bytes, from, count));
            position += count;
        }
    }

    @Override
    public void flush() throws IOException {
        guard.run("flushing", out::flush);
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
