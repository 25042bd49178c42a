package io.github.logstashasync.core.internal.queue;

/** A queue operation failed; nothing of it took effect. */
public class QueueException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;

    /**
     * Creates the exception.
     *
     * @param message          what failed
     * @param cause            the underlying error; may be null
     * @param transientFailure whether trying again later may succeed (a lock held by another process)
     */
    public QueueException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** Whether trying again later may succeed. */
    public boolean transientFailure() {
        return transientFailure;
    }
}
