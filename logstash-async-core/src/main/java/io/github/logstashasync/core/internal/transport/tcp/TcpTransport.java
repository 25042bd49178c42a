package io.github.logstashasync.core.internal.transport.tcp;

import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.core.internal.transport.Redaction;
import io.github.logstashasync.core.internal.transport.StreamConnection;
import io.github.logstashasync.core.internal.transport.StreamConnection.PeerState;
import io.github.logstashasync.core.internal.transport.StreamConnector;
import io.github.logstashasync.core.internal.transport.WriteWatchdog;
import io.github.logstashasync.core.internal.transport.tcp.ReplayWindow.Batch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends each batch as JSON lines over one connection that is kept open between batches and opened again after
 * any failure. TCP confirms no more than that the kernel took the bytes, so the transport checks, without
 * waiting, before each batch on a reused connection whether the receiver closed or reset it, and keeps the
 * batches written lately ({@link ReplayWindow}) to write them again on the next connection when it did: a
 * receiver that drops the connection loses no event then, at the price of duplicates of those it had read. The
 * check after a batch is the one before the next: one probe per batch, as before, and no waiting.
 */
public final class TcpTransport implements Transport {

    /**
     * How long a connection must have been quiet for a close by the receiver in order (a FIN, not a reset) to be
     * taken as the harmless close of an idle connection. A receiver closes in order only when it has read
     * everything that reached it (with data unread it resets instead, on Linux, Windows and the BSDs), so what is
     * lost is only what was still on its way: in the sender's buffer or on the wire. To a receiver that reads,
     * that drains quickly (a full 4 MB send buffer at 16 MB/s in a quarter of a second); a close seen sooner after
     * a write counts as a drop, and the window is sent again.
     */
    static final Duration QUIET = Duration.ofMillis(500);
    private static final long QUIET_NANOS = QUIET.toNanos();

    /**
     * After how many connections in a row that the receiver dropped while events were being sent again (and at
     * every multiple) the drop's report says that the replay is stalled: a receiver that reads less per connection
     * than the window holds (say 1 MB of the default 8 MiB) is sent the same window on every connection and
     * nothing new gets through. The window is not cut to make progress: which of its bytes the receiver read is
     * not known (the kernels' buffers on loopback held several MB more than such a receiver read), so any cut
     * could lose events; they wait in the queue, and the report names the option that lets them through.
     */
    static final int STALLED_REPLAYS = 3;

    private final StreamConnector connector;
    private final Charset charset;
    private final byte[] newline;
    private final Duration closeWait;
    private final ReplayWindow window;
    /** Batches to write on the next connection before anything else; touched under {@link #lock} only. */
    private List<Batch> replay = new ArrayList<>();
    /** Held by a send; close() takes it to replay what is at risk, unless a send is stuck. */
    private final ReentrantLock lock = new ReentrantLock();
    // Volatile so that close() from another thread than the worker's sees the connection and unblocks a send.
    private volatile StreamConnection connection;
    private volatile boolean closed;
    /** A drop found while writing the replay after a batch, to be reported by the next send; under the lock. */
    private String unreportedDrop;
    /** When the last batch was flushed; under {@link #lock}. */
    private long lastWrite = System.nanoTime();
    /** Bytes written on the current connection, or the last one until the next opens; under {@link #lock}. */
    private long writtenHere;
    /** Whether the current connection carried events sent again; under {@link #lock}. */
    private boolean replayedHere;
    /** Connections in a row that were dropped while they carried events sent again; under {@link #lock}. */
    private int stalledReplays;
    /** Events written a second time: {@link #eventsSentAgain()}. */
    private volatile long sentAgain;

    TcpTransport(StreamConnector connector, Charset charset, Duration closeWait, long replayWindow) {
        this.connector = connector;
        this.charset = charset;
        this.newline = "\n".getBytes(charset);
        this.closeWait = closeWait;
        this.window = new ReplayWindow(replayWindow);
    }

    @Override
    public void send(List<String> events, Rejections rejections) throws TransportException, InterruptedException {
        if (closed) {
            throw new TransportException("the tcp transport to " + connector.target() + " is closed", null);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before sending to " + connector.target());
        }
        Batch batch = encode(events);
        lock.lock();
        try {
            sendLocked(batch);
        } finally {
            lock.unlock();
        }
    }

