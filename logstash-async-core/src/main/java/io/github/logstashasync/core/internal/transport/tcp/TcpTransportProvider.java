package io.github.logstashasync.core.internal.transport.tcp;

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
 * The transport has no options of its own. Any I/O failure closes the connection and fails the batch as
 * retryable; the next send reconnects. Delivery: TCP tells the sender only that its kernel took the bytes, so
 * events written just before a receiver crashes or drops the connection can be lost, and a batch that failed
 * half-way is sent again whole (duplicates). A closed idle connection is detected before a batch is written.
 * Only {@code beats} (acknowledgements) and {@code http} (status codes) deliver at least once.
 */
public final class TcpTransportProvider implements TransportProvider {

    /** The id: {@value}. */
    public static final String ID = "tcp";

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
        return new TcpTransport(connector, settings.charset(), settings.socketCloseWait());
    }

    @Override
    public Set<String> optionNames() {
        return Set.of();
    }
}
