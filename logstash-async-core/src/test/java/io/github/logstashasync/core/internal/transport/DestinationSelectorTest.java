package io.github.logstashasync.core.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.logstashasync.api.ConnectionStrategy;
import io.github.logstashasync.core.internal.worker.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The turns of round-robin by batches and by time, on a clock the test gives (the selector takes it as an argument). */
class DestinationSelectorTest {

    private static final long MS = 1_000_000L;

    private static DestinationState[] states(int n) {
        DestinationState[] states = new DestinationState[n];
        for (int i = 0; i < n; i++) {
            states[i] = new DestinationState("d" + i, new MultiDestinationTransportTest.Scripted(),
                    new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        }
        return states;
    }

    /** The destination of each of {@code batches} batches, one every {@code gapMs} from {@code start}. */
    private static List<Integer> turns(DestinationSelector selector, DestinationState[] states, long start, int batches,
            long gapMs) {
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            long now = start + i * gapMs * MS;
            int first = selector.candidates(states, now)[0];
            selector.delivered(first, now);
            picked.add(first);
        }
        return picked;
    }

    @Test
    void rotateIntervalAloneMovesOnWhenTheTurnHasLastedThatLong() {
        DestinationState[] states = states(3);
        DestinationSelector selector = new DestinationSelector(ConnectionStrategy.ROUND_ROBIN, 3, null,
                DestinationSettings.effectiveRotateEvery(null, Duration.ofMillis(100)), Duration.ofMillis(100),
                new Random(1));
        // a batch every 30 ms: batches at 0, 30, 60, 90 ms go to the first; the one at 120 ms starts the second's turn
        assertEquals(List.of(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 0), turns(selector, states, 1_000 * MS, 13, 30));
    }

    @Test
    void withRotateEveryTooWhicheverComesFirst() {
        DestinationState[] states = states(2);
        DestinationSelector selector = new DestinationSelector(ConnectionStrategy.ROUND_ROBIN, 2, null, 3,
                Duration.ofMillis(100), new Random(1));
        // quick batches: three per turn; then slow ones (every 150 ms): the time ends each turn after one batch
        List<Integer> quick = turns(selector, states, 0, 6, 1);
        assertEquals(List.of(0, 0, 0, 1, 1, 1), quick);
        assertEquals(List.of(0, 1, 0, 1), turns(selector, states, 10 * MS, 4, 150));
    }

    @Test
    void aTurnStartsWithItsFirstBatchSoAnIdleSpellDoesNotSkipDestinations() {
        DestinationState[] states = states(3);
        DestinationSelector selector = new DestinationSelector(ConnectionStrategy.ROUND_ROBIN, 3, null, 1_000_000,
                Duration.ofMillis(100), new Random(1));
        assertEquals(List.of(0), turns(selector, states, 0, 1, 0));
        // an hour later: the first's turn has ended, the next batch goes to the second, which then keeps them
        assertEquals(List.of(1, 1, 1), turns(selector, states, 3_600_000 * MS, 3, 10));
    }

    @Test
    void withoutRotateIntervalEveryBatchMovesOnAsBefore() {
        DestinationState[] states = states(3);
        DestinationSelector selector = new DestinationSelector(ConnectionStrategy.ROUND_ROBIN, 3, null, 1, null,
                new Random(1));
        assertEquals(List.of(0, 1, 2, 0, 1, 2), turns(selector, states, 0, 6, 1000));
    }
}
