package io.github.logstashasync.fx;

import io.github.logstashasync.core.internal.queue.QueueInspector;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javafx.concurrent.ScheduledService;
import javafx.concurrent.Task;
import javafx.util.Duration;

/**
 * Reads the counts by state and the last event id every period, off the JavaFX thread; the latest reading is
 * the service's {@code lastValue}. A failed reading (the database locked past the busy timeout, the file gone)
 * is retried at the next period.
 *
 * <p>Counting a large database reads the whole table (our databases have no index on the state: it would slow
 * every write of the application), about a second for a million rows; read every second, that would keep a
 * core busy. The period therefore stretches to {@link #STRETCH} times the last reading's duration when that is
 * longer than the configured period, so the window never spends more than a fifth of a core on counting.
 */
final class StatsPoller extends ScheduledService<Sample> {

    /** How many times the last reading's duration the next one waits at least. */
    static final int STRETCH = 5;

    private final QueueInspector readings;
    private final Clock clock;
    private final long baseMillis;
    private volatile long lastReadingNanos;

    StatsPoller(QueueSource source, java.time.Duration period, Clock clock) {
        this.readings = source.readings();
        this.clock = clock;
        this.baseMillis = period.toMillis();
        setExecutor(source.readingExecutor());
        setPeriod(Duration.millis(period.toMillis()));
        setRestartOnFailure(true);
        setMaximumFailureCount(Integer.MAX_VALUE);
    }

    @Override
    protected Task<Sample> createTask() {
        return new Task<>() {
            @Override
            protected Sample call() throws Exception {
                Instant at = clock.instant();
                long start = System.nanoTime();
                Sample sample = new Sample(at, readings.stats(), readings.lastEventId());
                lastReadingNanos = System.nanoTime() - start;
                return sample;
            }
        };
    }

    /** Stretches the period after a slow reading, and shrinks it back after a quick one (on the FX thread). */
    @Override
    protected void succeeded() {
        setPeriod(Duration.millis(periodMillis(baseMillis, lastReadingNanos)));
        super.succeeded();
    }

    /** The period after a reading that took {@code readingNanos}: the configured one, or longer after a slow one. */
    static long periodMillis(long baseMillis, long readingNanos) {
        return Math.max(baseMillis, STRETCH * TimeUnit.NANOSECONDS.toMillis(readingNanos));
    }
}
