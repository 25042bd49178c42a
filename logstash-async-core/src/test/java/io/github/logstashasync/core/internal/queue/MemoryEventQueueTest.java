package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.events;
import static io.github.logstashasync.core.internal.queue.TestDatabases.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryEventQueueTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @Test
    void isBoundedAndSaysHowManyItStored() throws Exception {
        MemoryEventQueue queue = new MemoryEventQueue(5);
        assertEquals(3, queue.append(events("a", 3)), "room for all three");
        assertEquals(2, queue.append(events("b", 4)), "only two of four fit; the caller counts two dropped");
        assertEquals(0, queue.append(events("c", 1)), "a full queue stores nothing");
        List<QueuedEvent> claimed = queue.claim(2, LEASE);
        assertEquals(0, queue.append(events("d", 1)), "claimed events still take room until deleted");
        queue.delete(claimed);
        assertEquals(2, queue.append(events("e", 3)), "deleting made room for two");
        assertEquals(5, queue.pendingCount(), "the queue is full again");
        assertFalse(queue.durable(), "a memory queue is lost on restart");
    }

    @Test
    void appendClaimedEventsAreInFlightAndTakeRoom() throws Exception {
        MemoryEventQueue queue = new MemoryEventQueue(5);
        queue.append(events("a", 2));
        List<QueuedEvent> claimed = queue.appendClaimed(events("b", 4));
        assertEquals(events("b", 4).subList(0, 3), texts(claimed), "only three fit; they come back claimed");
        assertEquals(List.of(3L, 4L, 5L), claimed.stream().map(QueuedEvent::id).toList(), "ids follow earlier ones");
        assertEquals(new QueueStats(2, 3, 0, 0, claimed.get(0).entryDate()), queue.stats(),
                "claimed events count as in flight");
        assertEquals(events("a", 2), texts(queue.claim(10, LEASE)), "a claim takes only the queued events");
        queue.delete(claimed);
        assertEquals(2, queue.pendingCount(), "the appended claimed events are gone once deleted");
    }

    @Test
    void appendClaimedEventsWhoseLeaseEndedComeBackInIdOrder() throws Exception {
        MemoryEventQueue queue = new MemoryEventQueue(100);
        queue.appendClaimed(events("a", 2));
        queue.append(events("b", 2));
        queue.appendClaimed(events("c", 1));
        long appended = System.nanoTime();
        while (System.nanoTime() - appended < TimeUnit.MILLISECONDS.toNanos(1)) {
            Thread.onSpinWait();
        }
        List<QueuedEvent> all = queue.claim(10, Duration.ofNanos(1));
        List<String> expected = new ArrayList<>(events("a", 2));
        expected.addAll(events("b", 2));
        expected.addAll(events("c", 1));
        assertEquals(expected, texts(all), "returned and queued events are claimed in id order");
    }

    @Test
    void claimsAreLeases() throws Exception {
        MemoryEventQueue queue = new MemoryEventQueue(100);
        queue.append(events("a", 4));
        List<QueuedEvent> first = queue.claim(2, LEASE);
        assertEquals(events("a", 4).subList(0, 2), texts(first), "oldest first");
        assertEquals(events("a", 4).subList(2, 4), texts(queue.claim(5, LEASE)), "claimed events are invisible");
        assertEquals(List.of(), queue.claim(5, LEASE), "everything is claimed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<QueuedEvent> expired = List.of();
        while (expired.isEmpty() && System.nanoTime() < deadline) {
            expired = queue.claim(10, Duration.ofNanos(1));
        }
        assertEquals(events("a", 4), texts(expired), "claims whose lease ran out are claimable, oldest first");
    }

    @Test
    void releaseCountsAttemptsAndReturnsEventsAheadOfNewerOnes() throws Exception {
        MemoryEventQueue queue = new MemoryEventQueue(100);
        queue.append(events("a", 3));
        List<QueuedEvent> claimed = queue.claim(2, LEASE);
        queue.append(events("b", 1));
        queue.release(claimed, "refused");
        List<QueuedEvent> again = queue.claim(10, LEASE);
        List<String> expected = new ArrayList<>(events("a", 3));
        expected.addAll(events("b", 1));
        assertEquals(expected, texts(again), "released events come back in their place");
        assertEquals(1, again.get(0).attempts(), "one attempt counted");
        assertEquals(0, again.get(2).attempts(), "never released: no attempt");
        queue.release(again.subList(0, 1), "refused");
        assertEquals(2, queue.claim(1, LEASE).get(0).attempts(), "attempts add up");
    }

    @Test
    void failAndExpireAreCounted() throws Exception {
        MemoryEventQueue queue = new MemoryEventQueue(100);
        queue.append(events("a", 5));
        List<QueuedEvent> claimed = queue.claim(2, LEASE);
        queue.fail(claimed, Map.of(claimed.get(0).id(), "rejected"));
        assertEquals(0, queue.expire(Duration.ofHours(1)), "nothing is an hour old");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int expired = 0;
        while (expired == 0 && System.nanoTime() < deadline) {
            expired = queue.expire(Duration.ofNanos(1));
        }
        assertEquals(3, expired, "the queued events expire (entry dates are whole seconds, so this waits < 1 s)");
        QueueStats stats = queue.stats();
        assertEquals(new QueueStats(0, 0, 2, 3, null), stats, "failed and expired are counted, nothing is left");
    }

    @Test
    void statsShowEachState() throws Exception {
        MemoryEventQueue queue = new MemoryEventQueue(100);
        queue.append(events("a", 5));
        List<QueuedEvent> claimed = queue.claim(3, LEASE);
        queue.release(claimed.subList(0, 1), "x");
        QueueStats stats = queue.stats();
        assertEquals(3, stats.queued(), "two never claimed and one released");
        assertEquals(2, stats.inFlight(), "two claimed");
        assertNotNull(stats.oldest(), "the oldest entry date is known");
    }

    @Test
    void anAppenderAndASenderThreadLoseNothing() throws Exception {
        MemoryEventQueue queue = new MemoryEventQueue(1_000);
        int total = 20_000;
        List<String> all = events("e", total);
        Thread appender = new Thread(() -> {
            int appended = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (appended < total && System.nanoTime() < deadline) {
                try {
                    List<String> batch = all.subList(appended, Math.min(total, appended + 100));
                    appended += queue.append(batch);
                } catch (QueueException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, "appender");
        appender.start();
        Set<String> seen = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seen.size() < total && System.nanoTime() < deadline) {
            List<QueuedEvent> batch = queue.claim(64, LEASE);
            for (QueuedEvent event : batch) {
                assertTrue(seen.add(event.text()), "claimed twice: " + event.text());
            }
            queue.delete(batch);
        }
        appender.join(TimeUnit.SECONDS.toMillis(20));
        assertEquals(total, seen.size(), "every event was claimed once, although the queue holds 1000");
    }

    @Test
    void rejectsANullEventAndABadCapacity() {
        MemoryEventQueue queue = new MemoryEventQueue(10);
        List<String> batch = new ArrayList<>(events("a", 1));
        batch.add(null);
        assertThrows(QueueException.class, () -> queue.append(batch), "a null event is refused");
        assertEquals(0, queue.stats().queued(), "nothing of the refused batch was stored");
        assertThrows(IllegalArgumentException.class, () -> new MemoryEventQueue(0), "capacity must be positive");
    }
}
