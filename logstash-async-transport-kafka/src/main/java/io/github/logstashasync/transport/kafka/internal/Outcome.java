package io.github.logstashasync.transport.kafka.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * What became of one record: confirmed, refused for good (the event goes to failed with Kafka's reason), or not
 * confirmed (it stays queued and is sent again).
 *
 * @param kind  which of the three
 * @param error Kafka's error when the record was not confirmed; null when it was
 */
record Outcome(Kind kind, Throwable error) {

    /** The three ends of a record. */
    enum Kind {
        /** The producer's callback confirmed the record. */
        CONFIRMED,
        /** Kafka refused the record, and would refuse it again: too large, not valid, the topic not allowed. */
        REFUSED,
        /** Not confirmed: the cluster was away, slow, or the producer failed; sending it again may succeed. */
        UNCONFIRMED
    }

    private static final Outcome CONFIRMED = new Outcome(Kind.CONFIRMED, null);

    /** The outcome of a completed future, or UNCONFIRMED for one that has not completed. */
    static Outcome of(Future<RecordMetadata> future) {
        if (!future.isDone()) {
            return new Outcome(Kind.UNCONFIRMED, null);
        }
        try {
            future.get();
            return CONFIRMED;
        } catch (ExecutionException e) {
            return failed(e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            // get() of a completed future does not wait; keep the flag for the caller, who checks it next
            Thread.currentThread().interrupt();
            return new Outcome(Kind.UNCONFIRMED, e);
        } catch (java.util.concurrent.CancellationException e) {
            return new Outcome(Kind.UNCONFIRMED, e);
        }
    }

    /** The outcome of a record that failed with {@code error}. */
    static Outcome failed(Throwable error) {
        boolean refused = error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException
                || error instanceof TopicAuthorizationException || error instanceof InvalidRecordException;
        return new Outcome(refused ? Kind.REFUSED : Kind.UNCONFIRMED, error);
    }

    /**
     * Whether the producer may be left in a state where every later send fails too (an error that is neither
     * retriable nor about one record, such as a failed authentication or an idempotence sequence error): it is
     * then closed and created again for the next batch.
     */
    boolean spoilsProducer() {
        return kind == Kind.UNCONFIRMED && error != null && !(error instanceof RetriableException);
    }

    /** Kafka's reason, for the operator: the exception's class and message. */
    String reason() {
        if (error == null) {
            return "not confirmed";
        }
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
