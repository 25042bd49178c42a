package io.github.logstashasync.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.logstashasync.core.internal.queue.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The charts' points come from successive readings: depth as read, rates from the differences. */
class RateHistoryTest {

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void arrivalsComeFromTheLastIdAndDeparturesFromWhatIsNoLongerThere() {
        RateHistory history = new RateHistory(Duration.ofMinutes(5));
        history.add(sample(0, 100, 0, 0, 0, 1000));
        // 2 s later: 40 arrived (id 1040); 30 waiting more, 2 more failed, 3 more expired: 5 left delivered
        history.add(sample(2, 125, 5, 2, 3, 1040));
        List<RateHistory.Point> points = history.points();
        assertEquals(new RateHistory.Point(2, 100, 0, 0, 0), points.get(0), "the first reading has no rates");
        assertEquals(new RateHistory.Point(0, 130, 2, 20, 2.5), points.get(1), "40 in 2 s arrived, 5 in 2 s left");
    }

    @Test
    void aQueueDrainedWithoutArrivalsShowsOnlyDepartures() {
        RateHistory history = new RateHistory(Duration.ofMinutes(5));
        history.add(sample(0, 500, 0, 0, 0, 500));
        history.add(sample(1, 300, 0, 0, 0, 500));
        assertEquals(new RateHistory.Point(0, 300, 0, 0, 200), history.points().get(1), "200 sent in a second");
    }

    @Test
    void requeueingFailedEventsIsNeitherArrivalNorDeparture() {
        RateHistory history = new RateHistory(Duration.ofMinutes(5));
        history.add(sample(0, 10, 0, 5, 0, 15));
        history.add(sample(1, 15, 0, 0, 0, 15));
        assertEquals(new RateHistory.Point(0, 15, 0, 0, 0), history.points().get(1), "5 moved from failed to queued");
    }

    @Test
    void keepsOnlyTheWindow() {
        RateHistory history = new RateHistory(Duration.ofSeconds(10));
        for (int second = 0; second <= 30; second++) {
            history.add(sample(second, second, 0, 0, 0, second));
        }
        List<RateHistory.Point> points = history.points();
        assertEquals(11, points.size(), "the readings of the last 10 s, both ends included");
        assertEquals(10.0, points.get(0).secondsAgo(), "the oldest is 10 s old");
        assertEquals(20, points.get(0).depth(), "read at second 20");
    }

    @Test
    void ignoresAReadingOlderThanTheNewest() {
        RateHistory history = new RateHistory(Duration.ofMinutes(5));
        history.add(sample(5, 1, 0, 0, 0, 1));
        history.add(sample(4, 2, 0, 0, 0, 2));
        assertEquals(1, history.points().size(), "a reading from the past is dropped");
    }

    private static Sample sample(long second, long queued, long inFlight, long failed, long expired, long lastId) {
        return new Sample(T0.plusSeconds(second), new QueueStats(queued, inFlight, failed, expired, null), lastId);
    }
}
