package io.github.logstashasync.core.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-connection guard: one alarm per connection, re-armed while operations come, lapsing when idle. */
class WriteWatchdogGuardTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);

    /** A connection whose close unblocks the operation stuck on it, as closing a socket does. */
    private static final class Connection implements Closeable {
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void close() {
            closes.incrementAndGet();
            closed.countDown();
        }

        void block() throws IOException {
            try {
                if (!closed.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the watchdog never closed the connection");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            throw new IOException("Socket closed");
        }
    }

    @Test
    void quickOperationsOverManyTimeoutsNeverFire() throws Exception {
        Connection connection = new Connection();
        WriteWatchdog.Guard guard = new WriteWatchdog.Guard(TIMEOUT, connection);
        long end = System.nanoTime() + 3 * TIMEOUT.toNanos();
        int operations = 0;
        while (System.nanoTime() - end < 0) {
            guard.run("writing", () -> { });
            operations++;
        }
        Thread.sleep(2 * TIMEOUT.toMillis());
        guard.run("writing", () -> { });
        assertEquals(0, connection.closes.get(), "no alarm fired over " + operations + " quick operations");
    }

    @Test
    void anOperationWithoutProgressIsEndedByClosingTheConnection() throws Exception {
        Connection connection = new Connection();
        WriteWatchdog.Guard guard = new WriteWatchdog.Guard(TIMEOUT, connection);
        guard.run("writing", () -> { }); // the alarm is armed by this one and lapses while idle
        Thread.sleep(3 * TIMEOUT.toMillis());
        long start = System.nanoTime();
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> guard.run("writing", connection::block));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(e.getMessage().contains("writing made no progress for 200 ms"), e.getMessage());
        assertTrue(tookMillis >= TIMEOUT.toMillis() - 5, "not before the timeout: " + tookMillis + " ms");
        assertEquals(1, connection.closes.get(), "closed once");
        assertThrows(SocketTimeoutException.class, () -> guard.run("flushing", () -> { }),
                "the connection is closed: later operations fail as timed out");
    }

    @Test
    void aSlowOperationAfterManyQuickOnesIsTimedFromItsOwnStart() throws Exception {
        Connection connection = new Connection();
        WriteWatchdog.Guard guard = new WriteWatchdog.Guard(TIMEOUT, connection);
        for (int i = 0; i < 15; i++) {
            guard.run("writing", () -> { });
            Thread.sleep(TIMEOUT.toMillis() / 10);
        }
        assertFalse(connection.closed.getCount() == 0, "still open");
        long start = System.nanoTime();
        assertThrows(SocketTimeoutException.class, () -> guard.run("writing", connection::block));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis >= TIMEOUT.toMillis() - 5, "the deadline is the slow operation's: " + tookMillis + " ms");
    }
}
