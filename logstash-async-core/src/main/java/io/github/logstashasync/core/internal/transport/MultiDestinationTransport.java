package io.github.logstashasync.core.internal.transport;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.TlsProvider;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.api.spi.TransportProvider;
import io.github.logstashasync.core.DestinationStatistics;
import io.github.logstashasync.core.internal.jfr.PipelineEvents;
import io.github.logstashasync.core.internal.worker.Backoff;
import io.github.logstashasync.core.internal.worker.WorkerThread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A transport over several destinations, each with a transport of its own (created by the provider of the
 * configured transport, so with its own connection), its own back-off with jitter, health and counters. The
 * connection strategy picks the destination of each batch among those not backing off; a batch whose
 * destination fails (a refused or broken connection, a timeout, HTTP 5xx) goes on, from its first unconfirmed
 * event, to the next destination, within the same {@link #send}; only when every destination failed or is
 * backing off does the send fail, as retryable, with {@link TransportException#retryAfter()} set to when the
 * first back-off ends, so that the worker waits until then instead of looping.
 *
 * <p>A failure the receiver gives for the content (HTTP 400, an event too large) is not a destination's failure:
 * it fails the send as it would with one destination. The contract of {@link Transport} is kept: one sending
 * thread, {@link #close()} from another thread to cut a send short, and no destination tried after close.
 *
 * <p>With {@code resolveAll} and a {@code resolveInterval}, each name is resolved again ({@link NameWatch}): an
 * address that appears gets a destination of its own, one that is gone stops getting batches (its counters stay in
 * {@link #statistics()}), and a name that stops resolving keeps its last known addresses and is reported.
 */
public final class MultiDestinationTransport implements Transport {

    /** How many destinations that are no longer an address of their name stay in the statistics. */
    static final int RETIRED_KEPT = 64;

    /** Replaced (never changed) by the sending thread when {@code resolveAll} finds other addresses. */
    private volatile DestinationState[] states;
    private final DestinationSelector selector;
    /** The names that are resolved again; empty without {@code resolveAll} or {@code resolveInterval}. */
    private final List<NameWatch> watches;
    /** Creates the destination of an address found later; null when {@link #watches} is empty. */
    private final Function<DestinationResolver.Named, DestinationState> factory;
    /** Destinations that are no longer an address of their name, by name, oldest first; sending thread only. */
    private final Map<String, DestinationState> retired = new LinkedHashMap<>();
    /** The same, for other threads. */
    private volatile DestinationState[] retiredStates = new DestinationState[0];
    /** What those dropped from {@link #retired} had sent again, so that {@link #eventsSentAgain()} never shrinks. */
    private volatile long sentAgainByDropped;
    private final BiConsumer<String, Throwable> reporter;
    /** The longest the close of one destination's transport is waited for (they close in parallel). */
    private final Duration closeWait;
    private volatile boolean closed;

    MultiDestinationTransport(List<DestinationState> states, DestinationSelector selector, Duration closeWait,
            BiConsumer<String, Throwable> reporter) {
        this(states, selector, closeWait, reporter, List.of(), null);
    }

    MultiDestinationTransport(List<DestinationState> states, DestinationSelector selector, Duration closeWait,
            BiConsumer<String, Throwable> reporter, List<NameWatch> watches,
            Function<DestinationResolver.Named, DestinationState> factory) {
        this.states = states.toArray(new DestinationState[0]);
        this.selector = selector;
        this.closeWait = closeWait;
        this.reporter = reporter;
        this.watches = List.copyOf(watches);
        this.factory = factory;
    }

    /**
     * Creates one transport per destination with {@code provider}, each from {@code base} with the destination's
     * host and port (and, for an {@code http} URL, its path), checking the destinations against the transport.
     *
     * @param provider the provider of the configured transport; never null
     * @param tls      the TLS provider, when {@code base} enables TLS; else null
     * @param base     the settings every destination shares; never null
     * @param options  the destinations and the strategy; never null
     * @param reporter receives a message for every failure of a destination and every recovery; never null
     * @throws io.github.logstashasync.api.InvalidOptionException naming {@code destinations} for a URL given to another
     *         transport than {@code http}, a scheme that does not match {@code sslEnable}, an entry the transport
     *         refuses, or (with {@code resolveAll}) a name that does not resolve; naming {@code resolveAll} when it
     *         is combined with TLS host name verification
     */
    public static MultiDestinationTransport create(TransportProvider provider, TlsProvider tls, TransportSettings base,
            DestinationSettings options, BiConsumer<String, Throwable> reporter) {
        List<DestinationResolver.Group> groups = DestinationResolver.resolve(provider.id(), base, options);
        Function<DestinationResolver.Named, DestinationState> factory = named -> {
            Transport transport;
            try {
                transport = provider.create(named.destination().settings(base), tls);
            } catch (InvalidOptionException e) {
                if (e.option().equals("host") || e.option().equals("port") || e.option().equals("path")) {
                    throw new InvalidOptionException(Destination.OPTION, "'" + named.name() + "': " + e.detail());
                }
                throw e;
            }
            return new DestinationState(named.name(), transport, new Backoff(options.retryInitialDelay(),
                    options.retryMaxDelay()));
        };
        List<DestinationState> states = new ArrayList<>();
        try {
            for (DestinationResolver.Group group : groups) {
                for (DestinationResolver.Named named : group.addresses()) {
                    states.add(factory.apply(named));
                }
            }
        } catch (RuntimeException e) {
            for (DestinationState state : states) {
                state.transport().close();
            }
            throw e;
        }
        DestinationSelector selector = new DestinationSelector(options.strategy(), states.size(),
                options.secondaryConnectionTtl(), options.rotateEvery(), options.rotateInterval(), null);
        Duration closeWait = base.socketCloseWait().plus(base.socketTimeout()).plusSeconds(1);
        List<NameWatch> watches = new ArrayList<>();
        if (options.resolveAll() && options.resolveInterval() != null) {
            long now = System.nanoTime();
            for (DestinationResolver.Group group : groups) {
                watches.add(new NameWatch(group, options.resolveInterval(), now));
            }
        }
        return new MultiDestinationTransport(states, selector, closeWait, reporter, watches,
                watches.isEmpty() ? null : factory);
    }

    @Override
    public void send(List<String> events, Rejections rejections) throws TransportException, InterruptedException {
        int total = events.size();
        long now = System.nanoTime();
        if (!watches.isEmpty()) {
            refresh(now);
        }
        DestinationState[] states = this.states;
        int[] order = selector.candidates(states, now);
        int delivered = 0;
        TransportException lastFailure = null;
        boolean tried = false;
        for (int index : order) {
            if (closed) {
                break;
            }
            DestinationState destination = states[index];
            List<String> tail = events.subList(delivered, total);
            Map<Integer, String> rejected = new HashMap<>();
            try {
                destination.transport().send(tail, rejected::put);
                forward(rejected, delivered, tail.size(), rejections);
                boolean recovered = destination.failing();
                int failures = destination.consecutiveFailures();
                destination.delivered(tail.size(), true);
                selector.delivered(index, System.nanoTime());
                if (recovered) {
                    PipelineEvents.destinationUp(destination.toString(), failures);
                    reporter.accept("destination " + destination + " delivers again", null);
                }
                return;
            } catch (TransportException e) {
                int confirmed = Math.min(Math.max(0, e.delivered()), tail.size());
                if (!e.retryable()) {
                    // the receiver refused the content: another destination would refuse it too
                    forward(rejected, delivered, tail.size(), rejections);
                    destination.delivered(confirmed, false);
                    throw new TransportException(destination + ": " + e.getMessage(), e, false, delivered + confirmed,
                            e.retryAfter().orElse(null));
                }
                forward(rejected, delivered, confirmed, rejections);
                destination.delivered(confirmed, false);
                delivered += confirmed;
                lastFailure = e;
                tried = true;
                failed(destination, e.getMessage(), e, e.retryAfter().map(Duration::toNanos).orElse(0L));
                if (delivered >= total) {
                    return;
                }
            } catch (RuntimeException e) {
                lastFailure = new TransportException(destination + " failed unexpectedly: " + e, e);
                tried = true;
                failed(destination, "failed unexpectedly: " + e, e, 0);
            }
        }
        throw allFailed(delivered, lastFailure, !tried);
    }

    /** Starts the destination's back-off and reports it. */
    private void failed(DestinationState destination, String message, Throwable error, long atLeastNanos) {
        for (NameWatch watch : watches) {
            if (watch.owns(destination.name())) {
                watch.addressFailed(); // the receiver may have moved: look its name up again soon
            }
        }
        boolean wasFailing = destination.failing();
        long delay = destination.failed(message, System.nanoTime(), atLeastNanos);
        if (!wasFailing) {
            PipelineEvents.destinationDown(destination.toString(), message);
        }
        reporter.accept("destination " + destination + " failed (" + message + "); it backs off for "
                + TimeUnit.NANOSECONDS.toMillis(delay) + " ms (failure " + destination.consecutiveFailures()
                + " in a row)" + (closed ? "" : "; its batch goes to the next destination, if any"), error);
    }

    /** Forwards the rejections of one attempt whose index lies below {@code limit}, shifted by {@code offset}. */
    private static void forward(Map<Integer, String> rejected, int offset, int limit, Rejections rejections) {
        rejected.forEach((index, reason) -> {
            if (index >= 0 && index < limit) {
                rejections.reject(offset + index, reason);
            }
        });
    }

    /** The failure of a send that no destination took: retry when the first back-off ends. */
    private TransportException allFailed(int delivered, TransportException last, boolean noneTried) {
        long now = System.nanoTime();
        DestinationState[] states = this.states;
        long earliest = Long.MAX_VALUE;
        StringBuilder each = new StringBuilder();
        for (DestinationState state : states) {
            if (!state.available(now)) {
                earliest = Math.min(earliest, state.backoffUntilNanos() - now);
            }
            if (each.length() > 0) {
                each.append("; ");
            }
            each.append(state).append(' ').append(state.available(now) ? "available" : state.waitText(now));
        }
        Duration retryAfter = earliest == Long.MAX_VALUE || earliest <= 0 ? null : Duration.ofNanos(earliest);
        String message = closed ? "the transport is closed" : (noneTried ? "every destination is backing off"
                : "no destination took the batch") + " (" + each + ")";
        return new TransportException(message, last, true, delivered, retryAfter);
    }

    /**
     * Picks up the lookups of the names that ended, starts those that are due, and when a name's addresses changed,
     * gives each new address a destination of its own and retires those that are gone.
     */
    private void refresh(long now) {
        boolean changed = false;
        for (NameWatch watch : watches) {
            List<DestinationResolver.Named> before = watch.current();
            NameWatch.Outcome outcome = watch.poll(now);
            if (outcome == null) {
                continue;
            }
            if (outcome.error() != null) {
                reporter.accept("cannot resolve '" + watch.host() + "' again (resolveAll): " + outcome.error() + "; its "
                        + before.size() + " last known address(es) keep getting batches; it is looked up again in "
                        + TimeUnit.NANOSECONDS.toMillis(Math.max(0, watch.nextDue() - now)) + " ms", null);
            } else if (!names(before).equals(names(outcome.addresses()))) {
                reporter.accept("'" + watch.host() + "' resolves to other addresses now (resolveAll): " + names(before)
                        + " -> " + names(outcome.addresses()), null);
                changed = true;
            }
        }
        if (changed && !closed) {
            rebuild(now);
        }
    }

    private static List<String> names(List<DestinationResolver.Named> addresses) {
        List<String> names = new ArrayList<>(addresses.size());
        for (DestinationResolver.Named named : addresses) {
            names.add(named.name());
        }
        return names;
    }

    /** Makes the destinations those of the watches' current addresses, in order, keeping each one's state. */
    private void rebuild(long now) {
        DestinationState[] old = states;
        Map<String, DestinationState> kept = new LinkedHashMap<>();
        for (DestinationState state : old) {
            kept.put(state.name(), state);
        }
        List<DestinationState> next = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        long dropped = 0; // sent again by the transports of destinations no longer in retired
        for (NameWatch watch : watches) {
            for (DestinationResolver.Named named : watch.current()) {
                if (seen.contains(named.name())) {
                    continue; // two names of one address: one destination
                }
                seen.add(named.name());
                DestinationState state = kept.remove(named.name());
                if (state == null) {
                    try {
                        state = factory.apply(named);
                    } catch (RuntimeException e) {
                        reporter.accept("cannot create the transport of " + named.name() + ": " + e, e);
                        continue;
                    }
                    DestinationState before = retired.remove(named.name());
                    if (before != null) {
                        state.carryOver(before); // an address that came back: one line, its counts continued
                        dropped += before.transport().eventsSentAgain();
                    }
                }
                next.add(state);
            }
        }
        if (next.isEmpty()) {
            return; // cannot happen with a lookup that succeeded; keep what there is rather than nothing
        }
        for (DestinationState gone : kept.values()) {
            gone.retire(DestinationStatistics.RETIRED + "no longer an address of its name (resolveAll)");
            retired.put(gone.name(), gone);
            closeQuietly(gone); // its connection would stay open, unused, forever
        }
        Iterator<DestinationState> oldest = retired.values().iterator();
        while (retired.size() > RETIRED_KEPT && oldest.hasNext()) {
            dropped += oldest.next().transport().eventsSentAgain();
            oldest.remove();
        }
        int current = selector.current() < old.length ? next.indexOf(old[selector.current()]) : -1;
        selector.resize(next.size(), current, now);
        states = next.toArray(new DestinationState[0]);
        retiredStates = retired.values().toArray(new DestinationState[0]);
        sentAgainByDropped += dropped; // after: a reader may count them short for a moment, never twice
    }

    /** Closes a destination's transport on a thread of its own: the close of a connection may wait. */
    private void closeQuietly(DestinationState state) {
        WorkerThread.named(() -> {
            try {
                state.transport().close();
            } catch (RuntimeException e) {
                reporter.accept("cannot close the transport of destination " + state + ": " + e, e);
            }
        }, "logstash-async-close-" + state).start();
    }

    /**
     * The state and counters of each destination, in configuration order; with {@code resolveAll}, after them
     * those that are no longer an address of their name (the last {@value #RETIRED_KEPT}).
     */
    public List<DestinationStatistics> statistics() {
        DestinationState[] now = states;
        List<DestinationStatistics> all = new ArrayList<>(now.length);
        for (DestinationState state : now) {
            all.add(state.statistics());
        }
        for (DestinationState state : retiredStates) {
            all.add(state.statistics());
        }
        return List.copyOf(all);
    }

    /** What the destinations' transports wrote again by themselves (tcp replays), summed. */
    @Override
    public long eventsSentAgain() {
        long again = sentAgainByDropped;
        for (DestinationState state : states) {
            again += state.transport().eventsSentAgain();
        }
        for (DestinationState state : retiredStates) {
            again += state.transport().eventsSentAgain();
        }
        return again;
    }

    /**
     * Closes every destination's transport, in parallel, so that the close takes as long as the slowest one
     * (each bounded by its {@code socketCloseWait}), not their sum. No destination is tried after this.
     */
    @Override
    public void close() {
        closed = true;
        DestinationState[] states = this.states;
        List<Thread> closers = new ArrayList<>(states.length);
        for (DestinationState state : states) {
            Thread closer = WorkerThread.named(() -> {
                try {
                    state.transport().close();
                } catch (RuntimeException e) {
                    reporter.accept("cannot close the transport of destination " + state + ": " + e, e);
                }
            }, "logstash-async-close-" + state);
            closer.start();
            closers.add(closer);
        }
        long deadline = System.nanoTime() + TransportChecks.nanos(closeWait);
        for (Thread closer : closers) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    closer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        DestinationState[] states = this.states;
        StringBuilder text = new StringBuilder("MultiDestinationTransport[");
        for (int i = 0; i < states.length; i++) {
            text.append(i == 0 ? "" : ", ").append(states[i]);
        }
        return text.append(']').toString();
    }
}
