package io.github.logstashasync.core.internal.worker;

import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.spi.EventFormatter;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.core.PipelineListener;
import io.github.logstashasync.core.internal.queue.EventQueue;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueuedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker of one asynchronous handler. Two named threads: the persister drains the hand-off buffer,
 * formats events and appends them to the queue in one transaction per drain (group commit); the sender
 * hands batches to the transport when {@code flushCount} events wait, when {@code flushInterval} has passed,
 * on {@link #requestFlush()} and on close. While the sender keeps up, the persister appends events already
 * claimed and passes them to the sender in memory ({@link ClaimedHandoff}); otherwise the sender claims them
 * from the queue.
 *
 * <p>Nothing here throws into the application, and neither thread dies on an error: every failure is
 * reported through the {@link ErrorReporter}, and the events concerned stay in the queue (retryable) or
 * move to failed (permanent).
 */
public final class Worker {

    private static final int MAX_DRAIN = 4096;
    /** Events that may wait in the claimed hand-off: a few batches, and at least two drains of the buffer. */
    private static final int MIN_HANDOFF = 2 * MAX_DRAIN;
    /** ...and at most this many, whatever the batch size: the events are held in memory. */
    private static final int MAX_HANDOFF = 65_536;
    /** How long the persister waits for room in a full claimed hand-off before it appends unclaimed. */
    private static final long HANDOFF_ROOM_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final PipelineSettings settings;
    private final EventFormatter formatter;
    private final EventQueue queue;
    private final Transport transport;
    private final ErrorReporter reporter;
    private final Counters counters;
    private final HandoffBuffer buffer;
    /** Events appended claimed and handed to the sender in memory. */
    private final ClaimedHandoff handoff;
    private final Sender sender;
    private final Thread persistThread;
    private final Thread sendThread;

    /** What {@link #unsent} holds until the sender has counted the queue: a backlog may be there. */
    static final long NOT_COUNTED = 1;

    /** Events persisted and not yet delivered, failed or expired, as far as this worker knows. */
    final AtomicLong unsent = new AtomicLong();
    /** Events taken from the buffer by the persister and not yet appended. */
    private final AtomicLong persisting = new AtomicLong();
    /** Events the persister took from the buffer and is done with (appended, or counted lost), in buffer order. */
    private final AtomicLong persistedThrough = new AtomicLong();

    /** What close() may take beyond {@code shutdownTimeout}: the steps that cannot stop at once. */
    private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The transport gets at least this long to close, even when the deadline has passed. */
    private static final long MIN_TRANSPORT_CLOSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long an idle persister stays parked before it looks again on its own (a log call wakes it at once). */
    private static final long IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Drops of the buffer are reported at most this often, with the count since the last report. */
    private static final long DROP_REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private volatile boolean closing;
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile long remainingAtClose;
    /** Set once the persister has ended and the buffer is emptied for the last time: late events are withdrawn. */
    private volatile boolean sealed;
    private volatile boolean persistDone;
    /** The persister waits for room in a full memory queue: the sender must send now, not at flushCount. */
    private volatile boolean queueFull;
    private volatile long closeDeadline = Long.MAX_VALUE;
    /** Buffer drops reported so far (persist thread, then the closing thread after it ended). */
    private long reportedDrops;
    private long recordedDrops;
    private long nextDropReport = System.nanoTime();

    /**
     * Creates and starts a worker.
     *
     * @param name      names the threads: {@code logstash-async-persist-NAME}, {@code logstash-async-send-NAME}
     * @param settings  the pipeline settings
     * @param formatter formats events on the persister thread
     * @param queue     an open queue; the worker closes it
     * @param transport the transport; the worker closes it
     * @param reporter  receives the worker's diagnostics
     */
    public Worker(String name, PipelineSettings settings, EventFormatter formatter, EventQueue queue, Transport transport,
            ErrorReporter reporter) {
        this(name, settings, formatter, queue, transport, reporter, new Counters());
    }

    /**
     * Creates and starts a worker that counts into {@code counters} (which may tell a listener).
     *
     * @see #Worker(String, PipelineSettings, EventFormatter, EventQueue, Transport, ErrorReporter)
     */
    public Worker(String name, PipelineSettings settings, EventFormatter formatter, EventQueue queue, Transport transport,
            ErrorReporter reporter, Counters counters) {
        this.settings = settings;
        this.formatter = formatter;
        this.queue = queue;
        this.transport = transport;
        this.reporter = reporter;
        this.counters = counters;
        this.buffer = new HandoffBuffer(settings.bufferSize(), settings.overflowPolicy(), settings.blockTimeout(),
                counters);
        // Not counted here, on the application's thread: a count reads the whole table (a million rows: 0.13 s
        // from the page cache, seconds from a cold disk). The sender's first check, the first thing it does,
        // counts; until then the queue may hold a backlog, and "not counted yet" keeps flush(Duration) waiting.
        unsent.set(NOT_COUNTED);
        this.handoff = new ClaimedHandoff(Math.max(MIN_HANDOFF, Math.min(4 * settings.batchSize(), MAX_HANDOFF)),
                maxHoldNanos(settings));
        this.sender = new Sender(this, settings, queue, handoff, transport, reporter, counters);
        this.persistThread = new WorkerThread(this::persistLoop, "logstash-async-persist-" + name);
        this.sendThread = new WorkerThread(sender::run, "logstash-async-send-" + name);
        persistThread.start();
        sendThread.start();
    }

    /** Offers an event from a log call; never throws, blocks only under the BLOCK policy. */
    public boolean offer(LogEvent event) {
        if (closing) {
            counters.onDroppedBuffer(PipelineListener.Drop.CLOSED);
            return false;
        }
        if (!buffer.offer(event)) {
            return false;
        }
        if (sealed && buffer.withdraw(event)) {
            // accepted while close() ended (a log call blocked under BLOCK, say): nobody would persist it
            counters.onDroppedBuffer(PipelineListener.Drop.CLOSED);
            return false;
        }
        return true;
    }

    /** Counts a log call that a front-end could not capture (dropped, reason {@code CAPTURE_FAILED}). */
    public void captureFailed() {
        counters.onDroppedBuffer(PipelineListener.Drop.CAPTURE_FAILED);
    }

    /** Asks the sender to send everything queued now, as the seed's {@code flush()}. */
    public void requestFlush() {
        sender.requestFlush();
    }

    /**
     * A flush barrier: asks for a flush and waits until every event accepted before this call has been sent, moved
     * to failed, expired or dropped. Events accepted later, and rows other processes add to a shared database
     * meanwhile, are not waited for: the barrier is the newest row in the queue once this call's events are in it.
     *
     * @return whether that happened within {@code timeout}
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long accepted = counters.accepted();
        sender.requestFlush();
        sender.flushWaiter(1);
        try {
            // 1. this call's events have left the buffer, and the persister is done with those it took
            long handed;
            while ((handed = buffer.leftThrough()) < accepted) {
                if (!pause(deadline)) {
                    return false;
                }
            }
            long taken = Math.min(handed, buffer.takenCount());
            while (persistedThrough.get() < taken) {
                if (!pause(deadline)) {
                    return false;
                }
            }
            // 2. the barrier: everything at or below the newest row now
            long barrier = -1;
            long nextLook = System.nanoTime();
            while (true) {
                long first = Long.MIN_VALUE;
                try {
                    long[] bounds = queue.idBounds();
                    if (barrier < 0) {
                        barrier = bounds[1];
                    }
                    first = bounds[0];
                } catch (QueueException e) {
                    // not open yet, or locked: try again until the deadline
                }
                if (barrier >= 0 && first > barrier && !sender.settling()) {
                    return true; // gone from the queue, and counted: the settle that deleted them has ended
                }
                long now = System.nanoTime();
                long left = deadline - now;
                if (left <= 0) {
                    return false;
                }
                if (now - nextLook >= 0) {
                    sender.lookAtQueue();
                    nextLook = now + TimeUnit.MILLISECONDS.toNanos(200);
                }
                sender.awaitProgress(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        } finally {
            sender.flushWaiter(-1);
        }
    }

    private static boolean pause(long deadline) throws InterruptedException {
        if (deadline - System.nanoTime() <= 0) {
            return false;
        }
        TimeUnit.MILLISECONDS.sleep(1);
        return true;
    }

    /** Whether nothing accepted is waiting in the buffer, being persisted, queued or in flight. */
    boolean idle() {
        // drained(), not isEmpty(): an event the persister took but has not counted yet is in neither place
        return buffer.drained() && persisting.get() == 0 && unsent.get() <= 0 && !sender.busy();
    }

    /** The counters of this worker. */
    public Counters counters() {
        return counters;
    }

    /** Events accepted but not yet delivered, failed, expired or dropped (an estimate while running). */
    public long pending() {
        return buffer.size() + persisting.get() + Math.max(0, unsent.get());
    }

    /**
     * Events sent a second time, or to be: delivered ones the queue failed to delete, and those the transport
     * wrote again by itself (a tcp replay after a dropped connection).
     */
    public long sentTwice() {
        return queue.deliveredNotDeleted() + counters.sentAgain();
    }

    /** Events of the batch being sent now. */
    public int inFlight() {
        return sender.inFlight();
    }

    /** When the oldest event in the queue was added, or null when it is empty or cannot be read now. */
    public java.time.Instant oldestQueued() {
        try {
            return queue.oldestEntryDate();
        } catch (QueueException e) {
            return null;
        }
    }

    /** Whether the buffer is shedding load after a block timed out. */
    public boolean shedding() {
        return buffer.shedding();
    }

    boolean closing() {
        return closing;
    }

    boolean queueFull() {
        return queueFull;
    }

    /** Whether the persister has taken events from the buffer that it has not appended yet (or counted lost). */
    boolean persisting() {
        return persisting.get() > 0;
    }

    boolean persistDone() {
        return persistDone;
    }

    long closeDeadline() {
        return closeDeadline;
    }

    /**
     * Stops accepting events, persists what the buffer holds, sends what it can within
     * {@code shutdownTimeout}, then closes the transport and the queue.
     *
     * @return how many events stay in the queue unsent (kept for the next start when the queue is durable)
     */
    public long close() {
        if (!closeStarted.compareAndSet(false, true)) {
            // a second caller, maybe concurrent: waits for the first one's result, within the same bound
            try {
                closed.await(settings.shutdownTimeout().toNanos() + settings.socketTimeout().toNanos()
                        + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return remainingAtClose;
        }
        try {
            remainingAtClose = shutDown();
            return remainingAtClose;
        } finally {
            closed.countDown();
        }
    }

    /**
     * One deadline for the whole close, {@code shutdownTimeout} from now plus {@link #CLOSE_GRACE_NANOS} for what
     * cannot be cut short: persisting, the final flush (which starts no batch past the deadline), closing the
     * transport (bounded here whatever its {@code socketCloseWait}) and the queue. A container's grace period
     * longer than that is never overrun.
     */
    private long shutDown() {
        closeDeadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        long hardDeadline = closeDeadline + CLOSE_GRACE_NANOS;
        closing = true;
        buffer.wakeUp();
        sender.wake();
        joinUntil(persistThread, closeDeadline);
        if (persistThread.isAlive()) {
            persistThread.interrupt();
            joinUntil(persistThread, Math.min(hardDeadline, System.nanoTime() + CLOSE_GRACE_NANOS / 2));
        }
        persistDone = true;
        sender.wake();
        joinUntil(sendThread, closeDeadline);
        if (sendThread.isAlive()) {
            // a send still running past the deadline is cut short by closing its transport below
            sendThread.interrupt();
        }
        closeTransport(hardDeadline);
        sender.countSentAgain(); // what the transport's close wrote again
        if (sendThread.isAlive()) {
            joinUntil(sendThread, hardDeadline);
        }
        long remaining = -1;
        try {
            remaining = queue.pendingCount();
        } catch (QueueException e) {
            reporter.report("queue", "cannot count queued events at close: " + e.getMessage(), e);
        }
        long sentTwice = queue.deliveredNotDeleted();
        sealed = true; // before the buffer is cleared: a log call that adds to it later sees it and withdraws
        long lost = buffer.clear() + persisting.get();
        if (lost > 0) {
            counters.onDroppedQueue(lost, PipelineListener.Drop.SHUTDOWN);
        }
        if (!persistThread.isAlive()) {
            recordDrops(); // the queue's close writes them to a database with its last write
        }
        queue.close(settings.vacuumOnShutdown());
        if (sentTwice > 0) {
            reporter.report("close", sentTwice + " delivered events could not be deleted from the queue (locked by "
                    + "another process) and will be sent a second time at the next start", null);
        }
        if (lost > 0) {
            reporter.report("close", lost + " events could not be persisted before the shutdown timeout and are lost",
                    null);
        }
        if (!persistThread.isAlive()) {
            reportDrops(true);
        }
        if (remaining > 0 && !queue.durable()) {
            counters.onDroppedQueue(remaining, PipelineListener.Drop.SHUTDOWN);
            unsent.addAndGet(-remaining); // dropped, so no longer pending: each event is in one state
        }
        if (remaining > 0) {
            reporter.report("close", remaining + (queue.durable()
                    ? " events remain queued in the database and will be sent at the next start"
                    : " events remain in the memory queue and are lost"), null);
        }
        return Math.max(0, remaining);
    }

    /** Closes the transport on a thread of its own, waiting for it until {@code deadlineNanos} at most. */
    private void closeTransport(long deadlineNanos) {
        Thread closer = new WorkerThread(() -> {
            try {
                transport.close();
            } catch (RuntimeException e) {
                reporter.report("close", "cannot close the transport: " + e, e);
            }
        }, persistThread.getName().replace("-persist-", "-close-"));
        closer.start();
        joinUntil(closer, Math.max(deadlineNanos, System.nanoTime() + MIN_TRANSPORT_CLOSE_NANOS));
        if (closer.isAlive()) {
            reporter.report("close", "the transport did not close by the shutdown deadline; its connection is "
                    + "abandoned (socketCloseWait " + settings.socketCloseWait() + " is longer than what was left)", null);
        }
    }

    private static void joinUntil(Thread thread, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        try {
            if (left > 0) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void persistLoop() {
        List<LogEvent> events = new ArrayList<>(MAX_DRAIN);
        List<String> documents = new ArrayList<>(MAX_DRAIN);
        Backoff backoff = new Backoff(settings.retryInitialDelay(), settings.retryMaxDelay());
        while (true) {
            try {
                events.clear();
                documents.clear();
                if (closing && buffer.isEmpty()) {
                    return;
                }
                int n = buffer.take(events, MAX_DRAIN, closing ? 0 : IDLE_WAIT_NANOS);
                if (n == 0) {
                    continue;
                }
                reportDrops(false);
                recordDrops();
                persisting.addAndGet(n);
                buffer.handedOver(n);
                for (LogEvent event : events) {
                    documents.add(format(event));
                }
                append(documents, backoff);
                persisting.addAndGet(-n);
                persistedThrough.addAndGet(n);
            } catch (InterruptedException e) {
                if (closing) {
                    return;
                }
            } catch (RuntimeException | Error e) {
                // never let the thread die: count what was in hand as lost, report with the stack trace, go on
                long lost = persisting.getAndSet(0);
                persistedThrough.addAndGet(lost);
                if (lost > 0) {
                    counters.onDroppedQueue(lost, PipelineListener.Drop.INTERNAL_ERROR);
                }
                reporter.report("persist", "unexpected error while persisting events; " + lost
                        + " events in hand are lost: " + e, e);
            }
        }
    }

    /**
     * Reports the buffer's drops since the last report, with the running total: at most once per
     * {@link #DROP_REPORT_INTERVAL_NANOS} unless {@code now}, and through the rate-limited reporter. Called by the
     * persister (which is busy whenever the buffer is full), and once at close.
     */
    private void reportDrops(boolean now) {
        long dropped = counters.droppedBuffer();
        if (dropped == reportedDrops) {
            return;
        }
        long t = System.nanoTime();
        if (!now && t - nextDropReport < 0) {
            return;
        }
        nextDropReport = t + DROP_REPORT_INTERVAL_NANOS;
        reporter.report("dropped", (dropped - reportedDrops) + " events dropped: the buffer of " + settings.bufferSize()
                + " events was full (overflowPolicy " + settings.overflowPolicy() + "); " + dropped
                + " dropped since the start", null);
        reportedDrops = dropped;
    }

    /**
     * Tells the queue of the drops since the last call, for the count a database keeps ({@code queue stats}).
     * Called by the persister, and once at close after it ended.
     */
    private void recordDrops() {
        long dropped = counters.droppedBuffer() + counters.droppedQueue();
        if (dropped != recordedDrops) {
            queue.countDropped(dropped - recordedDrops);
            recordedDrops = dropped;
        }
    }

    private String format(LogEvent event) {
        try {
            String document = formatter.format(event);
            if (document != null) {
                return document;
            }
            throw new IllegalStateException("the formatter returned null");
        } catch (RuntimeException | StackOverflowError e) {
            reporter.report("format", "cannot format an event of logger " + event.loggerName()
                    + "; queued a minimal document instead: " + e, null);
            return FallbackDocument.of(event, e);
        }
    }

    /**
     * Appends once: claimed and handed to the sender in memory when the hand-off takes them, else unclaimed,
     * for the sender to claim.
     */
    private int store(List<String> documents) throws QueueException, InterruptedException {
        if (handoff.awaitRoom(closing ? 0 : HANDOFF_ROOM_WAIT_NANOS)) {
            List<QueuedEvent> claimed = queue.appendClaimed(documents);
            handoff.add(claimed, System.nanoTime());
            return claimed.size();
        }
        handoff.plainAppendStarts();
        try {
            return queue.append(documents);
        } finally {
            handoff.plainAppendEnds();
        }
    }

    /**
     * How long an event may wait in the hand-off: half the claim lease, so that another process never takes the
     * claim over first, and no longer than {@code eventTtl}, since held (claimed) events cannot expire.
     */
    private static long maxHoldNanos(PipelineSettings settings) {
        long half = settings.claimLease().toNanos() / 2;
        return settings.eventTtl() == null ? half : Math.min(half, settings.eventTtl().toNanos());
    }

    /** The queue that took no more events, for the reports: a database at its cap, or the memory queue. */
    private String fullQueue() {
        return settings.databaseMaxSize() > 0 && !queue.isMemory()
                ? "the queue database (databaseMaxSize " + settings.databaseMaxSize() + " bytes)"
                : "the memory queue (" + settings.memoryQueueCapacity() + " events)";
    }

    /** Appends, retrying with back-off while the store refuses (locked, disk full); gives up only at shutdown. */
    private void append(List<String> documents, Backoff backoff) throws InterruptedException {
        List<String> left = documents;
        boolean reportedFull = false;
        while (true) {
            try {
                int stored = store(left);
                backoff.reset();
                counters.onPersisted(stored);
                long after = unsent.addAndGet(stored);
                // the first events after idle wake the sender too: it sleeps until its next queue check
                // otherwise, which may be later than flushInterval
                if (after >= settings.flushCount() || after - stored <= 0 || stored < left.size()) {
                    sender.wake();
                }
                if (stored == left.size()) {
                    queueFull = false;
                    return;
                }
                queueFull = true;
                // The memory queue is full: push back instead of dropping. The persister waits for the sender to
                // make room, the hand-off buffer fills, and the log calls meet the overflow policy (under BLOCK
                // they wait blockTimeout, or for ever), where every drop is counted and reported.
                left = left.subList(stored, left.size());
                if (closing && System.nanoTime() - closeDeadline > 0) {
                    counters.onDroppedQueue(left.size(), PipelineListener.Drop.QUEUE_FULL);
                    reporter.report("queue-full", left.size() + " events lost: " + fullQueue()
                            + " was still full at the shutdown deadline", null);
                    return;
                }
                if (!reportedFull) {
                    reporter.report("queue-full", fullQueue() + " is full: the receiver is not keeping up; log calls"
                            + " now meet the overflow policy", null);
                    reportedFull = true;
                }
                reportDrops(false);
                sender.awaitProgress(TimeUnit.MILLISECONDS.toNanos(20));
            } catch (QueueException e) {
                long delay = backoff.nextDelayNanos();
                if (closing && System.nanoTime() + delay > closeDeadline) {
                    counters.onDroppedQueue(left.size(), PipelineListener.Drop.QUEUE_REFUSED);
                    reporter.report("persist", left.size() + " events lost: the queue refused them until the "
                            + "shutdown timeout: " + e.getMessage(), e);
                    return;
                }
                reporter.report("persist", "cannot persist " + left.size() + " events ("
                        + e.getMessage() + "); they wait in memory, retrying in " + TimeUnit.NANOSECONDS.toMillis(delay)
                        + " ms", e);
                reportDrops(false);
                TimeUnit.NANOSECONDS.sleep(delay);
            }
        }
    }
}
