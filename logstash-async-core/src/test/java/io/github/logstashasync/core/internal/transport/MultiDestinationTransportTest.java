package io.github.logstashasync.core.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.ConnectionStrategy;
import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.core.DestinationStatistics;
import io.github.logstashasync.core.internal.worker.Backoff;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The strategies and the hand-over of a failed batch, with scripted transports (no sockets). */
class MultiDestinationTransportTest {

    /** A transport that records what it got and answers with a scripted outcome (success when none is left). */
    static final class Scripted implements Transport {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final Deque<Outcome> script = new ArrayDeque<>();
        volatile boolean closed;

        interface Outcome {
            void apply(List<String> events, Rejections rejections) throws TransportException;
        }

        Scripted then(Outcome... outcomes) {
            script.addAll(List.of(outcomes));
            return this;
        }

        @Override
        public void send(List<String> events, Rejections rejections) throws TransportException {
            batches.add(List.copyOf(events));
            Outcome next = script.poll();
            if (next != null) {
                next.apply(events, rejections);
            }
        }

        int events() {
            return batches.stream().mapToInt(List::size).sum();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static Scripted.Outcome down() {
        return (events, rejections) -> {
            throw new TransportException("connection refused", null);
        };
    }

    static Scripted.Outcome deliversThenBreaks(int delivered) {
        return (events, rejections) -> {
            throw new TransportException("connection reset", null, true, delivered, null);
        };
    }

    private final List<String> reports = new CopyOnWriteArrayList<>();

    private MultiDestinationTransport over(ConnectionStrategy strategy, Duration ttl, int rotateEvery, Duration backoff,
            Scripted... transports) {
        List<DestinationState> states = new ArrayList<>();
        for (int i = 0; i < transports.length; i++) {
            states.add(new DestinationState("d" + i, transports[i], new Backoff(backoff, backoff)));
        }
        return new MultiDestinationTransport(states, new DestinationSelector(strategy, transports.length, ttl,
                rotateEvery, new Random(42)), Duration.ofSeconds(1), (m, e) -> reports.add(m));
    }

    private static List<String> batch(int from, int n) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add("e" + (from + i));
        }
        return events;
    }

    @Test
    void failoverSendsToTheFirstAndMovesOnWhenItFails() throws Exception {
        Scripted a = new Scripted();
        Scripted b = new Scripted();
        Scripted c = new Scripted();
        MultiDestinationTransport t = over(ConnectionStrategy.FAILOVER, null, 1, Duration.ofHours(1), a, b, c);
        t.send(batch(0, 5), (i, r) -> { });
        assertEquals(5, a.events());
        a.then(down());
        t.send(batch(5, 5), (i, r) -> { });
        assertEquals(List.of(batch(5, 5)), b.batches, "the batch that failed on the first goes whole to the second");
        t.send(batch(10, 5), (i, r) -> { });
        assertEquals(10, b.events(), "the first backs off: the second keeps the batches");
        assertEquals(0, c.events());
        List<DestinationStatistics> stats = t.statistics();
        assertFalse(stats.get(0).connected());
        assertTrue(stats.get(0).backingOffUntil() != null, "the first backs off");
        assertEquals("connection refused", stats.get(0).lastError());
        assertEquals(5, stats.get(0).sent());
        assertEquals(1, stats.get(0).failures());
        assertTrue(stats.get(1).connected());
        assertEquals(10, stats.get(1).sent());
        assertEquals(2, stats.get(1).batches());
        assertTrue(reports.stream().anyMatch(m -> m.startsWith("destination d0 failed (connection refused)")),
                reports.toString());
    }

    @Test
    void failoverGoesBackToTheFirstAfterTheTtl() throws Exception {
        Scripted a = new Scripted().then(down());
        Scripted b = new Scripted();
        MultiDestinationTransport t = over(ConnectionStrategy.FAILOVER, Duration.ofMillis(300), 1, Duration.ofMillis(50),
                a, b);
        t.send(batch(0, 1), (i, r) -> { });
        assertEquals(1, b.events(), "the first was down");
        Thread.sleep(100); // the first's back-off (50 ms) is over, the TTL (300 ms) is not
        t.send(batch(1, 1), (i, r) -> { });
        assertEquals(2, b.events(), "the second keeps the batches until the TTL");
        Thread.sleep(300);
        t.send(batch(2, 1), (i, r) -> { });
        assertEquals(List.of(List.of("e0"), List.of("e2")), a.batches, "after the TTL the first is tried again");
        assertTrue(reports.stream().anyMatch(m -> m.equals("destination d0 delivers again")), reports.toString());
    }

    @Test
    void aPartlyConfirmedBatchGoesOnFromItsFirstUnconfirmedEventAndRejectionsKeepTheirIndex() throws Exception {
        Scripted a = new Scripted().then((events, rejections) -> {
            rejections.reject(1, "too large");
            rejections.reject(7, "not confirmed: may be sent again");
            throw new TransportException("connection reset", null, true, 4, null);
        });
        Scripted b = new Scripted().then((events, rejections) -> rejections.reject(2, "too large too"));
        MultiDestinationTransport t = over(ConnectionStrategy.FAILOVER, null, 1, Duration.ofHours(1), a, b);
        Map<Integer, String> rejected = new TreeMap<>();
        t.send(batch(0, 10), rejected::put);
        assertEquals(batch(4, 6), b.batches.get(0), "the second gets the events the first did not confirm");
        assertEquals(Map.of(1, "too large", 6, "too large too"), rejected,
                "the first's rejection of a confirmed event, the second's shifted to the batch's index");
        assertEquals(4, t.statistics().get(0).sent());
        assertEquals(6, t.statistics().get(1).sent());
    }

