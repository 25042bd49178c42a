package io.github.logstashasync.core.internal.transport.beats;

import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.core.internal.transport.Redaction;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends batches over Lumberjack v2 on one persistent connection, window after window, and counts an event
 * delivered only when the receiver has acknowledged it: this is the at-least-once path.
 */
final class BeatsTransport implements Transport {

    private final TransportSettings settings;
    private final BeatsOptions options;
    private final SSLSocketFactory tls;
    private final SSLParameters tlsParameters;
    private final Watchdog watchdog = new Watchdog();
    private BeatsConnection connection;

    BeatsTransport(TransportSettings settings, BeatsOptions options, SSLSocketFactory tls, SSLParameters tlsParameters) {
        this.settings = settings;
        this.options = options;
        this.tls = tls;
        this.tlsParameters = tlsParameters;
    }

    @Override
    public void send(List<String> events, Rejections rejections) throws TransportException, InterruptedException {
        // a connection from an earlier batch may have been closed by the receiver meanwhile (Logstash closes
        // clients idle for a minute); that shows only when it is used, and is worth one immediate reconnect
        boolean mayBeStale = connection != null;
        int windowSize = settings.beatsBatchSize();
        for (int start = 0; start < events.size(); start += windowSize) {
            if (Thread.currentThread().isInterrupted()) {
                if (start == 0) {
                    Thread.interrupted();
                    throw new InterruptedException("beats transport interrupted before sending");
                }
                // keep the interrupt for the worker, and tell it which events are acknowledged already
                throw new TransportException("beats: interrupted after " + start + " of " + events.size()
                        + " events were acknowledged", null, true, start, null);
            }
            List<String> window = events.subList(start, Math.min(events.size(), start + windowSize));
            byte[] frames = LumberjackFrames.window(payloads(window), options.compressionLevel());
            Progress progress = new Progress();
            try {
                sendWindow(frames, window.size(), progress);
            } catch (IOException e) {
                closeConnection();
                if (!(mayBeStale && progress.framesReceived == 0 && closedByPeer(e))) {
                    throw failure(e, start, window.size(), progress);
                }
                try {
                    sendWindow(frames, window.size(), progress);
                } catch (IOException again) {
                    closeConnection();
                    again.addSuppressed(e);
                    throw failure(again, start, window.size(), progress);
                }
            }
            mayBeStale = false;
        }
    }

    /** What the receiver has said about the current window. */
    private static final class Progress {
        private int framesReceived;
        private int acknowledged;
    }

    private void sendWindow(byte[] frames, int count, Progress progress) throws IOException {
        if (connection == null) {
            connection = BeatsConnection.open(settings.host(), settings.port(), settings.socketTimeout(),
                    settings.socketCloseWait(), tls, tlsParameters, watchdog);
        }
        connection.write(frames);
        while (progress.acknowledged < count) {
            long sequence = connection.nextAck(options.readTimeout());
            progress.framesReceived++;
            if (sequence > count) {
                throw new ProtocolException("ACK for sequence " + sequence + " in a window of " + count);
            }
            // 0 is a keep-alive: the receiver is still working on the window; it only restarts the read timeout.
            // A partial ACK confirms the events up to its sequence number.
            progress.acknowledged = Math.max(progress.acknowledged, (int) sequence);
        }
    }

    /** Whether {@code e} says the receiver had closed the connection: EOF, reset, broken pipe. */
    private static boolean closedByPeer(IOException e) {
        return e instanceof EOFException || e instanceof SocketException;
    }

    private TransportException failure(IOException e, int start, int count, Progress progress) {
        String message = "beats: window of " + count + " events to " + settings.host() + ":" + settings.port()
                + " failed after " + progress.acknowledged + " of them were acknowledged: " + describe(e);
        return new TransportException(Redaction.mask(message), e, true, start + progress.acknowledged, null);
    }

    private String describe(IOException e) {
        if (e instanceof SocketTimeoutException && e.getMessage() != null && e.getMessage().startsWith("no ACK")) {
            return e.getMessage() + " (readTimeout)";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static List<byte[]> payloads(List<String> window) {
        List<byte[]> payloads = new ArrayList<>(window.size());
        for (String event : window) {
            // JSON on the wire is UTF-8 (RFC 8259); Logstash's beats input reads it so, whatever charset is set
            payloads.add(event.getBytes(StandardCharsets.UTF_8));
        }
        return payloads;
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public void close() {
        closeConnection();
        watchdog.close();
    }

    @Override
    public String toString() {
        return "BeatsTransport[" + Redaction.mask(settings.host()) + ":" + settings.port() + ", tls=" + (tls != null)
                + ", " + options + "]";
    }
}
