package io.github.logstashasync.core;

import java.util.List;

/**
 * The live figures of one {@link LogstashPipeline}, registered in the platform MBean server as
 * {@code io.github.logstashasync:type=Pipeline,name=<pipeline name>} while the pipeline runs: readable from
 * jconsole, VisualVM, {@code logstash-async status <pid>}, or any JMX client. Every accepted event ends up in
 * exactly one of sent, failed, expired, dropped, or is still queued.
 */
public interface PipelineMXBean {

    /** The pipeline's name (the handler's or appender's). */
    String getName();

    /** The transport's id, for example {@code tcp}. */
    String getTransport();

    /** The queue database, or empty for the memory queue. */
    String getDatabasePath();

    /** Events taken into the buffer. */
    long getAccepted();

    /** Events appended to the queue. */
    long getPersisted();

    /** Events confirmed delivered. */
    long getSent();

    /** Events rejected for good and moved to failed. */
    long getFailed();

    /** Events dropped: buffer full, memory queue full, shutdown, capture failures. */
    long getDropped();

    /** Events expired by {@code eventTtl}. */
    long getExpired();

    /** Failed sends that are retried after a back-off. */
    long getRetries();

    /** Events sent a second time: delivered ones whose delete failed, and tcp replays after a dropped connection. */
    long getSentTwice();

    /** Batches confirmed delivered. */
    long getBatchesSent();

    /** Events accepted and not yet settled: in the buffer, being persisted, or queued (an estimate while running). */
    long getQueueDepth();

    /** Events of the batch the transport is sending now. */
    long getInFlight();

    /** How long ago the oldest queued event was added, in milliseconds; 0 when the queue is empty. */
    long getOldestQueuedAgeMillis();

    /** The median send time of the recent batches (up to 512), in milliseconds. */
    double getSendLatencyP50Millis();

    /** The 99th percentile send time of the recent batches, in milliseconds. */
    double getSendLatencyP99Millis();

    /** The last problem reported (a failed send, a drop, a lock), or empty when none was. */
    String getLastError();

    /**
     * One line per destination when there are several ({@code destinations}): whether it is connected or backing
     * off and until when, events and batches sent, failures, and its last error; empty with one destination.
     */
    List<String> getDestinations();

    /** When the last problem was reported, in milliseconds since the epoch; 0 when none was. */
    long getLastErrorTimeMillis();
}
