package io.github.logstashasync.fx;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One pipeline's readings of the last minutes, turned into the points its charts draw: events sent and failed per
 * second, failed sends retried per second, and the queue's depth. The rates come from the growth of the
 * pipeline's counters between two readings at least a second apart; a counter that went down (the pipeline was
 * closed and another one of the same name started) counts as no growth.
 *
 * <p>Not thread-safe: used on the JavaFX thread.
 */
final class FigureHistory {

    /**
     * One point of the charts.
     *
     * @param secondsAgo    how long before the newest reading this one was taken (0 for the newest)
     * @param sentPerSec    events delivered per second since the reading before
     * @param failedPerSec  events rejected for good per second since the reading before
     * @param retriesPerSec failed sends (to be retried) per second since the reading before
     * @param queueDepth    events accepted and not yet settled
     * @param inFlight      events of the batch being sent
     */
    record Point(double secondsAgo, double sentPerSec, double failedPerSec, double retriesPerSec, long queueDepth,
                 long inFlight) {
    }

    /** The shortest time a rate is measured over. */
    static final Duration RATE_SPAN = Duration.ofSeconds(1);

    private record Reading(Instant at, PipelineFigures figures) {
    }

    private final Duration window;
    private final Deque<Reading> readings = new ArrayDeque<>();

    FigureHistory(Duration window) {
        this.window = window;
    }

    /** Adds a reading; readings older than the window fall out. A reading older than the newest is ignored. */
    void add(Instant at, PipelineFigures figures) {
        Reading newest = readings.peekLast();
        if (newest != null && at.isBefore(newest.at())) {
            return;
        }
        readings.addLast(new Reading(at, figures));
        while (readings.size() > 1 && Duration.between(readings.peekFirst().at(), at).compareTo(window) > 0) {
            readings.removeFirst();
        }
    }

    /**
     * The points of the readings in the window, oldest first; the first reading has rates of 0. A rate spans at
     * least {@link #RATE_SPAN}: readings more often than that would otherwise show the batches (50 events in one
     * reading, none in the next) rather than the rate.
     */
    List<Point> points() {
        List<Reading> all = new ArrayList<>(readings);
        List<Point> points = new ArrayList<>(all.size());
        Reading newest = all.get(all.size() - 1);
        int from = 0;
        for (int i = 0; i < all.size(); i++) {
            Reading reading = all.get(i);
            // the latest reading at least RATE_SPAN before this one, or the first
            while (from + 1 < i && !Duration.between(all.get(from + 1).at(), reading.at()).minus(RATE_SPAN).isNegative()) {
                from++;
            }
            double ago = Duration.between(reading.at(), newest.at()).toMillis() / 1000.0;
            double sent = 0;
            double failed = 0;
            double retries = 0;
            if (i > 0) {
                Reading previous = all.get(from);
                double seconds = Duration.between(previous.at(), reading.at()).toMillis() / 1000.0;
                if (seconds > 0) {
                    PipelineFigures before = previous.figures();
                    PipelineFigures now = reading.figures();
                    sent = growth(before.sent(), now.sent()) / seconds;
                    failed = growth(before.failed(), now.failed()) / seconds;
                    retries = growth(before.retries(), now.retries()) / seconds;
                }
            }
            points.add(new Point(ago, sent, failed, retries, reading.figures().queueDepth(), reading.figures().inFlight()));
        }
        return points;
    }

    private static long growth(long before, long now) {
        return Math.max(0, now - before);
    }
}
