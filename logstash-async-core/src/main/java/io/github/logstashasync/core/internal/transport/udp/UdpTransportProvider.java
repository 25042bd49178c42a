package io.github.logstashasync.core.internal.transport.udp;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.TlsProvider;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportProvider;
import io.github.logstashasync.core.internal.transport.TransportChecks;
import java.util.Set;

/**
 * The {@code udp} transport: each event is one datagram holding one JSON document (the {@code json} codec of
 * Logstash's {@code udp} input). Options:
 * <ul>
 *   <li>{@code host}, {@code port}: the receiver. The host is resolved again when the socket is reopened.</li>
 *   <li>{@code charset} (seed {@code encoding}, default UTF-8): the encoding of the datagrams.</li>
 *   <li>{@code maxDatagramSize} (default {@value #DEFAULT_MAX_DATAGRAM_SIZE} bytes, the UDP payload limit over
 *       IPv4; 1 to {@value #DEFAULT_MAX_DATAGRAM_SIZE}, sizes such as {@code 8k} allowed): an event that encodes to
 *       more bytes is rejected for good with the reason and moves to failed, never sent truncated. Lower it to the
 *       receiver's buffer (Logstash {@code buffer_size}, 65536 by default) or to the path's MTU to avoid IP
 *       fragmentation.</li>
 *   <li>{@code socketTimeout} and {@code socketCloseWait} do not apply; TLS is not supported.</li>
 * </ul>
 * Delivery: UDP confirms nothing. A datagram may be lost, duplicated or reordered without anyone knowing; the
 * only failure that shows is an ICMP "port unreachable" answer to an earlier datagram, which fails the next
 * batch as retryable. Use {@code beats} or {@code http} for at-least-once delivery.
 */
public final class UdpTransportProvider implements TransportProvider {

    /** The id: {@value}. */
    public static final String ID = "udp";
    /** The option that limits the encoded size of one event. */
    public static final String MAX_DATAGRAM_SIZE = "maxDatagramSize";
    /** Default and largest {@code maxDatagramSize}: 65,535 minus the IPv4 and UDP headers. */
    public static final int DEFAULT_MAX_DATAGRAM_SIZE = 65_507;

    /** Creates the provider; cheap, as the service loader requires. */
    public UdpTransportProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Transport create(TransportSettings settings, TlsProvider tls) {
        if (settings.tls().enabled()) {
            throw TransportChecks.tlsUnsupported(ID);
        }
        TransportChecks.checkOptionNames(ID, settings, optionNames());
        return new UdpTransport(settings.host(), settings.port(), settings.charset(), maxDatagramSize(settings));
    }

    private static int maxDatagramSize(TransportSettings settings) {
        String text = settings.options().get(MAX_DATAGRAM_SIZE);
        if (text == null) {
            return DEFAULT_MAX_DATAGRAM_SIZE;
        }
        long size = OptionParsers.size(MAX_DATAGRAM_SIZE, text);
        if (size < 1 || size > DEFAULT_MAX_DATAGRAM_SIZE) {
            throw new InvalidOptionException(MAX_DATAGRAM_SIZE, size + " bytes is out of range; allowed: 1 to "
                    + DEFAULT_MAX_DATAGRAM_SIZE);
        }
        return (int) size;
    }

    @Override
    public Set<String> optionNames() {
        return Set.of(MAX_DATAGRAM_SIZE);
    }
}
