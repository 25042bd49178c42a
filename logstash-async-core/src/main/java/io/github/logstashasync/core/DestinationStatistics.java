package io.github.logstashasync.core;

import java.time.Instant;
import java.util.Locale;

/**
 * The state and counters of one destination of a handler with several ({@code destinations}, or
 * {@code resolveAll}), since the handler was created.
 *
 * @param destination     the destination as configured ({@code host:port} or the URL; secrets masked); with
 *                        {@code resolveAll}, the address, then the name in parentheses
 * @param connected       whether the last batch sent to it was delivered: its connection is in use (unless the
 *                        receiver closed it since, which the next batch finds out)
 * @param backingOffUntil until when it gets no batch after a failure; null when it is not backing off
 * @param lastError       the last failure of a send to it; null when none failed
 * @param lastErrorTime   when that was; null when none failed
 * @param sent            events it confirmed delivered (for {@code tcp} and {@code udp}: written)
 * @param batches         batches it took whole
 * @param failures        sends to it that failed (each one a batch that went on to the next destination, or back
 *                        to the queue)
 */
public record DestinationStatistics(
        String destination,
        boolean connected,
        Instant backingOffUntil,
        String lastError,
        Instant lastErrorTime,
        long sent,
        long batches,
        long failures) {

    /**
     * How {@link #lastError()} starts for a destination that gets no more batches: under {@code resolveAll} its name
     * no longer resolves to its address.
     */
    public static final String RETIRED = "retired: ";

    /** Whether it is backing off at {@code now}. */
    public boolean backingOff(Instant now) {
        return backingOffUntil != null && backingOffUntil.isAfter(now);
    }

    /**
     * One line for people: {@code 127.0.0.1:5044 connected, sent 1200 in 24 batches, 1 failure, last error at ...: ...}.
     */
    public String summary() {
        StringBuilder line = new StringBuilder(destination).append(' ');
        Instant now = Instant.now();
        if (backingOff(now)) {
            line.append("backing off until ").append(backingOffUntil);
        } else {
            line.append(connected ? "connected" : lastError == null ? "not used yet"
                    : lastError.startsWith(RETIRED) ? "retired" : "failed, to be tried again");
        }
        line.append(String.format(Locale.ROOT, ", sent %d in %d batches, %d failure%s", sent, batches, failures,
                failures == 1 ? "" : "s"));
        if (lastError != null) {
            line.append(", last error at ").append(lastErrorTime).append(": ").append(lastError);
        }
        return line.toString();
    }
}
