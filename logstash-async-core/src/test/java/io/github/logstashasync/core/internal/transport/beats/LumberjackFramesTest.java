package io.github.logstashasync.core.internal.transport.beats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class LumberjackFramesTest {

    private static final byte[] A = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] B = "{\"b\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8);

    private static byte[] expectedDataFrames() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'2', 'J', 0, 0, 0, 1, 0, 0, 0, (byte) A.length});
        out.writeBytes(A);
        out.writeBytes(new byte[] {'2', 'J', 0, 0, 0, 2, 0, 0, 0, (byte) B.length});
        out.writeBytes(B);
        return out.toByteArray();
    }

    @Test
    void plainWindowIsAWindowFrameAndOneJsonFramePerEvent() {
        byte[] frames = LumberjackFrames.window(List.of(A, B), 0);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(new byte[] {'2', 'W', 0, 0, 0, 2});
        expected.writeBytes(expectedDataFrames());
        assertArrayEquals(expected.toByteArray(), frames, "W 2, J 1 len payload, J 2 len payload; big-endian");
    }

    @Test
    void compressedWindowWrapsTheJsonFramesInZlib() throws Exception {
        byte[] frames = LumberjackFrames.window(List.of(A, B), 9);
        assertArrayEquals(new byte[] {'2', 'W', 0, 0, 0, 2, '2', 'C'}, Arrays.copyOf(frames, 8), "W frame, then C frame");
        int length = ((frames[8] & 0xff) << 24) | ((frames[9] & 0xff) << 16) | ((frames[10] & 0xff) << 8) | (frames[11] & 0xff);
        assertEquals(frames.length - 12, length, "the C frame's length covers the rest");
        Inflater inflater = new Inflater();
        inflater.setInput(frames, 12, length);
        byte[] inflated = new byte[1024];
        int n = inflater.inflate(inflated);
        inflater.end();
        assertArrayEquals(expectedDataFrames(), Arrays.copyOf(inflated, n), "zlib data holds the J frames");
    }
}
