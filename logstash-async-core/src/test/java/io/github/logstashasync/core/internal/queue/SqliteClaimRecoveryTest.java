package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.FAST;
import static io.github.logstashasync.core.internal.queue.TestDatabases.events;
import static io.github.logstashasync.core.internal.queue.TestDatabases.queryLong;
import static io.github.logstashasync.core.internal.queue.TestDatabases.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claims are leases: a dead claimer's events are sent again, a live claimer's are never stolen. */
class SqliteClaimRecoveryTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void claimsOfACrashedProcessBecomeClaimableWhenTheLeaseRanOut() throws Exception {
        Path file = dir.resolve("q.db");
        // Never closed nor confirmed: as if the process hung or died right after the claim.
        SqliteEventQueue crashed = SqliteEventQueue.open(file, FAST);
        crashed.append(events("a", 5));
        assertEquals(3, crashed.claim(3, LEASE).size(), "the first process claims three events");
        try (SqliteEventQueue restarted = SqliteEventQueue.open(file, FAST)) {
            assertEquals(events("a", 5).subList(3, 5), texts(restarted.claim(10, LEASE)),
                    "while the lease runs, only the unclaimed events are claimable");
            // The lease started three minutes ago.
            TestDatabases.update(file, "UPDATE event_claim SET claimed_at = claimed_at - 180000 WHERE first_id <= 3");
            assertEquals(events("a", 5).subList(0, 3), texts(restarted.claim(10, LEASE)),
                    "the expired claims are claimed again, oldest first");
        } finally {
            crashed.close();
        }
        assertEquals(5, queryLong(file, "SELECT count(*) FROM event"), "nothing was deleted at restart");
    }

    @Test
    void claimsOfADeadProcessAreRecoveredAtOpenWithoutWaitingForTheLease() throws Exception {
        Path file = dir.resolve("q.db");
        // Never closed before the restart: as if the process died right after the claim.
        SqliteEventQueue crashed = SqliteEventQueue.open(file, FAST);
        try {
            crashed.append(events("a", 4));
            crashed.claim(2, LEASE);
            // Same host and pid, but another start time: the process that claimed has ended, its pid reused.
            TestDatabases.update(file, "UPDATE event_claim SET owner = '" + deadOwner() + "'");
            try (SqliteEventQueue restarted = SqliteEventQueue.open(file, FAST)) {
                assertEquals(events("a", 4), texts(restarted.claim(10, LEASE)),
                        "claims of a dead process are claimable right after the restart");
            }
            assertEquals(2, queryLong(file, "SELECT count(*) FROM event WHERE last_error LIKE '%process that ended%'"),
                    "the recovered events say why they were claimed before");
        } finally {
            crashed.close();
        }
    }

    @Test
    void claimsMarkedInTheRowsByVersion1AreRecoveredWhenTheSchemaMovesOn() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST)) {
            queue.append(events("a", 4));
        }
        // A version-1 database: claims were marks in the rows, here of a dead process and of a live one.
        TestDatabases.update(file, "DROP TABLE event_claim");
        TestDatabases.update(file, "PRAGMA user_version = 1");
        TestDatabases.update(file, "UPDATE event SET pending_delete = 1, claimed_at = "
                + System.currentTimeMillis() + ", claim_owner = '" + deadOwner() + "' WHERE event_id <= 2");
        TestDatabases.update(file, "UPDATE event SET pending_delete = 1, claimed_at = "
                + System.currentTimeMillis() + ", claim_owner = '" + ClaimOwner.newToken() + "' WHERE event_id = 3");
        try (SqliteEventQueue migrated = SqliteEventQueue.open(file, FAST)) {
            assertEquals(List.of(events("a", 4).get(0), events("a", 4).get(1), events("a", 4).get(3)),
                    texts(migrated.claim(10, LEASE)), "the dead process's claims are back, the live one's wait");
            assertEquals(1, queryLong(file, "SELECT count(*) FROM event WHERE pending_delete = 1"),
                    "the live mark is kept until its lease ends");
        }
        assertEquals(QueueSchema.VERSION, queryLong(file, "PRAGMA user_version"), "the schema moved on");
    }

    /** Returns an owner token of this host and pid with another start time: a process that has ended. */
    private static String deadOwner() {
        String[] parts = ClaimOwner.newToken().split("/");
        parts[3] = Long.toString(Long.parseLong(parts[3]) - 3_600_000);
        return String.join("/", parts);
    }

    @Test
    void aLiveClaimIsNotStolenBeforeItsLeaseEnds() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue first = SqliteEventQueue.open(file, FAST);
             SqliteEventQueue second = SqliteEventQueue.open(file, FAST)) {
            first.append(events("a", 4));
            List<QueuedEvent> held = first.claim(3, LEASE);
            assertEquals(events("a", 4).subList(3, 4), texts(second.claim(10, LEASE)),
                    "a second process gets only the unclaimed event");
            assertEquals(List.of(), second.claim(10, LEASE), "the live claim is not stolen");
            try (SqliteEventQueue reopened = SqliteEventQueue.open(file, FAST)) {
                assertEquals(List.of(), reopened.claim(10, LEASE),
                        "opening another queue on the file does not take back claims of a live process");
            }
            backdateClaims(file, held);
            assertEquals(texts(held), texts(second.claim(10, LEASE)),
                    "once the lease is over, the claim may be taken");
            first.delete(held);
            assertEquals(0, queryLong(file, "SELECT count(*) FROM event WHERE event_text LIKE '%a-0%'"),
                    "the first claimer still confirms what it sent");
        }
    }

    @Test
    void releaseByAClaimerWhoseLeaseWasTakenOverChangesNothing() throws Exception {
        Path file = dir.resolve("q.db");
        try (SqliteEventQueue slow = SqliteEventQueue.open(file, FAST);
             SqliteEventQueue other = SqliteEventQueue.open(file, FAST)) {
            slow.append(events("a", 2));
            List<QueuedEvent> stale = slow.claim(2, LEASE);
            backdateClaims(file, stale);
            List<QueuedEvent> taken = other.claim(2, LEASE);
            assertEquals(texts(stale), texts(taken), "the other queue took over the expired claim");
            slow.release(stale, "late failure");
            assertEquals(List.of(), other.claim(2, LEASE), "the late release did not undo the new claim");
            assertTrue(queryLong(file, "SELECT count(*) FROM event WHERE attempts > 0") == 0,
                    "the late release counted no attempt");
        }
    }

    /** Moves the start of the claims of {@code events} three minutes back, past the lease. */
    private static void backdateClaims(Path file, List<QueuedEvent> events) throws Exception {
        for (QueuedEvent event : events) {
            TestDatabases.update(file, "UPDATE event_claim SET claimed_at = claimed_at - 180000 WHERE first_id <= "
                    + event.id() + " AND last_id >= " + event.id());
        }
    }
}
