package io.github.logstashasync.fx;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The readings of the last minutes, turned into the points the charts draw: queue depth, failed events, and the
 * rates at which events arrive and leave. Arrivals come from the growth of the last event id; whatever arrived
 * and is neither waiting, failed nor expired any more has left the queue, delivered (or deleted by hand).
 *
 * <p>Not thread-safe: used on the JavaFX thread.
 */
final class RateHistory {

    /** How far back the charts look by default. */
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    /**
     * One point of the charts.
     *
     * @param secondsAgo     how long before the newest reading this one was taken (0 for the newest)
     * @param depth          queued and in-flight events
     * @param failed         failed events
     * @param arrivalsPerSec events appended per second since the reading before
     * @param sentPerSec     events that left the queue (delivered or deleted) per second since the reading before
     */
    record Point(double secondsAgo, long depth, long failed, double arrivalsPerSec, double sentPerSec) {
    }

    private final Duration window;
    private final Deque<Sample> samples = new ArrayDeque<>();

    RateHistory(Duration window) {
        this.window = window;
    }

    /** How far back the history goes. */
    Duration window() {
        return window;
    }

    /** Adds a reading, older readings than the window fall out. A reading older than the newest is ignored. */
    void add(Sample sample) {
        Sample newest = samples.peekLast();
        if (newest != null && sample.at().isBefore(newest.at())) {
            return;
        }
        samples.addLast(sample);
        while (samples.size() > 1
                && Duration.between(samples.peekFirst().at(), sample.at()).compareTo(window) > 0) {
            samples.removeFirst();
        }
    }

    /** The newest reading, or null before the first. */
    Sample newest() {
        return samples.peekLast();
    }

    /** The points of the readings in the window, oldest first; the first reading has rates of 0. */
    List<Point> points() {
        List<Point> points = new ArrayList<>(samples.size());
        Sample newest = samples.peekLast();
        Sample previous = null;
        for (Sample sample : samples) {
            double ago = Duration.between(sample.at(), newest.at()).toMillis() / 1000.0;
            double arrivals = 0;
            double sent = 0;
            if (previous != null) {
                double seconds = Duration.between(previous.at(), sample.at()).toMillis() / 1000.0;
                if (seconds > 0) {
                    long arrived = Math.max(0, sample.lastEventId() - previous.lastEventId());
                    long stillHere = (sample.depth() - previous.depth())
                            + (sample.stats().failed() - previous.stats().failed())
                            + (sample.stats().expired() - previous.stats().expired());
                    arrivals = arrived / seconds;
                    sent = Math.max(0, arrived - stillHere) / seconds;
                }
            }
            points.add(new Point(ago, sample.depth(), sample.stats().failed(), arrivals, sent));
            previous = sample;
        }
        return points;
    }
}