    private void sendLocked(Batch batch) throws TransportException, InterruptedException {
        if (unreportedDrop != null) {
            // A drop while the last send wrote the replay after its batch: reported now, with this batch.
            String message = unreportedDrop;
            unreportedDrop = null;
            throw new TransportException(message + "; this batch of " + batch.events()
                    + " events was not written and stays queued", null);
        }
        StreamConnection current = connection;
        if (current != null) {
            checkPeer(current, batch.events());
        }
        current = open();
        // The replay goes before the batch when it has grown beyond the window (a receiver that keeps dropping
        // connections must not draw ever more events out of the queue into memory), else after it (below).
        boolean replayFirst = ReplayWindow.bytes(replay) > window.limit();
        if (replayFirst && !replay.isEmpty()) {
            try {
                writeReplay(current);
            } catch (IOException e) {
                int atRisk = lose();
                throw failure("sending again events that an earlier connection to " + connector.target()
                        + " may have lost failed: ", e, atRisk);
            }
        }
        try {
            write(current.output(), batch);
            current.output().flush();
            writtenHere += batch.bytes();
        } catch (IOException e) {
            int atRisk = lose();
            throw failure("sending " + batch.events() + " events to " + connector.target() + " failed: ", e, atRisk);
        }
        lastWrite = System.nanoTime();
        // Whether this batch survives is known only at the next probe: the receiver's close or reset may still
        // be on its way, and the bytes may still sit in a buffer.
        window.add(batch);
        if (!replay.isEmpty()) {
            // After the batch, so that the batch counts as written even when the receiver drops this connection
            // too before the replay is through: a receiver that reads 1 MB per connection would otherwise fail
            // every send in a row (the replay is some MB), and the back-off would grow to its cap.
            try {
                writeReplay(current);
            } catch (IOException e) {
                int atRisk = lose();
                unreportedDrop = "the receiver " + connector.target() + " dropped the connection while events that an"
                        + " earlier one may have lost were sent again (" + e.getMessage() + ")" + resending(atRisk);
            }
        }
    }

    /** Writes the replay on {@code current}, moving each batch into the window; on failure the rest stays. */
    private void writeReplay(StreamConnection current) throws IOException {
        List<Batch> again = replay;
        replay = new ArrayList<>();
        int written = 0;
        try {
            for (Batch batch : again) {
                write(current.output(), batch);
                window.add(batch); // at risk again until this connection proves to have survived it
                written++;
                writtenHere += batch.bytes();
                replayedHere = true;
                sentAgain += batch.events();
            }
            current.output().flush();
            lastWrite = System.nanoTime();
        } finally {
            // not written yet: they go first on the next connection, before what this one may lose
            replay.addAll(again.subList(written, again.size()));
        }
    }

    /**
     * Before a batch goes out on a reused connection: a receiver that closed or reset it since the last batch
     * would take this one into a dead socket, and may have lost what came before.
     */
    private void checkPeer(StreamConnection current, int events) throws TransportException {
        PeerState state = current.probe();
        if (state == PeerState.OPEN) {
            if (replay.isEmpty()) {
                stalledReplays = 0; // what was sent again is through, and the connection lives
            }
            return;
        }
        if (state == PeerState.CLOSED && System.nanoTime() - lastWrite >= QUIET_NANOS) {
            // closed in order while idle: it had read everything; reconnect quietly
            window.clear();
            drop();
            return;
        }
        int atRisk = lose();
        throw peerGone(state, atRisk, events);
    }

    /** Connects when there is no connection. */
    private StreamConnection open() throws TransportException, InterruptedException {
        StreamConnection current = connection;
        if (current != null) {
            return current;
        }
        try {
            current = connector.connect();
        } catch (IOException e) {
            throw failure("cannot connect to " + connector.target() + ": ", e, 0);
        }
        connection = current;
        writtenHere = 0;
        replayedHere = false;
        return current;
    }

    private Batch encode(List<String> events) {
        byte[][] lines = new byte[events.size()][];
        long bytes = 0;
        for (int i = 0; i < lines.length; i++) {
            lines[i] = events.get(i).getBytes(charset);
            bytes += lines[i].length + newline.length;
        }
        return new Batch(lines, bytes);
    }

    private void write(OutputStream out, Batch batch) throws IOException {
        for (byte[] line : batch.lines()) {
            out.write(line);
            out.write(newline);
        }
    }

    /**
     * Drops the connection, and keeps every batch of the window for the next connection, after those of the
     * replay not written yet: the receiver may not have read them.
     *
     * @return the events to be sent again
     */
    private int lose() {
        stalledReplays = replayedHere || !replay.isEmpty() ? stalledReplays + 1 : 0;
        replay.addAll(window.takeAll());
        drop();
        return ReplayWindow.events(replay);
    }

