package io.github.logstashasync.core.internal.transport;

import io.github.logstashasync.api.ConnectionStrategy;
import io.github.logstashasync.api.InvalidOptionException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link MultiDestinationTransport} spreads batches over its destinations.
 *
 * @param destinations           the destinations, in order (the first is the primary of {@code failover}); not empty
 * @param strategy               how a batch's destination is picked
 * @param secondaryConnectionTtl under {@code failover}, how long batches keep going to a destination after the first
 *                               before the first is tried again; null: until it fails
 * @param rotateEvery            under {@code round-robin} and {@code random}, batches sent to one destination before
 *                               the next is picked
 * @param resolveAll             whether each address a host name resolves to is a destination of its own
 * @param retryInitialDelay      the first back-off of a destination that failed
 * @param retryMaxDelay          the cap of a destination's exponential back-off
 */
public record DestinationSettings(
        List<Destination> destinations,
        ConnectionStrategy strategy,
        Duration secondaryConnectionTtl,
        int rotateEvery,
        boolean resolveAll,
        Duration retryInitialDelay,
        Duration retryMaxDelay) {

    /** The largest {@code rotateEvery}. */
    public static final int MAX_ROTATE_EVERY = 1_000_000;

    /** Checks the components; the message of a failure names the option. */
    public DestinationSettings {
        if (destinations == null || destinations.isEmpty()) {
            throw new InvalidOptionException(Destination.OPTION, "at least one destination is required");
        }
        destinations = List.copyOf(destinations);
        Objects.requireNonNull(strategy, "connectionStrategy");
        checkTtl(secondaryConnectionTtl);
        checkRotateEvery(rotateEvery);
        Objects.requireNonNull(retryInitialDelay, "retryInitialDelay");
        Objects.requireNonNull(retryMaxDelay, "retryMaxDelay");
    }

    /** Checks a {@code secondaryConnectionTtl}: null (never) or positive. */
    public static Duration checkTtl(Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new InvalidOptionException("secondaryConnectionTtl", value + " must be positive, or off to stay on a"
                    + " later destination until it fails");
        }
        return value;
    }

    /** Checks a {@code rotateEvery}: 1 to {@value #MAX_ROTATE_EVERY} batches. */
    public static int checkRotateEvery(int value) {
        if (value < 1 || value > MAX_ROTATE_EVERY) {
            throw new InvalidOptionException("rotateEvery", value + " is out of range; allowed: 1 to " + MAX_ROTATE_EVERY
                    + " batches");
        }
        return value;
    }
}
