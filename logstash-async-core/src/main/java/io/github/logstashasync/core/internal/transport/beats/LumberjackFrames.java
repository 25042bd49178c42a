package io.github.logstashasync.core.internal.transport.beats;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Encodes one window of events in Lumberjack protocol version 2, as Filebeat sends it: a window-size frame
 * {@code '2' 'W' count}, then one JSON frame {@code '2' 'J' seq length payload} per event with sequence
 * numbers 1 to count, the JSON frames optionally wrapped in one compressed frame {@code '2' 'C' length zlib}.
 * Every number is an unsigned 32-bit big-endian integer.
 */
final class LumberjackFrames {

    /** The protocol version byte. */
    static final byte VERSION = '2';
    /** Frame type: window size. */
    static final byte WINDOW = 'W';
    /** Frame type: JSON data. */
    static final byte JSON = 'J';
    /** Frame type: zlib-compressed frames. */
    static final byte COMPRESSED = 'C';
    /** Frame type: acknowledgement, from the receiver. */
    static final byte ACK = 'A';

    private LumberjackFrames() {
    }

    /**
     * Returns the bytes of one window.
     *
     * @param payloads         the events' JSON documents, in order; at least one
     * @param compressionLevel 0 for plain JSON frames, 1 to 9 for a compressed frame of that zlib level
     */
    static byte[] window(List<byte[]> payloads, int compressionLevel) {
        try {
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(frames);
            out.writeByte(VERSION);
            out.writeByte(WINDOW);
            out.writeInt(payloads.size());
            byte[] data = dataFrames(payloads);
            if (compressionLevel == 0) {
                out.write(data);
            } else {
                byte[] compressed = deflate(data, compressionLevel);
                out.writeByte(VERSION);
                out.writeByte(COMPRESSED);
                out.writeInt(compressed.length);
                out.write(compressed);
            }
            out.flush();
            return frames.toByteArray();
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] dataFrames(List<byte[]> payloads) throws IOException {
        int size = 0;
        for (byte[] payload : payloads) {
            size += 10 + payload.length;
        }
        ByteArrayOutputStream frames = new ByteArrayOutputStream(size);
        DataOutputStream out = new DataOutputStream(frames);
        int sequence = 0;
        for (byte[] payload : payloads) {
            out.writeByte(VERSION);
            out.writeByte(JSON);
            out.writeInt(++sequence);
            out.writeInt(payload.length);
            out.write(payload);
        }
        out.flush();
        return frames.toByteArray();
    }

    private static byte[] deflate(byte[] data, int level) {
        // the zlib format (with header and checksum), which Logstash's Inflater expects
        Deflater deflater = new Deflater(level);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 4));
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
