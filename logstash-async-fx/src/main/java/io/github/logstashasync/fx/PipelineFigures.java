package io.github.logstashasync.fx;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.management.Attribute;
import javax.management.AttributeList;

/**
 * One reading of one pipeline's MXBean ({@code io.github.logstashasync.core.PipelineMXBean}), read in one JMX
 * call. An attribute the JVM does not have (an older version of the library) reads as 0 or empty.
 *
 * @param key                   the {@code name} key of the MXBean's object name: unique in its JVM
 * @param name                  the pipeline's name (the handler's or appender's)
 * @param transport             the transport's id
 * @param databasePath          the queue database, or empty for the memory queue
 * @param accepted              events taken into the buffer
 * @param persisted             events appended to the queue
 * @param sent                  events confirmed delivered
 * @param failed                events rejected for good
 * @param dropped               events dropped (buffer or memory queue full, shutdown, capture failures)
 * @param expired               events expired by {@code eventTtl}
 * @param retries               failed sends retried after a back-off
 * @param sentTwice             events delivered a second time
 * @param batchesSent           batches confirmed delivered
 * @param queueDepth            events accepted and not yet settled
 * @param inFlight              events of the batch being sent
 * @param oldestQueuedAgeMillis age of the oldest queued event; 0 when the queue is empty
 * @param latencyP50Millis      median send time of the recent batches
 * @param latencyP99Millis      99th percentile send time of the recent batches
 * @param lastError             the last problem reported, or empty
 * @param lastErrorTimeMillis   when it was reported (epoch milliseconds); 0 when none was
 * @param destinations          one line per destination when there are several; empty with one
 */
record PipelineFigures(String key, String name, String transport, String databasePath, long accepted, long persisted,
                       long sent, long failed, long dropped, long expired, long retries, long sentTwice,
                       long batchesSent, long queueDepth, long inFlight, long oldestQueuedAgeMillis,
                       double latencyP50Millis, double latencyP99Millis, String lastError, long lastErrorTimeMillis,
                       List<String> destinations) {

    PipelineFigures {
        destinations = List.copyOf(destinations);
    }

    /** The MXBean attributes read, in one {@code getAttributes} call per pipeline. */
    static final String[] ATTRIBUTES = {"Name", "Transport", "DatabasePath", "Accepted", "Persisted", "Sent", "Failed",
        "Dropped", "Expired", "Retries", "SentTwice", "BatchesSent", "QueueDepth", "InFlight", "OldestQueuedAgeMillis",
        "SendLatencyP50Millis", "SendLatencyP99Millis", "LastError", "LastErrorTimeMillis", "Destinations"};

    /** The figures in {@code attributes}, as {@code getAttributes(name, ATTRIBUTES)} returned them. */
    static PipelineFigures of(String key, AttributeList attributes) {
        Map<String, Object> values = new HashMap<>();
        for (Attribute attribute : attributes.asList()) {
            values.put(attribute.getName(), attribute.getValue());
        }
        String name = text(values, "Name");
        return new PipelineFigures(key, name.isEmpty() ? key : name, text(values, "Transport"),
                text(values, "DatabasePath"), count(values, "Accepted"), count(values, "Persisted"),
                count(values, "Sent"), count(values, "Failed"), count(values, "Dropped"), count(values, "Expired"),
                count(values, "Retries"), count(values, "SentTwice"), count(values, "BatchesSent"),
                count(values, "QueueDepth"), count(values, "InFlight"), count(values, "OldestQueuedAgeMillis"),
                millis(values, "SendLatencyP50Millis"), millis(values, "SendLatencyP99Millis"),
                text(values, "LastError"), count(values, "LastErrorTimeMillis"), lines(values, "Destinations"));
    }

    /** A {@code List<String>} attribute, which JMX hands over as a {@code String[]}. */
    private static List<String> lines(Map<String, Object> values, String attribute) {
        Object value = values.get(attribute);
        if (value instanceof String[] lines) {
            return Arrays.stream(lines).filter(Objects::nonNull).toList();
        }
        if (value instanceof List<?> list) {
            return list.stream().filter(Objects::nonNull).map(Object::toString).toList();
        }
        return List.of();
    }

    private static String text(Map<String, Object> values, String attribute) {
        return values.get(attribute) instanceof String text ? text : "";
    }

    private static long count(Map<String, Object> values, String attribute) {
        return values.get(attribute) instanceof Number number ? number.longValue() : 0;
    }

    private static double millis(Map<String, Object> values, String attribute) {
        return values.get(attribute) instanceof Number number ? number.doubleValue() : 0;
    }
}
