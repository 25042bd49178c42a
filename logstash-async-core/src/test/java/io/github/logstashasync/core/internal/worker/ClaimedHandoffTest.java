package io.github.logstashasync.core.internal.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.core.internal.queue.QueuedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClaimedHandoffTest {

    private static final long HOLD = TimeUnit.SECONDS.toNanos(60);

    private static List<QueuedEvent> events(long firstId, int n) {
        List<QueuedEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new QueuedEvent(firstId + i, "e" + (firstId + i), Instant.EPOCH, 0));
        }
        return events;
    }

    private static List<Long> ids(List<QueuedEvent> events) {
        return events.stream().map(QueuedEvent::id).toList();
    }

    @Test
    void takesInAppendOrderAcrossChunks() {
        ClaimedHandoff handoff = new ClaimedHandoff(100, HOLD);
        handoff.add(events(1, 3), 0);
        handoff.add(events(4, 3), 0);
        assertEquals(List.of(1L, 2L, 3L, 4L), ids(handoff.take(4, 1)));
        assertEquals(2, handoff.size());
        assertEquals(List.of(5L, 6L), ids(handoff.take(4, 1)));
        assertEquals(List.of(), handoff.take(4, 1));
    }

    @Test
    void eventsHeldTooLongAreNotTakenButReturned() {
        ClaimedHandoff handoff = new ClaimedHandoff(100, HOLD);
        handoff.add(events(1, 2), 0);
        assertNull(handoff.take(10, HOLD + 1), "the claim may be taken over: the sender must give it back");
        assertTrue(handoff.stale(HOLD + 1), "and the periodic check sees it too");
        assertEquals(List.of(1L, 2L), ids(handoff.takeAll()));
        assertTrue(handoff.backlog(), "returned events are in the queue now: claim them first");
        assertEquals(0, handoff.size());
    }

    @Test
    void aClaimClearsTheBacklogOnlyIfNoUnclaimedAppendRanMeanwhile() {
        ClaimedHandoff handoff = new ClaimedHandoff(100, HOLD);
        assertTrue(handoff.backlog(), "a queue with events at start has a backlog");

        handoff.plainAppendStarts();
        long during = handoff.mark();
        assertFalse(handoff.claimFoundNothing(during), "an append was running: its rows may commit after the claim");
        handoff.plainAppendEnds();

        long before = handoff.mark();
        handoff.plainAppendStarts();
        handoff.plainAppendEnds();
        assertFalse(handoff.claimFoundNothing(before), "an append ran between mark and claim");

        long quiet = handoff.mark();
        assertTrue(handoff.claimFoundNothing(quiet));
        assertFalse(handoff.backlog());
    }

    @Test
    void aFullHandoffWaitsBrieflyThenLetsThePersisterAppendUnclaimed() throws Exception {
        ClaimedHandoff handoff = new ClaimedHandoff(2, HOLD);
        handoff.add(events(1, 2), 0);
        assertFalse(handoff.awaitRoom(TimeUnit.MILLISECONDS.toNanos(5)), "nobody takes: no room");

        Thread taker = new Thread(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handoff.take(1, 0);
        });
        taker.start();
        assertTrue(handoff.awaitRoom(TimeUnit.SECONDS.toNanos(10)), "a take makes room and wakes the persister");
        taker.join();
    }

    @Test
    void afterAFailedSendThePersisterDoesNotWait() throws Exception {
        ClaimedHandoff handoff = new ClaimedHandoff(2, HOLD);
        handoff.add(events(1, 2), 0);
        handoff.takeAll();
        handoff.add(events(3, 2), 0);
        long start = System.nanoTime();
        assertFalse(handoff.awaitRoom(TimeUnit.SECONDS.toNanos(30)));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "no wait while the sender is failing");
        assertEquals(List.of(3L), ids(handoff.take(1, 0)));
        assertTrue(handoff.awaitRoom(0), "room again");
    }

    @Test
    void aSenderThatCaughtUpWaitsForTheNextAddWithinItsBound() throws Exception {
        ClaimedHandoff handoff = new ClaimedHandoff(100, HOLD);
        long start = System.nanoTime();
        assertFalse(handoff.awaitEvents(TimeUnit.MILLISECONDS.toNanos(50)), "nothing added: false after the bound");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "it waited the bound");

        Thread persister = new Thread(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handoff.add(events(1, 3), System.nanoTime());
        });
        start = System.nanoTime();
        persister.start();
        assertTrue(handoff.awaitEvents(TimeUnit.SECONDS.toNanos(30)), "the add wakes it");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "at once, not at the bound");
        persister.join();
        assertTrue(handoff.awaitEvents(TimeUnit.SECONDS.toNanos(30)), "events are there: no wait");
        assertEquals(List.of(1L, 2L, 3L), ids(handoff.take(10, System.nanoTime())));
    }

    @Test
    void aClaimThatFoundNothingWaitsForTheRunningUnclaimedAppendInsteadOfClaimingAgainAtOnce() throws Exception {
        ClaimedHandoff handoff = new ClaimedHandoff(100, HOLD);
        long start = System.nanoTime();
        handoff.awaitPlainAppend(TimeUnit.SECONDS.toNanos(30));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "no append running: no wait");

        handoff.plainAppendStarts();
        start = System.nanoTime();
        handoff.awaitPlainAppend(TimeUnit.MILLISECONDS.toNanos(50));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "the append runs: waits");
        assertEquals(1, handoff.mark() & 1, "and returns after its bound, the append still running");

        CountDownLatch waiting = new CountDownLatch(1);
        Thread persister = new Thread(() -> {
            try {
                waiting.await();
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handoff.plainAppendEnds();
        });
        persister.start();
        start = System.nanoTime();
        waiting.countDown();
        handoff.awaitPlainAppend(TimeUnit.SECONDS.toNanos(30));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "the end of the append wakes the sender");
        assertEquals(0, handoff.mark() & 1, "the append has ended: its events can be claimed");
        persister.join();
    }
}
