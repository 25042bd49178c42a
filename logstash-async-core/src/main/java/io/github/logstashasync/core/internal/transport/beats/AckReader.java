package io.github.logstashasync.core.internal.transport.beats;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Reads ACK frames ({@code '2' 'A' seq}) from the receiver, each within a read timeout counted from the
 * previous frame, so that a receiver that sends keep-alives is waited for as long as it keeps sending them.
 */
final class AckReader {

    private static final int FRAME_LENGTH = 6;

    private final Socket socket;
    private final InputStream in;
    private final byte[] frame = new byte[FRAME_LENGTH];

    AckReader(Socket socket, InputStream in) {
        this.socket = socket;
        this.in = in;
    }

    /**
     * Returns the sequence number of the next ACK frame: 0 is Logstash's keep-alive.
     *
     * @throws SocketTimeoutException when no complete frame arrives within {@code timeout}
     * @throws EOFException when the receiver closed the connection
     * @throws ProtocolException when the receiver sent something else than an ACK frame
     */
    long next(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int got = 0;
        while (got < FRAME_LENGTH) {
            long remainingMillis = (deadline - System.nanoTime() + 999_999) / 1_000_000;
            if (remainingMillis <= 0) {
                throw new SocketTimeoutException("no ACK frame within " + timeout);
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
            int n;
            try {
                n = in.read(frame, got, FRAME_LENGTH - got);
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("no ACK frame within " + timeout);
            }
            if (n < 0) {
                throw new EOFException("the receiver closed the connection" + (got > 0 ? " in the middle of a frame" : ""));
            }
            got += n;
        }
        if (frame[0] != LumberjackFrames.VERSION || frame[1] != LumberjackFrames.ACK) {
            throw new ProtocolException(String.format("expected an ACK frame '2' 'A', got bytes 0x%02x 0x%02x",
                    frame[0] & 0xff, frame[1] & 0xff));
        }
        return ((frame[2] & 0xffL) << 24) | ((frame[3] & 0xffL) << 16) | ((frame[4] & 0xffL) << 8) | (frame[5] & 0xffL);
    }
}
