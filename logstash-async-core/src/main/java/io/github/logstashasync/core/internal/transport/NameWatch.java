package io.github.logstashasync.core.internal.transport;

import io.github.logstashasync.core.internal.worker.Backoff;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Under {@code resolveAll}, one entry of {@code destinations} whose host name is resolved again: every
 * {@code resolveInterval}, and sooner (at most once a second) after one of its addresses failed, since a receiver
 * that moved is the likeliest reason. The lookup runs on a resolver thread of its own, so that a slow or dead DNS
 * server never holds up a send; the sending thread only starts lookups and picks up their outcome
 * ({@link #poll}). A lookup that fails keeps the last known addresses and is retried with a back-off, up to
 * {@code resolveInterval}. Used by the sending thread only.
 */
final class NameWatch {

    /** The shortest time between two lookups of one name that a failed address asks for. */
    static final Duration MIN_GAP_AFTER_FAILURE = Duration.ofSeconds(1);

    // One daemon thread for the whole JVM, created on demand and ended after a few idle seconds.
    private static final ThreadPoolExecutor RESOLVER = createResolver();

    /** What a finished lookup found: the addresses, or why there are none. */
    record Outcome(List<DestinationResolver.Named> addresses, String error) {
    }

    private final Destination configured;
    private final long intervalNanos;
    private final long gapNanos;
    private final Backoff backoff;
    private List<DestinationResolver.Named> current;
    private long nextDue;
    private long lastStart;
    private boolean soon;
    private CompletableFuture<Outcome> pending;
    private long lookups;

    NameWatch(DestinationResolver.Group group, Duration interval, long nowNanos) {
        this.configured = group.configured();
        this.current = group.addresses();
        this.intervalNanos = TransportChecks.nanos(interval);
        this.gapNanos = Math.min(intervalNanos, TransportChecks.nanos(MIN_GAP_AFTER_FAILURE));
        Duration firstRetry = interval.compareTo(MIN_GAP_AFTER_FAILURE) < 0 ? interval : MIN_GAP_AFTER_FAILURE;
        this.backoff = new Backoff(firstRetry, interval);
        this.nextDue = nowNanos + intervalNanos;
        this.lastStart = nowNanos;
    }

    /** The entry as configured. */
    Destination configured() {
        return configured;
    }

    /** The host name, masked, for messages. */
    String host() {
        return Redaction.mask(configured.host());
    }

    /** The addresses it stands for now. */
    List<DestinationResolver.Named> current() {
        return current;
    }

    /** Whether {@code name} is one of its addresses. */
    boolean owns(String name) {
        for (DestinationResolver.Named named : current) {
            if (named.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** One of its addresses failed: look the name up again soon. */
    void addressFailed() {
        soon = true;
    }

    /** Lookups started so far. */
    long lookups() {
        return lookups;
    }

    /**
     * Starts a lookup when one is due and none is under way, and returns the outcome of one that ended since the
     * last call (null when none did). A changed result replaces {@link #current()}.
     */
    Outcome poll(long now) {
        if (pending != null) {
            if (!pending.isDone()) {
                return null;
            }
            Outcome outcome = pending.join();
            pending = null;
            if (outcome.error() == null) {
                backoff.reset();
                nextDue = now + intervalNanos;
                current = outcome.addresses();
            } else {
                nextDue = now + Math.min(intervalNanos, backoff.nextDelayNanos());
            }
            return outcome;
        }
        boolean due = now - nextDue >= 0 || (soon && now - lastStart >= gapNanos);
        if (due) {
            soon = false;
            lastStart = now;
            lookups++;
            Destination destination = configured;
            pending = CompletableFuture.supplyAsync(() -> lookup(destination), RESOLVER);
        }
        return null;
    }

    /** When the next lookup is due, in {@code System.nanoTime()}; for messages. */
    long nextDue() {
        return nextDue;
    }

    private static Outcome lookup(Destination destination) {
        try {
            List<DestinationResolver.Named> found = DestinationResolver.addresses(destination);
            if (found.isEmpty()) {
                return new Outcome(List.of(), "it resolved to no address");
            }
            return new Outcome(List.copyOf(found), null);
        } catch (UnknownHostException e) {
            return new Outcome(List.of(), "unknown host (" + Redaction.mask(String.valueOf(e.getMessage())) + ")");
        } catch (RuntimeException e) {
            return new Outcome(List.of(), Redaction.mask(e.toString()));
        }
    }

    private static ThreadPoolExecutor createResolver() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "logstash-async-resolver");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
