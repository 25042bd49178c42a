package io.github.logstashasync.core.internal.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UdpTransportTest {

    private static final Transport.Rejections NO_REJECTIONS = (index, reason) -> {
        throw new AssertionError("event " + index + " must not be rejected: " + reason);
    };

    private static TransportSettings settings(int port, Charset charset, Map<String, String> options) {
        return new TransportSettings("127.0.0.1", port, charset, null, null, PipelineSettings.DEFAULT_BEATS_BATCH_SIZE,
                null, options);
    }

    private static DatagramSocket receiver() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String receive(DatagramSocket socket, Charset charset) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), charset);
    }

    @Test
    void sendsOneDatagramPerEventOverAReusedSocket() throws Exception {
        try (DatagramSocket receiver = receiver();
                Transport transport = new UdpTransportProvider().create(settings(receiver.getLocalPort(), null, null), null)) {
            List<String> events = List.of("{\"message\":\"Grüße, 世界 😀\"}", "{\"n\":2}");
            transport.send(events, NO_REJECTIONS);
            transport.send(List.of("{\"n\":3}"), NO_REJECTIONS);
            List<String> received = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                received.add(receive(receiver, StandardCharsets.UTF_8));
            }
            assertEquals(List.of(events.get(0), events.get(1), "{\"n\":3}"), received, "one UTF-8 datagram per event");
        }
    }

    @Test
    void encodesWithTheConfiguredCharset() throws Exception {
        Charset latin1 = StandardCharsets.ISO_8859_1;
        try (DatagramSocket receiver = receiver();
                Transport transport = new UdpTransportProvider().create(settings(receiver.getLocalPort(), latin1, null),
                        null)) {
            transport.send(List.of("{\"message\":\"café ½\"}"), NO_REJECTIONS);
            DatagramPacket packet = new DatagramPacket(new byte[1024], 1024);
            receiver.receive(packet);
            assertEquals("{\"message\":\"café ½\"}".length(), packet.getLength(), "one byte per character in ISO-8859-1");
            assertEquals("{\"message\":\"café ½\"}", new String(packet.getData(), 0, packet.getLength(), latin1));
        }
    }

    @Test
    void rejectsAnEventLargerThanTheLimitAndSendsTheRestOfTheBatch() throws Exception {
        try (DatagramSocket receiver = receiver();
                Transport transport = new UdpTransportProvider().create(
                        settings(receiver.getLocalPort(), null, Map.of("maxDatagramSize", "100")), null)) {
            String fits = "{\"m\":\"" + "a".repeat(100 - 8) + "\"}";
            String tooBig = "{\"m\":\"" + "é".repeat(50) + "\"}";
            List<String> rejected = new ArrayList<>();
            transport.send(List.of("{\"n\":1}", tooBig, fits), (index, reason) -> rejected.add(index + ": " + reason));
            assertEquals(List.of("1: event of 108 bytes exceeds the UDP datagram limit of 100 bytes"), rejected,
                    "the UTF-8 size is what counts");
            assertEquals("{\"n\":1}", receive(receiver, StandardCharsets.UTF_8), "the event before the big one");
            assertEquals(fits, receive(receiver, StandardCharsets.UTF_8), "an event of exactly the limit");
        }
    }

    @Test
    void theDefaultLimitIsTheIpv4PayloadLimit() throws Exception {
        try (DatagramSocket receiver = receiver();
                Transport transport = new UdpTransportProvider().create(settings(receiver.getLocalPort(), null, null), null)) {
            String largest = "\"" + "x".repeat(65_505) + "\"";
            List<String> rejected = new ArrayList<>();
            transport.send(List.of(largest + " ", largest), (index, reason) -> rejected.add(index + ": " + reason));
            assertEquals(List.of("0: event of 65508 bytes exceeds the UDP datagram limit of 65507 bytes"), rejected,
                    "one byte over the limit is rejected, never truncated");
            assertEquals(largest, receive(receiver, StandardCharsets.UTF_8), "65,507 bytes arrive whole");
        }
    }

    @Test
    void portUnreachableFailsAsRetryable() throws Exception {
        int port;
        try (DatagramSocket probe = receiver()) {
            port = probe.getLocalPort();
        }
        try (Transport transport = new UdpTransportProvider().create(settings(port, null, null), null)) {
            TransportException failure = null;
            // The ICMP answer to one datagram fails a later write; a few batches are enough on loopback.
            for (int attempt = 0; attempt < 50 && failure == null; attempt++) {
                try {
                    transport.send(List.of("{\"n\":1}", "{\"n\":2}"), NO_REJECTIONS);
                } catch (TransportException e) {
                    failure = e;
                }
            }
            assertNotNull(failure, "sending to a closed port on 127.0.0.1 reports ICMP port unreachable");
            assertTrue(failure.retryable(), "a receiver may start listening later");
            assertTrue(failure.getMessage().contains("port unreachable"), failure.getMessage());
        }
    }

    @Test
    void closeNeverThrowsAndSendAfterCloseFails() throws Exception {
        Transport transport = new UdpTransportProvider().create(settings(9, null, null), null);
        transport.close();
        transport.close();
        assertThrows(TransportException.class, () -> transport.send(List.of("{}"), NO_REJECTIONS),
                "a closed transport sends nothing");
    }

    @Test
    void invalidOptionsFailAtCreateNamingTheOption() {
        UdpTransportProvider provider = new UdpTransportProvider();
        for (String bad : List.of("0", "65508", "64k", "abc", "-1")) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class,
                    () -> provider.create(settings(9, null, Map.of("maxDatagramSize", bad)), null), bad);
            assertEquals("maxDatagramSize", e.option(), "the bad value " + bad + " is reported under its option");
        }
        provider.create(settings(9, null, Map.of("maxDatagramSize", "8k")), null).close();

        InvalidOptionException unknown = assertThrows(InvalidOptionException.class,
                () -> provider.create(settings(9, null, Map.of("maxDatagramSise", "100")), null));
        assertEquals("maxDatagramSise", unknown.option(), "a misspelt option is not silently ignored");
        assertTrue(unknown.getMessage().contains("maxDatagramSize"), "the message lists the known options");

        InvalidOptionException tls = assertThrows(InvalidOptionException.class, () -> provider.create(
                settings(9, null, null).withTls(TlsSettings.builder().enabled(true).build()), null));
        assertEquals("sslEnable", tls.option(), "udp has no TLS");
    }
}
