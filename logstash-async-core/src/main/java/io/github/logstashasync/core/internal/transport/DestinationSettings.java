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
 * @param rotateInterval         under {@code round-robin} and {@code random}, how long one destination gets the
 *                               batches before the next is picked (whichever of the two comes first); null: no limit
 * @param resolveAll             whether each address a host name resolves to is a destination of its own
 * @param resolveInterval        with {@code resolveAll}, how often the names are resolved again (and at most how
 *                               often after a destination failed); null: only when the transport is created
 * @param retryInitialDelay      the first back-off of a destination that failed
 * @param retryMaxDelay          the cap of a destination's exponential back-off
 */
public record DestinationSettings(
        List<Destination> destinations,
        ConnectionStrategy strategy,
        Duration secondaryConnectionTtl,
        int rotateEvery,
        Duration rotateInterval,
        boolean resolveAll,
        Duration resolveInterval,
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
        checkRotateInterval(rotateInterval);
        checkResolveInterval(resolveInterval);
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

    /** The shortest {@code resolveInterval}: a name is not looked up more often than this. */
    public static final Duration MIN_RESOLVE_INTERVAL = Duration.ofMillis(100);

    /**
     * The {@code rotateEvery} to use: the one set, else with a {@code rotateInterval} no limit in batches (the time
     * decides alone), else the default of 1.
     */
    public static int effectiveRotateEvery(Integer set, Duration rotateInterval) {
        if (set != null) {
            return set;
        }
        return rotateInterval != null ? MAX_ROTATE_EVERY : 1;
    }

    /**
     * The {@code rotateInterval} to use: the one set (null: off), else none when {@code rotateEvery} was set (the
     * batches alone decide, as asked), else {@code fallback}, the default.
     */
    public static Duration effectiveRotateInterval(boolean set, Duration value, boolean rotateEverySet,
            Duration fallback) {
        if (set) {
            return value;
        }
        return rotateEverySet ? null : fallback;
    }

    /** Checks a {@code rotateInterval}: null (no limit) or positive. */
    public static Duration checkRotateInterval(Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new InvalidOptionException("rotateInterval", value + " must be positive, or off to rotate by"
                    + " rotateEvery alone");
        }
        return value;
    }

    /** Checks a {@code resolveInterval}: null (never again) or at least {@link #MIN_RESOLVE_INTERVAL}. */
    public static Duration checkResolveInterval(Duration value) {
        if (value != null && value.compareTo(MIN_RESOLVE_INTERVAL) < 0) {
            throw new InvalidOptionException("resolveInterval", value + " is too short; allowed: at least "
                    + MIN_RESOLVE_INTERVAL.toMillis() + " ms, or off to resolve only when the handler is built");
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
