package io.github.logstashasync.core.internal.transport.tcp;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.TlsProvider;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportProvider;
import io.github.logstashasync.core.internal.transport.StreamConnector;
import io.github.logstashasync.core.internal.transport.TransportChecks;
import java.util.Set;

/**
 * The {@code tcp} transport: each event is one line of JSON ({@code json_lines}, the codec of Logstash's
 * {@code tcp} input), a whole batch is written and flushed at once over one connection that is reused across
 * batches. Options:
 * <ul>
 *   <li>{@code host}, {@code port}: the receiver. The host is resolved again at every (re)connect.</li>
 *   <li>{@code socketTimeout} (default 5 s): the connect timeout, the limit of the TLS handshake, and the longest a
 *       write may make no progress; a receiver that stops reading fails the batch after this time instead of
 *       hanging the worker.</li>
 *   <li>{@code socketCloseWait} (default 30 s): on close, after the end of the stream is signalled, the longest to
 *       wait for the receiver to read what was sent and close its side. Zero closes at once.</li>
 *   <li>{@code charset} (seed {@code encoding}, default UTF-8): the encoding of the lines. Characters the charset
 *       cannot encode become its replacement, usually {@code ?}.</li>
 *   <li>{@code sslEnable} and the other TLS options: TLS with verification, which needs the module
 *       {@code io.github.logstashasync.transport.ssl}.</li>
 * </ul>
 * Its own option:
 * <ul>
 *   <li>{@code replayWindow} (default 8 MiB, {@value #DEFAULT_REPLAY_WINDOW} bytes; 0 turns it off): how many of
 *       the bytes written last on a connection are kept in memory to be written again when the receiver turns
 *       out to have closed or reset the connection. It should exceed what the kernel buffers of both ends can
 *       hold (measured on Linux loopback with a receiver that reads slower than we write: 2 to 3.3 MB).</li>
 * </ul>
 * Any I/O failure closes the connection and fails the batch as retryable; the next send reconnects. Delivery:
 * TCP tells the sender only that its kernel took the bytes; a receiver that drops the connection discards what
 * it had not read yet, in its buffers and in the sender's. So the transport checks, without waiting, before
 * every batch on a reused connection (which is also the check after the one before) whether the receiver closed
 * or reset the connection, and so does close(); when it did, the batch fails as retryable (it stays queued and
 * the failure is reported) and the batches of the replay window that the receiver may not have read are written
 * again on the next connection: at least once, with duplicates of what it had read. A connection that the
 * receiver closed in order (not reset) after at least 0.5 s without a write is an idle close: reopened without a
 * failure and without duplicates. What remains: a crash of the sending process loses what sat in the kernel
 * buffers, and a receiver that buffers more than the replay window, or closes in order (not reset) while bytes
 * are still on their way to it over a slow link, can still lose events unnoticed. Only {@code beats}
 * (acknowledgements) and {@code http} (status codes) confirm delivery.
 */
public final class TcpTransportProvider implements TransportProvider {

    /** The id: {@value}. */
    public static final String ID = "tcp";
    /** The option that sizes the replay window. */
    public static final String REPLAY_WINDOW = "replayWindow";
    /** Default {@code replayWindow}: 8 MiB. */
    public static final long DEFAULT_REPLAY_WINDOW = 8L << 20;
    /** The largest {@code replayWindow}: 1 GiB. */
    public static final long MAX_REPLAY_WINDOW = 1L << 30;

    /** Creates the provider; cheap, as the service loader requires. */
    public TcpTransportProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean supportsTls() {
        return true;
    }

    @Override
    public Transport create(TransportSettings settings, TlsProvider tls) {
        TransportChecks.checkOptionNames(ID, settings, optionNames());
        StreamConnector connector = StreamConnector.create(settings, tls);
        return new TcpTransport(connector, settings.charset(), settings.socketCloseWait(), replayWindow(settings));
    }

    private static long replayWindow(TransportSettings settings) {
        String text = settings.options().get(REPLAY_WINDOW);
        if (text == null) {
            return DEFAULT_REPLAY_WINDOW;
        }
        long size = OptionParsers.size(REPLAY_WINDOW, text);
        if (size > MAX_REPLAY_WINDOW) {
            throw new InvalidOptionException(REPLAY_WINDOW, size + " bytes is out of range; allowed: 0 (off) to 1GiB");
        }
        return size;
    }

    @Override
    public Set<String> optionNames() {
        return Set.of(REPLAY_WINDOW);
    }
}
