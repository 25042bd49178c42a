package io.github.logstashasync.core.internal.queue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The queue used when no database is configured: bounded, in memory, lost on restart (as in the seed).
 * Claims are leases as in {@link SqliteEventQueue}: a claimed event is invisible to {@link #claim} until it
 * is deleted, released or failed, or its lease runs out. Failed events are only counted, not kept: the
 * worker reports each reason when it fails an event, and nothing could inspect them after the process ends.
 * For the same reason the error of a release is not kept, only the attempt counted.
 *
 * <p>Thread-safe; every method holds the queue's monitor for a few array operations only.
 */
public final class MemoryEventQueue implements EventQueue {

    private final int capacity;
    /** Events never claimed, in id order. */
    private final ArrayDeque<Entry> queued = new ArrayDeque<>();
    /**
     * Events released or whose lease ran out, in id order. Mostly older than every queued one, except events
     * appended claimed ({@link #appendClaimed}) and then returned: a claim takes the lower id of both heads.
     */
    private final TreeMap<Long, Entry> returned = new TreeMap<>();
    /** Claimed events by id, in claim order, which is the order their leases run out. */
    private final LinkedHashMap<Long, Entry> inFlight = new LinkedHashMap<>();
    private long nextId = 1;
    private long failed;
    private long expired;
    private long dropped;

    /**
     * Creates an empty queue.
     *
     * @param capacity how many events it holds, queued and claimed together ({@code memoryQueueCapacity})
     */
    public MemoryEventQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized int append(List<String> events) throws QueueException {
        int room = capacity - size();
        int stored = Math.min(room, events.size());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < stored; i++) {
            String text = events.get(i);
            if (text == null) {
                throw new QueueException("event " + i + " of the batch is null", null, false);
            }
        }
        for (int i = 0; i < stored; i++) {
            queued.addLast(new Entry(nextId++, events.get(i), now));
        }
        return stored;
    }

    @Override
    public synchronized List<QueuedEvent> appendClaimed(List<String> events) throws QueueException {
        int stored = Math.min(capacity - size(), events.size());
        for (int i = 0; i < stored; i++) {
            if (events.get(i) == null) {
                throw new QueueException("event " + i + " of the batch is null", null, false);
            }
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long claimedAt = System.nanoTime();
        List<QueuedEvent> claimed = new ArrayList<>(stored);
        for (int i = 0; i < stored; i++) {
            Entry entry = new Entry(nextId++, events.get(i), now);
            entry.claimedAt = claimedAt;
            inFlight.put(entry.id, entry);
            claimed.add(entry.event());
        }
        return claimed;
    }

    @Override
    public synchronized List<QueuedEvent> claim(int max, Duration lease) {
        returnExpiredLeases(System.nanoTime() - Durations.saturatedNanos(lease));
        List<QueuedEvent> claimed = new ArrayList<>(Math.min(max, size()));
        long now = System.nanoTime();
        while (claimed.size() < max) {
            Map.Entry<Long, Entry> older = returned.firstEntry();
            Entry next = queued.peekFirst();
            Entry entry;
            if (older != null && (next == null || older.getKey() < next.id)) {
                entry = returned.pollFirstEntry().getValue();
            } else {
                entry = queued.pollFirst();
            }
            if (entry == null) {
                break;
            }
            entry.claimedAt = now;
            inFlight.put(entry.id, entry);
            claimed.add(entry.event());
        }
        return claimed;
    }

    @Override
    public synchronized void delete(List<QueuedEvent> events) {
        for (QueuedEvent event : events) {
            if (inFlight.remove(event.id()) == null) {
                returned.remove(event.id());
            }
        }
    }

    @Override
    public synchronized void release(List<QueuedEvent> events, String error) {
        for (QueuedEvent event : events) {
            Entry entry = inFlight.remove(event.id());
            if (entry != null) {
                entry.attempts++;
                returned.put(entry.id, entry);
            }
        }
    }

    @Override
    public synchronized void unclaim(List<QueuedEvent> events) {
        for (QueuedEvent event : events) {
            Entry entry = inFlight.remove(event.id());
            if (entry != null) {
                returned.put(entry.id, entry);
            }
        }
    }

    @Override
    public synchronized void fail(List<QueuedEvent> events, Map<Long, String> reasons) {
        for (QueuedEvent event : events) {
            if (inFlight.remove(event.id()) != null || returned.remove(event.id()) != null) {
                failed++;
            }
        }
    }

    @Override
    public synchronized int expire(Duration ttl) {
        Instant cutoff = Durations.before(Instant.now(), ttl);
        int count = 0;
        // Entry dates grow with ids, so the old ones are at the head.
        while (!queued.isEmpty() && queued.peekFirst().entryDate.isBefore(cutoff)) {
            queued.pollFirst();
            count++;
        }
        for (Iterator<Entry> it = returned.values().iterator(); it.hasNext(); ) {
            if (it.next().entryDate.isBefore(cutoff)) {
                it.remove();
                count++;
            }
        }
        expired += count;
        return count;
    }

    @Override
    public synchronized long pendingCount() {
        return size();
    }

    @Override
    public synchronized Instant oldestEntryDate() {
        Instant oldest = queued.isEmpty() ? null : queued.peekFirst().entryDate;
        for (Entry entry : returned.values()) {
            oldest = older(oldest, entry.entryDate);
        }
        for (Entry entry : inFlight.values()) {
            oldest = older(oldest, entry.entryDate);
        }
        return oldest;
    }

    @Override
    public synchronized long[] idBounds() {
        long first = Long.MAX_VALUE;
        if (!queued.isEmpty()) {
            first = queued.peekFirst().id;
        }
        if (!returned.isEmpty()) {
            first = Math.min(first, returned.firstKey());
        }
        for (Long id : inFlight.keySet()) {
            first = Math.min(first, id);
        }
        return first == Long.MAX_VALUE ? new long[] {Long.MAX_VALUE, 0} : new long[] {first, nextId - 1};
    }

    @Override
    public synchronized void countDropped(long count) {
        dropped += Math.max(0, count);
    }

    @Override
    public synchronized QueueStats stats() {
        Instant oldest = null;
        for (Entry entry : inFlight.values()) {
            oldest = older(oldest, entry.entryDate);
        }
        if (!returned.isEmpty()) {
            oldest = older(oldest, returned.firstEntry().getValue().entryDate);
        }
        if (!queued.isEmpty()) {
            oldest = older(oldest, queued.peekFirst().entryDate);
        }
        return new QueueStats(queued.size() + returned.size(), inFlight.size(), failed, expired, oldest, dropped, 0);
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public synchronized void close(boolean vacuum) {
        // Nothing to release: the events go with the process, as documented.
    }

    @Override
    public boolean isMemory() {
        return true;
    }

    /** Returns the capacity given at construction. */
    public int capacity() {
        return capacity;
    }

    private int size() {
        return queued.size() + returned.size() + inFlight.size();
    }

    private void returnExpiredLeases(long claimedBefore) {
        for (Iterator<Entry> it = inFlight.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.claimedAt - claimedBefore >= 0) {
                break;
            }
            it.remove();
            returned.put(entry.id, entry);
        }
    }

    private static Instant older(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    /** One stored event and its claim state. */
    private static final class Entry {
        final long id;
        final String text;
        final Instant entryDate;
        int attempts;
        long claimedAt;

        Entry(long id, String text, Instant entryDate) {
            this.id = id;
            this.text = text;
            this.entryDate = entryDate;
        }

        QueuedEvent event() {
            return new QueuedEvent(id, text, entryDate, attempts);
        }
    }
}
