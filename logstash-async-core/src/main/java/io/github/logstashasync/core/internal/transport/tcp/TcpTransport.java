package io.github.logstashasync.core.internal.transport.tcp;

import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.core.internal.transport.StreamConnection;
import io.github.logstashasync.core.internal.transport.StreamConnector;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;

/**
 * Sends each batch as JSON lines over one connection that is kept open between batches and opened again after
 * any failure. A batch that was written and flushed counts as sent: TCP confirms no more than that the kernel
 * took the bytes.
 */
public final class TcpTransport implements Transport {

    private final StreamConnector connector;
    private final Charset charset;
    private final byte[] newline;
    private final Duration closeWait;
    // Volatile so that close() from another thread than the worker's sees the connection and unblocks a send.
    private volatile StreamConnection connection;
    private volatile boolean closed;

    TcpTransport(StreamConnector connector, Charset charset, Duration closeWait) {
        this.connector = connector;
        this.charset = charset;
        this.newline = "\n".getBytes(charset);
        this.closeWait = closeWait;
    }

    @Override
    public void send(List<String> events, Rejections rejections) throws TransportException, InterruptedException {
        if (closed) {
            throw new TransportException("the tcp transport to " + connector.target() + " is closed", null);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before sending to " + connector.target());
        }
        StreamConnection current = open();
        try {
            OutputStream out = current.output();
            for (String event : events) {
                out.write(event.getBytes(charset));
                out.write(newline);
            }
            out.flush();
        } catch (IOException e) {
            drop();
            throw failure("sending " + events.size() + " events to " + connector.target() + " failed: ", e);
        }
    }

    private StreamConnection open() throws TransportException, InterruptedException {
        // A receiver that closed the idle connection would otherwise take the next batch into a dead socket.
        if (connection != null && connection.peerClosed()) {
            drop();
        }
        if (connection == null) {
            try {
                connection = connector.connect();
            } catch (IOException e) {
                throw failure("cannot connect to " + connector.target() + ": ", e);
            }
        }
        return connection;
    }

    private TransportException failure(String what, IOException e) throws InterruptedException {
        // A channel operation on an interrupted thread closes the channel: that is a stop request, not a failure.
        if (Thread.interrupted()) {
            InterruptedException stop = new InterruptedException(what + "interrupted");
            stop.initCause(e);
            throw stop;
        }
        return new TransportException(what + e.getMessage(), e);
    }

    private void drop() {
        if (connection != null) {
            connection.abort();
            connection = null;
        }
    }

    /** Closes the connection, giving the receiver up to socketCloseWait to read what was sent. Never throws. */
    @Override
    public void close() {
        closed = true;
        StreamConnection current = connection;
        connection = null;
        if (current != null) {
            current.close(closeWait);
        }
    }
}
