package io.github.logstashasync.core.internal.transport.beats;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.TlsProvider;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportProvider;
import java.util.Set;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;

/**
 * The {@code beats} transport: Lumberjack protocol version 2, as Filebeat speaks it to Logstash's
 * {@code beats} input, over one persistent connection, plain or TLS ({@code sslEnable}).
 *
 * <p>A batch goes out in windows of {@code beatsBatchSize} events: a window frame, then one JSON frame per
 * event (the document as it is, UTF-8, sequence numbers 1 to n), optionally inside one zlib-compressed frame.
 * The receiver acknowledges a window with the sequence number of its last event; an event counts as
 * delivered only when acknowledged. A partial ACK confirms the events up to its number; ACK 0 is Logstash's
 * keep-alive, sent every 5 s while it works on a window, and restarts the read timeout. When a window fails
 * (refused or broken connection, timeout, receiver stopped), the connection is closed, reopened by the next
 * send, and the failure reports the events acknowledged before it as delivered; it is always retryable.
 * A kept connection that turns out closed by the receiver (Logstash drops clients idle for a minute) before
 * any answer is replaced at once, once, and the window sent again; at worst this duplicates a window, which
 * at-least-once delivery allows.
 *
 * <p>Options ({@link TransportSettings#options()}):
 * <ul>
 *   <li>{@code compressionLevel}: zlib level 1 to 9 of the compressed frame, 0 for none; default 6</li>
 *   <li>{@code readTimeout}: the longest wait for the receiver's next frame while a window is unacknowledged;
 *       default 60 s</li>
 * </ul>
 * {@code socketTimeout} bounds connecting, the TLS handshake, and each 64 KiB written;
 * {@code socketCloseWait} bounds the TLS close. {@code charset} does not apply: the JSON is always UTF-8.
 */
public final class BeatsTransportProvider implements TransportProvider {

    /** The id of this transport. */
    public static final String ID = "beats";

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
    public BeatsTransportProvider() {
        // nothing to set up before create()
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Transport create(TransportSettings settings, TlsProvider tls) {
        BeatsOptions options = BeatsOptions.parse(settings);
        SSLSocketFactory factory = null;
        SSLParameters parameters = null;
        if (settings.tls().enabled()) {
            if (tls == null) {
                throw new InvalidOptionException("sslEnable", "TLS needs the module io.github.logstashasync.transport.ssl"
                        + " (artifact logstash-async-transport-ssl) on the module or class path");
            }
            factory = tls.createContext(settings.tls()).getSocketFactory();
            parameters = tls.clientParameters(settings.tls(), settings.host());
        }
        return new BeatsTransport(settings, options, factory, parameters);
    }

    @Override
    public Set<String> optionNames() {
        return BeatsOptions.NAMES;
    }

    @Override
    public boolean supportsTls() {
        return true;
    }
}
