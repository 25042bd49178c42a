package io.github.logstashasync.core.internal.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What became of each event of a batch a transport was given: the first {@code delivered} that the receiver did
 * not reject are done (to delete), the rejected ones failed for good (with their reasons), the rest are to be
 * sent again. Shared by the worker's sender and {@link QueueDrainer}.
 *
 * @param done    delivered: delete them
 * @param failed  rejected for good: move them to failed with {@code reasons}
 * @param reasons why each failed one was rejected, by event id
 * @param retry   not confirmed: release them
 */
public record BatchOutcome(List<QueuedEvent> done, List<QueuedEvent> failed, Map<Long, String> reasons,
                           List<QueuedEvent> retry) {

    /**
     * Sorts {@code batch}.
     *
     * @param delivered how many events from the start of the batch the transport confirmed
     * @param rejected  the reasons of the events the receiver rejected, by index in the batch
     */
    public static BatchOutcome of(List<QueuedEvent> batch, int delivered, Map<Integer, String> rejected) {
        List<QueuedEvent> done = new ArrayList<>(Math.max(0, delivered));
        List<QueuedEvent> failed = new ArrayList<>(rejected.size());
        Map<Long, String> reasons = new HashMap<>();
        List<QueuedEvent> retry = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            QueuedEvent event = batch.get(i);
            String reason = rejected.get(i);
            if (reason != null) {
                failed.add(event);
                reasons.put(event.id(), reason);
            } else if (i < delivered) {
                done.add(event);
            } else {
                retry.add(event);
            }
        }
        return new BatchOutcome(done, failed, reasons, retry);
    }
}
