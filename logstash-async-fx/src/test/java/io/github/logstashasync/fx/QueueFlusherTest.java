package io.github.logstashasync.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.core.internal.queue.EventFilter;
import io.github.logstashasync.core.internal.queue.EventState;
import io.github.logstashasync.core.internal.queue.InspectedEvent;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import io.github.logstashasync.core.internal.queue.SqliteEventQueue;
import io.github.logstashasync.core.internal.transport.TransportRegistry;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flushing a queue database from the monitor delivers, deletes, fails and keeps events as the worker would. */
class QueueFlusherTest {

    @TempDir
    Path dir;

    private Path db;
    private final List<String> skipped = new ArrayList<>();
    private TransportRegistry registry;

    @BeforeEach
    void database() throws Exception {
        db = dir.resolve("queue.db");
        try (SqliteEventQueue queue = TestQueues.open(db)) {
            queue.append(TestQueues.events("to flush", 120));
        }
        registry = TransportRegistry.discover(QueueFlusherTest.class.getClassLoader(), skipped::add);
    }

    @Test
    void deliversEveryQueuedEventAndDeletesIt() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            List<Long> progress = new ArrayList<>();
            QueueFlusher.Result result = flusher().flush(new QueueFlusher.Request("tcp",
                    TransportSettings.of("127.0.0.1", receiver.port()), Long.MAX_VALUE), progress::add);
            assertEquals(new QueueFlusher.Result(120, 0, null), result, "all 120 sent, none failed, not stopped");
            assertEquals(List.of(50L, 100L, 120L), progress, "progress after each batch of 50");
            await(() -> receiver.lines().size() == 120, "the receiver has 120 lines");
            assertEquals(TestQueues.events("to flush", 120), receiver.lines(), "the documents in queue order");
            assertEquals(0, count(EventFilter.all()), "the database is empty");
            assertTrue(skipped.isEmpty(), "no transport provider was skipped: " + skipped);
        }
    }

    @Test
    void stopsAtTheLimit() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            QueueFlusher.Result result = flusher().flush(new QueueFlusher.Request("tcp",
                    TransportSettings.of("127.0.0.1", receiver.port()), 70), settled -> { });
            assertEquals(70, result.sent(), "sent as many as asked");
            assertEquals(50, count(EventFilter.of(EventState.QUEUED)), "the other 50 stay queued");
        }
    }

    @Test
    void anInterruptCancelsTheFlushAndKeepsWhatWasNotSent() throws Exception {
        try (SqliteEventQueue queue = TestQueues.open(db)) {
            List<String> big = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                big.add(TestQueues.event("INFO", i + "x".repeat(100_000)));
            }
            queue.append(big); // 40 MB: more than the socket buffers of a receiver that never reads
        }
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            QueueFlusher.Result[] result = new QueueFlusher.Result[1];
            Thread flushing = new Thread(() -> {
                try {
                    // The transport's close sends again, within socketCloseWait, what the receiver may not have
                    // read (here: everything, it reads nothing); 2 s instead of the default 30 s bounds that.
                    TransportSettings settings = new TransportSettings("127.0.0.1", silent.getLocalPort(), null, null,
                            Duration.ofSeconds(2), PipelineSettings.DEFAULT_BEATS_BATCH_SIZE, null, null);
                    result[0] = flusher().flush(new QueueFlusher.Request("tcp", settings, Long.MAX_VALUE),
                            settled -> { });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            flushing.start();
            // interrupted once it is sending: connected, a batch claimed, and the writes blocked (nobody reads)
            silent.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            try (Socket connection = silent.accept()) {
                assertTrue(connection.isConnected(), "the flush connected to the receiver");
                await(() -> inFlight() > 0, "the flush holds a batch in flight");
                flushing.interrupt();
                flushing.join(10_000);
            }
            assertEquals(false, flushing.isAlive(), "the flush ends when interrupted");
            assertEquals(QueueFlusher.CANCELLED, result[0].stoppedBy());
            assertTrue(result[0].sent() < 520, "not everything went: " + result[0].sent());
            assertEquals(520 - result[0].sent(), count(EventFilter.of(EventState.QUEUED)),
                    "what was not sent is queued again, nothing left in flight");
        }
    }

    @Test
    void keepsTheEventsWhenTheReceiverIsDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        QueueFlusher.Result result = flusher().flush(new QueueFlusher.Request("tcp",
                TransportSettings.of("127.0.0.1", closedPort), Long.MAX_VALUE), settled -> { });
        assertEquals(0, result.sent(), "nothing sent");
        assertNotNull(result.stoppedBy(), "stopped by the refused connection");
        assertEquals(120, count(EventFilter.of(EventState.QUEUED)), "every event is still queued, none in flight");
        try (QueueInspector inspector = QueueInspector.openReadOnly(db, Duration.ofSeconds(2))) {
            InspectedEvent first = inspector.show(1).orElseThrow();
            assertEquals(1, first.attempts(), "the failed try is counted");
            assertEquals(result.stoppedBy(), first.note(), "and its error kept");
        }
    }

    @Test
    void movesWhatTheReceiverCanNeverTakeToFailed() throws Exception {
        try (SqliteEventQueue queue = TestQueues.open(db)) {
            queue.append(List.of(TestQueues.event("INFO", "x".repeat(70_000))));
        }
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            receiver.setReceiveBufferSize(1 << 20);
            QueueFlusher.Result result = flusher().flush(new QueueFlusher.Request("udp",
                    TransportSettings.of("127.0.0.1", receiver.getLocalPort()), Long.MAX_VALUE), settled -> { });
            assertEquals(new QueueFlusher.Result(120, 1, null), result, "120 datagrams sent, the huge event failed");
            try (QueueInspector inspector = QueueInspector.openReadOnly(db, Duration.ofSeconds(2))) {
                InspectedEvent huge = inspector.show(121).orElseThrow();
                assertEquals(EventState.FAILED, huge.state(), "the event larger than a datagram failed");
                assertTrue(huge.note().contains("exceeds the UDP datagram limit"), "with the reason: " + huge.note());
            }
        }
    }

    @Test
    void anUnknownTransportNamesTheKnownOnes() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> flusher().flush(new QueueFlusher.Request("carrier-pigeon", TransportSettings.of("127.0.0.1", 1),
                        1), settled -> { }));
        assertTrue(error.getMessage().contains("known: beats, http, tcp, udp"), "lists the transports: " + error);
    }

    private long inFlight() {
        try {
            return count(EventFilter.of(EventState.IN_FLIGHT));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private QueueFlusher flusher() {
        return new QueueFlusher(db, registry, TestQueues.SETTINGS);
    }

    private long count(EventFilter filter) throws Exception {
        try (QueueInspector inspector = QueueInspector.openReadOnly(db, Duration.ofSeconds(2))) {
            return inspector.count(filter);
        }
    }

    private static void await(BooleanSupplier condition, String expectation) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("waited 10 s in vain until " + expectation);
            }
            Thread.sleep(10);
        }
    }
}
