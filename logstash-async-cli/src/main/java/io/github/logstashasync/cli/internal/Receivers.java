package io.github.logstashasync.cli.internal;

import java.io.IOException;
import java.util.List;

/** Starts a local receiver by the id of the transport it receives from. */
public final class Receivers {

    /** The receivers there are: the ids of the built-in transports. */
    public static final List<String> KINDS = List.of("tcp", "udp", "http", "beats");

    private Receivers() {
    }

    /**
     * Starts a receiver of {@code kind}.
     *
     * @throws IOException when it cannot listen (address in use, no permission)
     * @throws IllegalArgumentException for an unknown kind, or TLS asked of {@code udp}
     */
    public static Receiver start(String kind, ReceiverSettings settings, Receiver.Sink sink) throws IOException {
        return switch (kind) {
            case "tcp" -> new TcpReceiver(settings, sink, TcpReceiver.Protocol.JSON_LINES);
            case "beats" -> new TcpReceiver(settings, sink, TcpReceiver.Protocol.LUMBERJACK);
            case "udp" -> {
                if (settings.tls() != null) {
                    throw new IllegalArgumentException("udp has no TLS; use tcp, http or beats for TLS");
                }
                yield new UdpReceiver(settings, sink);
            }
            case "http" -> new HttpReceiver(settings, sink);
            default -> throw new IllegalArgumentException("unknown receiver '" + kind + "'; known: "
                    + String.join(", ", KINDS));
        };
    }
}
