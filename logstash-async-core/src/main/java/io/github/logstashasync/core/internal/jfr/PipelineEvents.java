package io.github.logstashasync.core.internal.jfr;

/**
 * Flight Recorder events of the pipelines, so that {@code jfr print} on a recording shows a shipper's life:
 * batches sent and failed, events dropped, one of several destinations down and up again. Each costs one
 * allocation-free check unless a recording enables it.
 */
public final class PipelineEvents {

    private PipelineEvents() {
    }

    /** A batch of {@code count} events was confirmed after {@code nanos} of sending. */
    public static void batchSent(String pipeline, int count, long nanos) {
        Events.batchSent(pipeline, count, nanos);
    }

    /** A batch of {@code count} events failed; {@code retryable}: it stays queued. */
    public static void batchFailed(String pipeline, int count, String reason, boolean retryable) {
        Events.batchFailed(pipeline, count, reason, retryable);
    }

    /** {@code count} events were dropped for {@code reason}. */
    public static void dropped(String pipeline, long count, String reason) {
        Events.dropped(pipeline, count, reason);
    }

    /** {@code destination}, one of several, failed after working (or at its first try), for {@code reason}. */
    public static void destinationDown(String destination, String reason) {
        Events.destinationDown(destination, reason);
    }

    /** {@code destination}, one of several, delivers again after {@code failures} failures in a row. */
    public static void destinationUp(String destination, int failures) {
        Events.destinationUp(destination, failures);
    }

    /** Creates and commits the events. */
    private static final class Events {
        private Events() {
        }

        static void batchSent(String pipeline, int count, long nanos) {
            BatchSent event = new BatchSent();
            if (event.shouldCommit()) {
                event.pipeline = pipeline;
                event.count = count;
                event.sendMillis = nanos / 1_000_000.0;
                event.commit();
            }
        }

        static void batchFailed(String pipeline, int count, String reason, boolean retryable) {
            BatchFailed event = new BatchFailed();
            if (event.shouldCommit()) {
                event.pipeline = pipeline;
                event.count = count;
                event.reason = reason;
                event.retryable = retryable;
                event.commit();
            }
        }

        static void destinationDown(String destination, String reason) {
            DestinationDown event = new DestinationDown();
            if (event.shouldCommit()) {
                event.destination = destination;
                event.reason = reason;
                event.commit();
            }
        }

        static void destinationUp(String destination, int failures) {
            DestinationUp event = new DestinationUp();
            if (event.shouldCommit()) {
                event.destination = destination;
                event.failures = failures;
                event.commit();
            }
        }

        static void dropped(String pipeline, long count, String reason) {
            EventsDropped event = new EventsDropped();
            if (event.shouldCommit()) {
                event.pipeline = pipeline;
                event.count = count;
                event.reason = reason;
                event.commit();
            }
        }
    }

    /** A batch confirmed by the transport. */
    @jdk.jfr.Name("io.github.logstashasync.BatchSent")
    @jdk.jfr.Label("Batch Sent")
    @jdk.jfr.Category({"logstash-async"})
    @jdk.jfr.StackTrace(false)
    static final class BatchSent extends jdk.jfr.Event {
        @jdk.jfr.Label("Pipeline")
        String pipeline;
        @jdk.jfr.Label("Events")
        int count;
        @jdk.jfr.Label("Send Time (ms)")
        double sendMillis;
    }

    /** A batch the transport did not confirm. */
    @jdk.jfr.Name("io.github.logstashasync.BatchFailed")
    @jdk.jfr.Label("Batch Failed")
    @jdk.jfr.Category({"logstash-async"})
    @jdk.jfr.StackTrace(false)
    static final class BatchFailed extends jdk.jfr.Event {
        @jdk.jfr.Label("Pipeline")
        String pipeline;
        @jdk.jfr.Label("Events")
        int count;
        @jdk.jfr.Label("Reason")
        String reason;
        @jdk.jfr.Label("Retried")
        boolean retryable;
    }

    /** Events dropped, never to be sent. */
    @jdk.jfr.Name("io.github.logstashasync.EventsDropped")
    @jdk.jfr.Label("Events Dropped")
    @jdk.jfr.Category({"logstash-async"})
    @jdk.jfr.StackTrace(false)
    static final class EventsDropped extends jdk.jfr.Event {
        @jdk.jfr.Label("Pipeline")
        String pipeline;
        @jdk.jfr.Label("Events")
        long count;
        @jdk.jfr.Label("Reason")
        String reason;
    }

    /** One of several destinations stopped taking batches: the others take them while it backs off. */
    @jdk.jfr.Name("io.github.logstashasync.DestinationDown")
    @jdk.jfr.Label("Destination Down")
    @jdk.jfr.Category({"logstash-async"})
    @jdk.jfr.StackTrace(false)
    static final class DestinationDown extends jdk.jfr.Event {
        @jdk.jfr.Label("Destination")
        String destination;
        @jdk.jfr.Label("Reason")
        String reason;
    }

    /** A destination that was down delivers again. */
    @jdk.jfr.Name("io.github.logstashasync.DestinationUp")
    @jdk.jfr.Label("Destination Up")
    @jdk.jfr.Category({"logstash-async"})
    @jdk.jfr.StackTrace(false)
    static final class DestinationUp extends jdk.jfr.Event {
        @jdk.jfr.Label("Destination")
        String destination;
        @jdk.jfr.Label("Failures In A Row")
        int failures;
    }
}
