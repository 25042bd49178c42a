package io.github.logstashasync.fx;

import io.github.logstashasync.core.internal.queue.QueueInspector;
import java.time.Clock;
import java.time.Instant;
import javafx.concurrent.ScheduledService;
import javafx.concurrent.Task;
import javafx.util.Duration;

/**
 * Reads the counts by state and the last event id every period, off the JavaFX thread; the latest reading is
 * the service's {@code lastValue}. A failed reading (the database locked past the busy timeout, the file gone)
 * is retried at the next period.
 */
final class StatsPoller extends ScheduledService<Sample> {

    private final QueueInspector readings;
    private final Clock clock;

    StatsPoller(QueueSource source, java.time.Duration period, Clock clock) {
        this.readings = source.readings();
        this.clock = clock;
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
                return new Sample(at, readings.stats(), readings.lastEventId());
            }
        };
    }
}
