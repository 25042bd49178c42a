package io.github.logstashasync.api.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * A batch could not be delivered as a whole. {@link #retryable()} says whether sending it again may
 * succeed (a refused connection, a timeout, HTTP 503) or not (HTTP 400: the receiver rejects the content).
 */
public class TransportException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final int delivered;
    private final transient Duration retryAfter;

    /**
     * Creates a retryable failure with nothing of the batch delivered.
     *
     * @param message what failed, for the operator; never null
     * @param cause   the underlying error; may be null
     */
    public TransportException(String message, Throwable cause) {
        this(message, cause, true, 0, null);
    }

    /**
     * Creates a failure.
     *
     * @param message    what failed, for the operator; never null
     * @param cause      the underlying error; may be null
     * @param retryable  whether sending the undelivered events again may succeed
     * @param delivered  how many events at the start of the batch were confirmed delivered before the failure
     *                   (they are removed from the queue); 0 when none or unknown
     * @param retryAfter how long the receiver asked to wait before the next try; may be null
     */
    public TransportException(String message, Throwable cause, boolean retryable, int delivered, Duration retryAfter) {
        super(message, cause);
        if (delivered < 0) {
            throw new IllegalArgumentException("delivered must not be negative: " + delivered);
        }
        this.retryable = retryable;
        this.delivered = delivered;
        this.retryAfter = retryAfter;
    }

    /** Whether sending the undelivered events again may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** How many events at the start of the batch were delivered before the failure. */
    public int delivered() {
        return delivered;
    }

    /** How long the receiver asked to wait before trying again, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
