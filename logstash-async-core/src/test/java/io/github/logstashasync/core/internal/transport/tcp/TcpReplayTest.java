package io.github.logstashasync.core.internal.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The tcp transport's replay window: batches a receiver may not have read when it dropped the connection are
 * written again on the next one, and the drop fails the batch at hand as retryable (issue 16, item 5).
 */
class TcpReplayTest {

    private static final Transport.Rejections NO_REJECTIONS = (index, reason) -> {
        throw new AssertionError("tcp must not reject event " + index + ": " + reason);
    };

    private static Transport transport(int port, Map<String, String> options) {
        return new TcpTransportProvider().create(TcpTransportTest.settings(port, null, Duration.ofSeconds(5),
                Duration.ofSeconds(5)).withOptions(options), null);
    }

    @Test
    void aBatchJustBeforeAnOrderlyCloseIsSentAgainOnTheNextConnection() throws Exception {
        try (DroppingReceiver receiver = new DroppingReceiver(false, 2)) {
            Transport transport = transport(receiver.port(), Map.of());
            transport.send(List.of("{\"n\":1}"), NO_REJECTIONS);
            transport.send(List.of("{\"n\":2}"), NO_REJECTIONS);
            receiver.awaitDrop();
            TransportException e = assertThrows(TransportException.class,
                    () -> transport.send(List.of("{\"n\":3}"), NO_REJECTIONS),
                    "a close right after two batches must not pass as an idle close");
            assertTrue(e.retryable(), "the batch at hand stays queued: " + e.getMessage());
            assertTrue(e.getMessage().contains("closed the connection") && e.getMessage().contains("the 2 events"),
                    "the message says the receiver closed and how many events go again: " + e.getMessage());
            transport.send(List.of("{\"n\":3}"), NO_REJECTIONS);
            transport.close();
            // the batch at hand first, then the replay: a drop during the replay must not fail the batch too
            assertEquals(List.of("0:{\"n\":1}", "0:{\"n\":2}", "1:{\"n\":3}", "1:{\"n\":1}", "1:{\"n\":2}"),
                    receiver.take(5), "the third batch, then both earlier ones again, on the second connection");
        }
    }

    @Test
    void aResetSendsTheWindowAgainAndTheBatchAtHandStaysQueued() throws Exception {
        try (DroppingReceiver receiver = new DroppingReceiver(true, 1)) {
            Transport transport = transport(receiver.port(), Map.of());
            transport.send(List.of("{\"n\":1}", "{\"n\":2}"), NO_REJECTIONS);
            receiver.awaitDrop();
            TransportException e = assertThrows(TransportException.class,
                    () -> transport.send(List.of("{\"n\":3}"), NO_REJECTIONS), "the receiver reset the connection");
            assertTrue(e.retryable(), "a reset is retryable: " + e.getMessage());
            assertTrue(e.getMessage().contains("reset the connection"), "the message names the reset: " + e.getMessage());
            transport.send(List.of("{\"n\":3}"), NO_REJECTIONS);
            transport.close();
            List<String> lines = receiver.take(4);
            assertEquals(List.of("1:{\"n\":3}", "1:{\"n\":1}", "1:{\"n\":2}"), lines.subList(1, 4),
                    "the new batch, then the one before the reset again; got " + lines);
        }
    }

    @Test
    void onlyTheLastReplayWindowBytesAreSentAgain() throws Exception {
        // five batches of 10 bytes each ({"n":k} and a line end); a window of 25 bytes keeps the last three, and
        // a replay larger than the window goes before the next batch (so that a receiver that keeps dropping
        // connections cannot draw ever more events from the queue into memory)
        try (DroppingReceiver receiver = new DroppingReceiver(false, 5)) {
            Transport transport = transport(receiver.port(), Map.of(TcpTransportProvider.REPLAY_WINDOW, "25"));
            for (int i = 1; i <= 5; i++) {
                transport.send(List.of("{\"n\":\"" + i + "\"}"), NO_REJECTIONS);
            }
            receiver.awaitDrop();
            assertThrows(TransportException.class, () -> transport.send(List.of("{\"n\":\"6\"}"), NO_REJECTIONS),
                    "the close right after the batches is a drop");
            transport.send(List.of("{\"n\":\"6\"}"), NO_REJECTIONS);
            transport.close();
            List<String> lines = receiver.take(9);
            assertEquals(List.of("1:{\"n\":\"3\"}", "1:{\"n\":\"4\"}", "1:{\"n\":\"5\"}", "1:{\"n\":\"6\"}"),
                    lines.subList(5, 9), "the last three batches (30 bytes >= 25) again, then the new one; got " + lines);
        }
    }

    @Test
    void withoutAReplayWindowTheDropIsStillReported() throws Exception {
        try (DroppingReceiver receiver = new DroppingReceiver(false, 1)) {
            Transport transport = transport(receiver.port(), Map.of(TcpTransportProvider.REPLAY_WINDOW, "0"));
            transport.send(List.of("{\"n\":1}"), NO_REJECTIONS);
            receiver.awaitDrop();
            TransportException e = assertThrows(TransportException.class,
                    () -> transport.send(List.of("{\"n\":2}"), NO_REJECTIONS), "the drop is reported");
            assertTrue(e.retryable() && e.getMessage().contains("may have been lost"),
                    "the message says events may be lost: " + e.getMessage());
            transport.send(List.of("{\"n\":2}"), NO_REJECTIONS);
            transport.close();
            assertEquals(List.of("0:{\"n\":1}", "1:{\"n\":2}"), receiver.take(2), "nothing sent again");
            assertNull(receiver.poll(), "nothing more");
        }
    }

