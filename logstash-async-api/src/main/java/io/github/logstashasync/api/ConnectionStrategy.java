package io.github.logstashasync.api;

/**
 * How a handler with several destinations ({@code destinations}) picks the one a batch goes to. Whatever the
 * strategy, a destination that fails backs off on its own and its batch goes to the next one that does not.
 */
public enum ConnectionStrategy {
    /**
     * The first destination in the list that is not backing off; a batch sent to a later one keeps going there
     * until it fails or {@code secondaryConnectionTtl} has passed, and then the first one is tried again.
     */
    FAILOVER,
    /**
     * The destinations in turn, moving on every {@code rotateEvery} batches or {@code rotateInterval}, skipping those
     * backing off.
     */
    ROUND_ROBIN,
    /**
     * A destination picked at random among those not backing off, again every {@code rotateEvery} batches or
     * {@code rotateInterval}.
     */
    RANDOM
}
