package io.github.logstashasync.cli.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The server side of one Lumberjack v2 connection, as Logstash's beats input speaks it: a window frame
 * {@code '2' 'W' size}, then JSON frames {@code '2' 'J' seq length payload} (or key/value data frames
 * {@code 'D'}), possibly inside zlib-compressed frames {@code '2' 'C' length data}. When a window's events have all
 * been handed to the sink it acknowledges the window's last sequence number with {@code '2' 'A' seq}. Every number
 * is an unsigned 32-bit big-endian integer.
 */
final class LumberjackReader {

    /** The largest frame payload or compressed block accepted, so that a broken peer cannot exhaust memory. */
    static final int MAX_FRAME = 64 * 1024 * 1024;

    private final DataInputStream in;
    private final DataOutputStream out;
    private final Receiver.Sink sink;
    /** True from the first byte of a frame until it is handled and acknowledged. */
    private final AtomicBoolean busy;
    private long window;
    private long received;
    private long lastSequence;

    LumberjackReader(InputStream in, OutputStream out, Receiver.Sink sink, AtomicBoolean busy) {
        this.in = new DataInputStream(in);
        this.out = new DataOutputStream(out);
        this.sink = sink;
        this.busy = busy;
    }

    /** A peer that does not speak the protocol. */
    static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }

    /** Reads frames until the peer closes the connection. */
    void run() throws IOException {
        while (true) {
            int version = in.read();
            if (version < 0) {
                return;
            }
            busy.set(true);
            frame(version, in);
            busy.set(false);
        }
    }

    private void frame(int version, DataInputStream input) throws IOException {
        if (version != '2' && version != '1') {
            throw new ProtocolException("not Lumberjack: version byte " + printable(version) + ", expected '2'");
        }
        int type = input.readUnsignedByte();
        switch (type) {
            case 'W' -> {
                window = unsigned(input);
                received = 0;
            }
            case 'J' -> {
                long sequence = unsigned(input);
                byte[] payload = payload(input, "JSON frame");
                sink.accept(new String(payload, StandardCharsets.UTF_8));
                received(sequence);
            }
            case 'D' -> {
                long sequence = unsigned(input);
                long pairs = unsigned(input);
                Map<String, String> fields = new LinkedHashMap<>();
                for (long i = 0; i < pairs; i++) {
                    String key = new String(payload(input, "data frame key"), StandardCharsets.UTF_8);
                    fields.put(key, new String(payload(input, "data frame value"), StandardCharsets.UTF_8));
                }
                sink.accept(Json.compact(fields));
                received(sequence);
            }
            case 'C' -> {
                byte[] block = inflate(payload(input, "compressed frame"));
                DataInputStream inner = new DataInputStream(new ByteArrayInputStream(block));
                int innerVersion;
                while ((innerVersion = inner.read()) >= 0) {
                    try {
                        frame(innerVersion, inner);
                    } catch (EOFException e) {
                        throw new ProtocolException("a frame inside a compressed frame is cut short");
                    }
                }
            }
            default -> throw new ProtocolException("unknown frame type " + printable(type));
        }
    }

    private void received(long sequence) throws IOException {
        lastSequence = sequence;
        received++;
        // without a window frame every event is its own window
        if (window == 0 || received >= window) {
            out.writeByte('2');
            out.writeByte('A');
            out.writeInt((int) lastSequence);
            out.flush();
            received = 0;
        }
    }

    private static long unsigned(DataInputStream input) throws IOException {
        return input.readInt() & 0xFFFF_FFFFL;
    }

    private static byte[] payload(DataInputStream input, String what) throws IOException {
        long length = unsigned(input);
        if (length > MAX_FRAME) {
            throw new ProtocolException(what + " of " + length + " bytes is larger than the limit of " + MAX_FRAME);
        }
        byte[] bytes = new byte[(int) length];
        input.readFully(bytes);
        return bytes;
    }

    private static byte[] inflate(byte[] compressed) throws IOException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream block = new ByteArrayOutputStream(compressed.length * 4);
            byte[] buffer = new byte[16 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new ProtocolException("a compressed frame ends before its zlib stream does");
                }
                block.write(buffer, 0, n);
                if (block.size() > MAX_FRAME) {
                    throw new ProtocolException("a compressed frame inflates to more than " + MAX_FRAME + " bytes");
                }
            }
            return block.toByteArray();
        } catch (DataFormatException e) {
            throw new ProtocolException("a compressed frame is not zlib data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    private static String printable(int b) {
        return b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("0x%02x", b);
    }
}