    @Test
    void theResendAtCloseToAReceiverThatDoesNotReadEndsWithinTheCloseWait() throws Exception {
        // 8 MB read on a first connection that the receiver then resets, and a last connection at close that it
        // accepts but never reads: the resend blocks once the kernel buffers are full, and close() ends it at
        // socketCloseWait (1 s), where it waited a write timeout per buffer before
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Transport transport = new TcpTransportProvider().create(TcpTransportTest.settings(server.getLocalPort(),
                    null, Duration.ofSeconds(5), Duration.ofSeconds(1)), null);
            List<String> big = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                big.add("{\"n\":\"" + "x".repeat(100_000) + "\"}");
            }
            Semaphore read = new Semaphore(0);
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try {
                    Socket first = server.accept();
                    accepted.add(first);
                    int lines = 0;
                    byte[] buffer = new byte[65_536];
                    int n;
                    // the whole batch, to its last line end: a reset before that would fail the send itself
                    while (lines < 80 && (n = first.getInputStream().read(buffer)) > 0) {
                        for (int i = 0; i < n; i++) {
                            if (buffer[i] == '\n') {
                                lines++;
                            }
                        }
                    }
                    first.setSoLinger(true, 0);
                    first.close(); // a reset
                    read.release();
                    accepted.add(server.accept()); // the last connection: never read
                } catch (IOException e) {
                    read.release();
                }
            });
            reader.setDaemon(true);
            reader.start();
            transport.send(big, NO_REJECTIONS);
            assertTrue(read.tryAcquire(10, TimeUnit.SECONDS), "the receiver read the batch and reset");
            long start = System.nanoTime();
            transport.close();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 4_000, "close() ends soon after socketCloseWait (1 s), took " + millis + " ms");
            reader.join(2_000); // the accept of the last connection may come after close() gave up on it
            assertEquals(2, accepted.size(), "close() tried the resend on a last connection");
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void aDropNoticedAtCloseIsSentAgainBeforeClosing() throws Exception {
        try (DroppingReceiver receiver = new DroppingReceiver(true, 1)) {
            Transport transport = transport(receiver.port(), Map.of());
            transport.send(List.of("{\"n\":1}"), NO_REJECTIONS);
            receiver.awaitDrop();
            transport.close();
            assertEquals(List.of("0:{\"n\":1}", "1:{\"n\":1}"), receiver.take(2),
                    "the batch written before the reset goes again on a last connection at close");
        }
    }

    @Test
    void theReplayWindowOptionIsCheckedByName() {
        for (String bad : List.of("2g", "lots", "-1")) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class,
                    () -> transport(9, Map.of(TcpTransportProvider.REPLAY_WINDOW, bad)), "replayWindow=" + bad);
            assertEquals(TcpTransportProvider.REPLAY_WINDOW, e.option(), "the error names the option: " + e.getMessage());
        }
        assertEquals(java.util.Set.of(TcpTransportProvider.REPLAY_WINDOW), new TcpTransportProvider().optionNames(),
                "replayWindow is tcp's own option");
    }

    /**
     * Reads json_lines on 127.0.0.1, recording each line as {@code connection:line}; its first connection is
     * dropped on the reading thread (so that the close or reset has happened when {@link #awaitDrop()} returns)
     * after {@code linesBeforeDrop} lines; later connections are read to their end.
     */
    private static final class DroppingReceiver implements AutoCloseable {

        private final ServerSocket server = new ServerSocket();
        private final boolean reset;
        private final int linesBeforeDrop;
        private final AtomicInteger connections = new AtomicInteger();
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Semaphore dropped = new Semaphore(0);
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();

        DroppingReceiver(boolean reset, int linesBeforeDrop) throws IOException {
            this.reset = reset;
            this.linesBeforeDrop = linesBeforeDrop;
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        void awaitDrop() throws InterruptedException {
            assertTrue(dropped.tryAcquire(10, TimeUnit.SECONDS), "the receiver dropped its first connection");
        }

        List<String> take(int count) throws InterruptedException {
            List<String> taken = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String line = lines.poll(10, TimeUnit.SECONDS);
                assertNotNull(line, "expected line " + (i + 1) + " of " + count + " within 10 s; got " + taken);
                taken.add(line);
            }
            return taken;
        }

        String poll() throws InterruptedException {
            return lines.poll(200, TimeUnit.MILLISECONDS);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    int index = connections.getAndIncrement();
                    start(() -> read(socket, index));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void read(Socket socket, int index) {
            try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8))) {
                int read = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(index + ":" + line);
                    if (index == 0 && ++read == linesBeforeDrop) {
                        if (reset) {
                            socket.setSoLinger(true, 0);
                        }
                        socket.close();
                        dropped.release();
                        return;
                    }
                }
            } catch (IOException e) {
                // the sender closed or reset: what was read is recorded
            }
        }

        private void start(Runnable task) {
            Thread thread = new Thread(task, "dropping-receiver");
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
            try {
                for (Thread thread : threads) {
                    thread.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