    @Test
    void whenEveryDestinationFailsTheSendFailsWithWhatWasConfirmedAndWhenToRetry() throws Exception {
        Scripted a = new Scripted().then(deliversThenBreaks(3));
        Scripted b = new Scripted().then(deliversThenBreaks(2));
        MultiDestinationTransport t = over(ConnectionStrategy.FAILOVER, null, 1, Duration.ofSeconds(2), a, b);
        TransportException e = assertThrows(TransportException.class, () -> t.send(batch(0, 10), (i, r) -> { }));
        assertTrue(e.retryable());
        assertEquals(5, e.delivered(), "3 on the first, then 2 on the second");
        assertTrue(e.retryAfter().isPresent() && e.retryAfter().get().compareTo(Duration.ofSeconds(2)) <= 0,
                "retry when the first back-off ends: " + e.retryAfter());
        assertTrue(e.getMessage().startsWith("no destination took the batch (d0 backing off for "), e.getMessage());

        TransportException idle = assertThrows(TransportException.class, () -> t.send(batch(10, 1), (i, r) -> { }));
        assertTrue(idle.getMessage().startsWith("every destination is backing off"), idle.getMessage());
        assertEquals(2, a.batches.size() + b.batches.size(), "no connection attempt while every destination backs off");
    }

    @Test
    void aRejectionOfTheContentIsNotADestinationsFailure() throws Exception {
        Scripted a = new Scripted().then((events, rejections) -> {
            throw new TransportException("HTTP 400: bad JSON", null, false, 2, null);
        });
        Scripted b = new Scripted();
        MultiDestinationTransport t = over(ConnectionStrategy.FAILOVER, null, 1, Duration.ofHours(1), a, b);
        TransportException e = assertThrows(TransportException.class, () -> t.send(batch(0, 5), (i, r) -> { }));
        assertFalse(e.retryable());
        assertEquals(2, e.delivered());
        assertEquals(0, b.events(), "another receiver would refuse it too");
        assertEquals(0, t.statistics().get(0).failures(), "the destination is healthy");
    }

    @Test
    void roundRobinTakesTurnsEveryRotateEveryBatchesAndSkipsOneThatIsDown() throws Exception {
        Scripted a = new Scripted();
        Scripted b = new Scripted();
        Scripted c = new Scripted();
        MultiDestinationTransport t = over(ConnectionStrategy.ROUND_ROBIN, null, 2, Duration.ofHours(1), a, b, c);
        for (int i = 0; i < 12; i++) {
            t.send(batch(i, 1), (x, r) -> { });
        }
        assertEquals(List.of(4, 4, 4), List.of(a.batches.size(), b.batches.size(), c.batches.size()));
        assertEquals(List.of(List.of("e0"), List.of("e1"), List.of("e6"), List.of("e7")), a.batches, "two each in turn");
        b.then(down());
        for (int i = 0; i < 12; i++) {
            t.send(batch(100 + i, 1), (x, r) -> { });
        }
        assertEquals(5, b.batches.size(), "the one that is down was tried once, then backs off");
        assertEquals(List.of(6, 6), List.of(a.events() - 4, c.events() - 4), "the other two share its batches");
    }

    @Test
    void randomSpreadsOverTheDestinationsNotBackingOff() throws Exception {
        Scripted a = new Scripted();
        Scripted b = new Scripted().then(down());
        Scripted c = new Scripted();
        MultiDestinationTransport t = over(ConnectionStrategy.RANDOM, null, 1, Duration.ofHours(1), a, b, c);
        for (int i = 0; i < 300; i++) {
            t.send(batch(i, 1), (x, r) -> { });
        }
        assertEquals(300, a.events() + c.events(), "every batch was taken by the two that work");
        assertTrue(b.batches.size() <= 1, "the one that fails is not tried again while it backs off");
        assertTrue(a.events() > 100 && c.events() > 100, "both others get a fair share: " + a.events() + ", " + c.events());
    }

    @Test
    void noDestinationIsTriedAfterCloseAndEveryTransportIsClosed() throws Exception {
        Scripted a = new Scripted().then(down());
        Scripted b = new Scripted();
        MultiDestinationTransport t = over(ConnectionStrategy.FAILOVER, null, 1, Duration.ofMillis(1), a, b);
        t.close();
        assertTrue(a.closed && b.closed, "both closed");
        TransportException e = assertThrows(TransportException.class, () -> t.send(batch(0, 1), (i, r) -> { }));
        assertTrue(e.getMessage().startsWith("the transport is closed"), e.getMessage());
        assertEquals(0, a.batches.size() + b.batches.size());
    }

    @Test
    void resolveAllRefusesTlsHostNameVerification() {
        TransportSettings tls = TransportSettings.of("localhost", 5044).withTls(TlsSettings.builder().enabled(true).build());
        DestinationSettings options = new DestinationSettings(List.of(Destination.of("localhost", 5044)),
                ConnectionStrategy.FAILOVER, null, 1, null, true, null, Duration.ofMillis(200), Duration.ofSeconds(30));
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> DestinationResolver.resolve("tcp", tls, options));
        assertEquals("resolveAll", e.option());
    }
}
