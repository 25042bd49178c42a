package io.github.logstashasync.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.net.ssl.SSLContext;

/**
 * A minimal Lumberjack v2 receiver (what Logstash's beats input speaks): reads window, JSON and compressed
 * frames, counts the JSON events, and acknowledges each window with the sequence number of its last event.
 */
public final class BeatsSink extends Sink {

    /** Listens for plain Lumberjack, or Lumberjack over TLS with {@code tls}. */
    public BeatsSink(SSLContext tls) throws IOException {
        super(tls);
    }

    @Override
    protected void serve(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 256 * 1024));
        OutputStream out = socket.getOutputStream();
        Window window = new Window(out);
        Inflater inflater = new Inflater();
        byte[] compressed = new byte[1 << 16];
        byte[] plain = new byte[1 << 20];
        try {
            while (true) {
                int version = in.read();
                if (version < 0) {
                    return;
                }
                int type = in.readUnsignedByte();
                checkVersion(version);
                switch (type) {
                    case 'W' -> window.open(in.readInt());
                    case 'J' -> {
                        long sequence = in.readInt() & 0xFFFF_FFFFL;
                        int length = in.readInt();
                        in.skipNBytes(length);
                        window.event(sequence, length);
                    }
                    case 'C' -> {
                        int length = in.readInt();
                        if (compressed.length < length) {
                            compressed = new byte[Math.max(length, compressed.length * 2)];
                        }
                        in.readFully(compressed, 0, length);
                        inflater.reset();
                        inflater.setInput(compressed, 0, length);
                        int size = 0;
                        try {
                            while (!inflater.finished()) {
                                if (size == plain.length) {
                                    plain = Arrays.copyOf(plain, plain.length * 2);
                                }
                                int n = inflater.inflate(plain, size, plain.length - size);
                                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                                    throw new ProtocolException("truncated compressed frame");
                                }
                                size += n;
                            }
                        } catch (DataFormatException e) {
                            throw new ProtocolException("bad compressed frame: " + e.getMessage());
                        }
                        innerFrames(ByteBuffer.wrap(plain, 0, size), window);
                    }
                    default -> throw new ProtocolException("unexpected frame type " + type);
                }
            }
        } finally {
            inflater.end();
        }
    }

    private void innerFrames(ByteBuffer frames, Window window) throws IOException {
        while (frames.hasRemaining()) {
            checkVersion(frames.get());
            int type = frames.get();
            if (type != 'J') {
                throw new ProtocolException("unexpected frame type " + type + " inside a compressed frame");
            }
            long sequence = frames.getInt() & 0xFFFF_FFFFL;
            int length = frames.getInt();
            frames.position(frames.position() + length);
            window.event(sequence, length);
        }
    }

    private static void checkVersion(int version) throws ProtocolException {
        if (version != '2') {
            throw new ProtocolException("not Lumberjack v2: version byte " + version);
        }
    }

    /** The window being received: counts its events and sends the ACK when the last one has arrived. */
    private final class Window {
        private final OutputStream out;
        private final byte[] ack = {'2', 'A', 0, 0, 0, 0};
        private long size;
        private long events;
        private long bytes;

        Window(OutputStream out) {
            this.out = out;
        }

        void open(long windowSize) {
            size = windowSize;
            events = 0;
            bytes = 0;
        }

        void event(long sequence, int length) throws IOException {
            events++;
            bytes += length;
            if (sequence == size) {
                counted(events, bytes);
                events = 0;
                bytes = 0;
                ack[2] = (byte) (sequence >>> 24);
                ack[3] = (byte) (sequence >>> 16);
                ack[4] = (byte) (sequence >>> 8);
                ack[5] = (byte) sequence;
                out.write(ack);
                out.flush();
            }
        }
    }
}
