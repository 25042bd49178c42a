package io.github.logstashasync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLContext;

/**
 * A json_lines receiver (Logstash's tcp input with the json_lines codec): counts newline bytes, eight at a time.
 * Plain connections are read through their channel into a direct buffer (no copy into the Java heap).
 */
public final class LineSink extends Sink {

    private static final int BUFFER_SIZE = 256 * 1024;
    private static final long NEWLINES = 0x0A0A_0A0A_0A0A_0A0AL;
    private static final long LOW7 = 0x7F7F_7F7F_7F7F_7F7FL;

    /** Listens for plain TCP, or TLS with {@code tls}. */
    public LineSink(SSLContext tls) throws IOException {
        super(tls);
    }

    @Override
    protected void serve(Socket socket) throws IOException {
        SocketChannel channel = socket.getChannel();
        ByteBuffer buffer;
        InputStream in = null;
        byte[] array = null;
        if (channel != null) {
            buffer = ByteBuffer.allocateDirect(BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        } else {
            in = socket.getInputStream();
            array = new byte[BUFFER_SIZE];
            buffer = ByteBuffer.wrap(array).order(ByteOrder.LITTLE_ENDIAN);
        }
        long pendingBytes = 0;
        while (true) {
            int n;
            if (channel != null) {
                buffer.clear();
                n = channel.read(buffer);
            } else {
                n = in.read(array);
            }
            if (n < 0) {
                return;
            }
            long lines = countNewlines(buffer, n);
            pendingBytes += n;
            if (lines > 0) {
                // bytes without the newlines: the documents' own size
                counted(lines, pendingBytes - lines);
                pendingBytes = 0;
            }
        }
    }

    /** Counts the newline bytes among the first {@code length} bytes of {@code buffer}, a word at a time. */
    static long countNewlines(ByteBuffer buffer, int length) {
        long count = 0;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            long x = buffer.getLong(i) ^ NEWLINES;
            // the high bit of each byte of t is set exactly where x has a zero byte, that is, a newline
            long t = ~(((x & LOW7) + LOW7) | x | LOW7);
            count += Long.bitCount(t);
        }
        for (; i < length; i++) {
            if (buffer.get(i) == '\n') {
                count++;
            }
        }
        return count;
    }
}
