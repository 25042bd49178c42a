package io.github.logstashasync.cli.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Receives one JSON document per datagram, as the {@code udp} transport sends them. */
final class UdpReceiver implements Receiver {

    /** The largest UDP payload. */
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramSocket socket;
    private final Receiver.Sink sink;
    private final ReceiverSettings settings;
    private final Thread reader;
    private volatile boolean closed;

    UdpReceiver(ReceiverSettings settings, Receiver.Sink sink) throws IOException {
        this.settings = settings;
        this.sink = sink;
        this.socket = new DatagramSocket(settings.address());
        // a burst of datagrams must not be dropped by the kernel while the printer catches up
        socket.setReceiveBufferSize(4 * 1024 * 1024);
        this.reader = new Thread(this::readLoop, "logstash-async-listen-udp");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void readLoop() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!closed) {
                    settings.warnings().accept("cannot receive a datagram: " + e.getMessage());
                }
                return;
            }
            String text = new String(packet.getData(), packet.getOffset(), packet.getLength(), StandardCharsets.UTF_8)
                    .strip();
            if (!text.isEmpty()) {
                sink.accept(text);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
