package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.FAST;
import static io.github.logstashasync.core.internal.queue.TestDatabases.events;
import static io.github.logstashasync.core.internal.queue.TestDatabases.queryLong;
import static io.github.logstashasync.core.internal.queue.TestDatabases.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claims are id ranges in {@code event_claim}: what each operation does to them, and that everything looking at
 * a row's state (claims of other queues, expiry, the inspector, requeue) sees a row in a range as claimed.
 */
class SqliteClaimRangeTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void aClaimIsOneRangeAndGoesWithTheLastOfItsRows() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 10));
            List<QueuedEvent> claimed = queue.claim(10, LEASE);
            assertEquals(1, ranges(file), "ten consecutive ids, one range");
            queue.delete(claimed.subList(0, 4));
            assertEquals(1, ranges(file), "the range stays while some of its rows wait");
            queue.fail(claimed.subList(4, 6), Map.of());
            queue.delete(claimed.subList(6, 10));
            assertEquals(0, ranges(file), "no row left, no range left");
        }
    }

    @Test
    void releasingSomeRowsCutsThemOutOfTheRangeAndTheRestStaysClaimed() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue first = SqliteEventQueue.open(file, FAST);
             SqliteEventQueue second = SqliteEventQueue.open(file, FAST)) {
            first.append(events("a", 10));
            List<QueuedEvent> claimed = first.claim(10, LEASE);
            first.release(List.of(claimed.get(0), claimed.get(4), claimed.get(9)), "refused");
            assertEquals(2, ranges(file), "ids 2-4 and 6-9 stay claimed");
            assertEquals(List.of(events("a", 10).get(0), events("a", 10).get(4), events("a", 10).get(9)),
                    texts(second.claim(10, LEASE)), "the released rows are claimable by another queue, no others");
            assertEquals(3, queryLong(file, "SELECT count(*) FROM event WHERE attempts = 1 AND last_error = 'refused'"),
                    "each released row counts the attempt");
            first.unclaim(List.of(claimed.get(5)));
            assertEquals(events("a", 10).subList(5, 6), texts(second.claim(10, LEASE)), "so is an unclaimed one");
            assertEquals(0, queryLong(file, "SELECT attempts FROM event WHERE event_id = 6"), "unclaim counts nothing");
        }
    }

    @Test
    void aPieceOfARangeWhoseRowsAreGoneIsNotKept() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 10));
            List<QueuedEvent> claimed = queue.claim(10, LEASE);
            queue.delete(claimed.subList(0, 5));
            queue.release(claimed.subList(5, 10), "refused");
            assertEquals(0, ranges(file), "ids 1-5 are delivered, 6-10 released: nothing left to cover");
            assertEquals(events("a", 10).subList(5, 10), texts(queue.claim(10, LEASE)), "the released are claimable");
        }
    }

    @Test
    void aLateReleaseOfRowsAnotherQueueTookOverChangesNothing() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue slow = SqliteEventQueue.open(file, FAST);
             SqliteEventQueue other = SqliteEventQueue.open(file, FAST)) {
            slow.append(events("a", 3));
            List<QueuedEvent> stale = slow.claim(3, LEASE);
            TestDatabases.update(file, "UPDATE event_claim SET claimed_at = claimed_at - 180000");
            assertEquals(texts(stale), texts(other.claim(3, LEASE)), "the lease ran out: the other queue took them");
            slow.unclaim(stale);
            slow.release(stale, "late");
            assertEquals(List.of(), other.claim(3, LEASE), "still claimed by the other queue");
            assertEquals(0, queryLong(file, "SELECT count(*) FROM event WHERE attempts > 0"), "no attempt counted");
        }
    }

    @Test
    void scatteredRowsAreClaimedAsSeveralRangesAndPythonMarksAreCleared() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST);
             SqliteEventQueue other = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 6));
            // Python claimed row 2 and died (no claim time); another queue holds rows 4 and 5.
            TestDatabases.update(file, "UPDATE event SET pending_delete = 1 WHERE event_id = 2");
            TestDatabases.update(file, "INSERT INTO event_claim VALUES (4, 5, 'v1/otherhost/1/1/00', "
                    + System.currentTimeMillis() + ")");
            List<QueuedEvent> claimed = queue.claim(10, LEASE);
            assertEquals(List.of(1L, 2L, 3L, 6L), claimed.stream().map(QueuedEvent::id).toList(),
                    "Python's dead claim is taken, the live range is not");
            assertEquals(3, ranges(file), "1-3 and 6 of ours, 4-5 of the other host");
            assertEquals(0, queryLong(file, "SELECT count(*) FROM event WHERE pending_delete != 0"),
                    "Python's mark is cleared: the range records the claim now");
            assertEquals(List.of(), other.claim(10, LEASE), "nothing is left for a second queue");
        }
    }

    @Test
    void expiryTheInspectorAndRequeueSeeRowsInARangeAsClaimed() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 4));
            List<QueuedEvent> claimed = queue.claim(2, LEASE);
            TestDatabases.update(file, "UPDATE event SET entry_date = datetime('now', '-2 hours')");
            assertEquals(2, queue.expire(Duration.ofHours(1)), "only the unclaimed rows expire");
            try (QueueInspector inspector = QueueInspector.openReadWrite(file, FAST.databaseTimeout())) {
                List<InspectedEvent> rows = inspector.list(EventFilter.all(), 0, 10);
                assertEquals(List.of(EventState.IN_FLIGHT, EventState.IN_FLIGHT),
                        rows.stream().map(InspectedEvent::state).toList(), "rows in a range are in flight");
                assertNotNull(rows.get(0).claimedAt(), "with the range's claim time");
                assertEquals(2, inspector.count(EventFilter.of(EventState.IN_FLIGHT)), "the filter agrees");
                assertEquals(0, inspector.count(EventFilter.of(EventState.QUEUED)), "nothing is queued");
                assertEquals(new QueueStats(0, 2, 0, 2, rows.get(0).entryDate()), inspector.stats(),
                        "so do the counts");
                assertEquals(0, inspector.purge(EventState.QUEUED), "purging the queued ones spares the claimed");
            }
            queue.fail(claimed.subList(0, 1), Map.of());
            // A failed row goes back under its id unless a range covers that id: here 1 is inside 1-2.
            try (QueueInspector inspector = QueueInspector.openReadWrite(file, FAST.databaseTimeout())) {
                assertEquals(1, inspector.requeueAllFailed(), "the failed event is requeued");
                List<Long> ids = new ArrayList<>();
                for (InspectedEvent row : inspector.list(EventFilter.of(EventState.QUEUED), 0, 10)) {
                    ids.add(row.id());
                }
                assertEquals(1, ids.size(), "as a queued event");
                assertFalse(ids.contains(1L), "under a new id, not inside the claim range");
            }
        }
    }

    private static long ranges(Path file) throws Exception {
        return queryLong(file, "SELECT count(*) FROM event_claim");
    }
}