    private TransportException peerGone(PeerState state, int atRisk, int events) {
        String what = state == PeerState.CLOSED ? "closed the connection" : "reset the connection";
        String lost = atRisk > 0 ? resending(atRisk)
                : "; events written on it before may have been lost (replayWindow 0 keeps none to send again)";
        return new TransportException("the receiver " + connector.target() + " " + what + lost
                + "; this batch of " + events + " events was not written and stays queued", null);
    }

    private String resending(int atRisk) {
        String message = atRisk == 0 ? "" : "; the " + atRisk + " events it may not have read are sent again on a"
                + " new connection (duplicates possible)";
        if (stalledReplays >= STALLED_REPLAYS && stalledReplays % STALLED_REPLAYS == 0) {
            message += "; it dropped the last " + stalledReplays + " connections before what is sent again was through"
                    + " (" + writtenHere + " bytes written on the last one): it reads less per connection than the"
                    + " replayWindow of " + window.limit() + " bytes, so nothing new gets through and the events wait"
                    + " in the queue until it reads more; a replayWindow below what it reads per connection lets them"
                    + " through, at the risk of losing what its buffers hold beyond the window";
        }
        return message;
    }

    @Override
    public long eventsSentAgain() {
        return sentAgain;
    }

    private TransportException failure(String what, IOException e, int atRisk) throws InterruptedException {
        // A channel operation on an interrupted thread closes the channel: that is a stop request, not a failure.
        if (Thread.interrupted()) {
            InterruptedException stop = new InterruptedException(what + "interrupted");
            stop.initCause(e);
            throw stop;
        }
        return new TransportException(Redaction.mask(what + e.getMessage() + resending(atRisk)), e);
    }

    private void drop() {
        StreamConnection current = connection;
        if (current != null) {
            current.abort();
            connection = null;
        }
    }

    /**
     * Closes the connection, giving the receiver up to socketCloseWait to read what was sent. When the receiver
     * turns out to have closed or reset the connection with batches at risk, they are written once more on a new
     * connection, within the same limits. Never throws.
     */
    @Override
    public void close() {
        closed = true;
        StreamConnection current = connection;
        if (!lock.tryLock()) {
            // A send is under way, perhaps stuck in a write to a receiver that does not read: end it.
            connection = null;
            if (current != null) {
                current.close(closeWait);
            }
            return;
        }
        try {
            connection = null;
            List<Batch> sent = List.of();
            if (current != null) {
                PeerState state = current.probe();
                boolean delivered = false;
                if (state == PeerState.OPEN) {
                    try {
                        if (!replay.isEmpty()) {
                            writeReplay(current);
                        }
                        // false: reset while closing, so what it had not read yet is gone
                        delivered = current.close(closeWait);
                    } catch (IOException e) {
                        delivered = false;
                    }
                } else {
                    delivered = state == PeerState.CLOSED && System.nanoTime() - lastWrite >= QUIET_NANOS;
                }
                current.abort();
                sent = window.takeAll();
                if (delivered) {
                    sent = List.of();
                }
            }
            List<Batch> atRisk = new ArrayList<>(replay);
            atRisk.addAll(sent);
            replay = new ArrayList<>();
            if (!atRisk.isEmpty() && !closeWait.isZero()) {
                resendOnClose(atRisk);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes {@code atRisk} on a new connection, all of it within socketCloseWait: a receiver that accepts but
     * does not read would otherwise hold close() for a write timeout per buffer (found with the monitor's flush,
     * whose close after an interrupt outlived the caller's wait).
     */
    private void resendOnClose(List<Batch> atRisk) {
        long deadline = System.nanoTime() + closeWait.toNanos();
        AtomicReference<StreamConnection> last = new AtomicReference<>();
        try {
            WriteWatchdog.run(closeWait, () -> {
                StreamConnection opened = last.get();
                if (opened != null) {
                    opened.abort();
                }
            }, "sending again at close", () -> {
                    StreamConnection opened = connector.connect();
                    last.set(opened);
                    if (System.nanoTime() - deadline >= 0) {
                        throw new IOException("connected after socketCloseWait");
                    }
                    for (Batch batch : atRisk) {
                        write(opened.output(), batch);
                    }
                    opened.output().flush();
                    sentAgain += ReplayWindow.events(atRisk);
                });
        } catch (IOException e) {
            // Nothing more can be done at close: the transport has no one to tell, and the events left the queue.
        } finally {
            StreamConnection opened = last.get();
            if (opened != null) {
                opened.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        }
    }
}
