package io.github.logstashasync.core.internal.transport.udp;

import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.core.internal.transport.Redaction;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends each event as one datagram over a connected channel that is reused across batches. An event larger than
 * the datagram limit is rejected, never truncated.
 */
public final class UdpTransport implements Transport {

    private final String host;
    private final int port;
    private final Charset charset;
    private final int maxDatagramSize;
    private DatagramChannel channel;
    private volatile boolean closed;

    UdpTransport(String host, int port, Charset charset, int maxDatagramSize) {
        this.host = host;
        this.port = port;
        this.charset = charset;
        this.maxDatagramSize = maxDatagramSize;
    }

    @Override
    public void send(List<String> events, Rejections rejections) throws TransportException, InterruptedException {
        if (closed) {
            throw new TransportException("the udp transport to " + target() + " is closed", null);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before sending to " + target());
        }
        // Rejections first, so that they are complete even when sending fails part-way.
        List<byte[]> datagrams = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            byte[] bytes = events.get(i).getBytes(charset);
            if (bytes.length > maxDatagramSize) {
                rejections.reject(i, "event of " + bytes.length + " bytes exceeds the UDP datagram limit of "
                        + maxDatagramSize + " bytes");
            } else {
                datagrams.add(bytes);
            }
        }
        if (datagrams.isEmpty()) {
            return;
        }
        DatagramChannel current = open();
        try {
            for (byte[] datagram : datagrams) {
                current.write(ByteBuffer.wrap(datagram));
            }
        } catch (PortUnreachableException e) {
            // The receiver's host answered an earlier datagram with ICMP port unreachable: nothing listens there.
            // The channel stays usable; the datagrams already written were most likely lost too.
            throw new TransportException("nothing listens on udp " + target() + " (ICMP port unreachable)", e);
        } catch (IOException e) {
            drop();
            if (Thread.interrupted()) {
                InterruptedException stop = new InterruptedException("interrupted while sending to " + target());
                stop.initCause(e);
                throw stop;
            }
            throw new TransportException("sending datagrams to " + target() + " failed: " + Redaction.mask(e.getMessage()), e);
        }
    }

    private DatagramChannel open() throws TransportException {
        if (channel == null) {
            // Resolved again at every (re)open, so that a changed DNS entry is followed.
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new TransportException("cannot resolve host '" + host + "'", new UnknownHostException(host));
            }
            DatagramChannel opened = null;
            try {
                opened = DatagramChannel.open();
                opened.connect(address);
            } catch (IOException e) {
                closeQuietly(opened);
                throw new TransportException("cannot open a udp socket to " + target() + ": "
                        + Redaction.mask(e.getMessage()), e);
            }
            channel = opened;
        }
        return channel;
    }

    private String target() {
        return Redaction.mask(host) + ":" + port;
    }

    private void drop() {
        closeQuietly(channel);
        channel = null;
    }

    private static void closeQuietly(DatagramChannel closing) {
        if (closing == null) {
            return;
        }
        try {
            closing.close();
        } catch (IOException e) {
            // Nothing to flush on a datagram socket; it is gone either way.
        }
    }

    /** Closes the socket; datagrams are never held back, so there is nothing to wait for. Never throws. */
    @Override
    public void close() {
        closed = true;
        drop();
    }
}
