package io.github.logstashasync.fx;

import io.github.logstashasync.core.internal.queue.EventState;
import io.github.logstashasync.core.internal.queue.InspectedEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * Says when events look left in flight by a process that is gone, and offers to requeue them. Such events are
 * marked in their row with no claim time ({@code pending_delete = 1}, the way python-logstash-async marks what it
 * sends) and entered the queue more than {@link #STALE_AFTER} ago: a live Python sender unmarks or deletes its
 * events within one send, and no sender of either library takes such marks back (this library's own claims carry
 * a claim time and a lease, and are taken back when it runs out). Hidden while there are none.
 */
final class StaleBanner extends HBox {

    /** How old an event marked in flight without a claim time must be to count as stale. */
    static final Duration STALE_AFTER = Duration.ofHours(1);

    /** How often the stale events are counted again while the number in flight does not change. */
    private static final Duration RECOUNT = Duration.ofSeconds(10);

    private final QueueSource source;
    private final Clock clock;
    private final Label text = new Label();
    private final Button requeue = new Button("Requeue stale…");
    private boolean counting;
    private Instant countedAt;
    private long countedInFlight = -1;
    private long stale;

    StaleBanner(QueueSource source, Clock clock, ObservableBooleanValue writable, Runnable onRequeue) {
        this.source = source;
        this.clock = clock;
        setId("staleBanner");
        getStyleClass().add("stale-banner");
        setSpacing(10);
        setPadding(new Insets(4, 10, 4, 10));
        setAlignment(Pos.CENTER_LEFT);
        text.setId("staleText");
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        requeue.setId("requeueStale");
        requeue.setOnAction(event -> onRequeue.run());
        requeue.disableProperty().bind(Bindings.not(writable));
        requeue.setTooltip(new Tooltip("Back to the queue under their ids, to be sent again (needs read-write)"));
        getChildren().addAll(text, requeue);
        managedProperty().bind(visibleProperty());
        setVisible(false);
    }

    /** Whether {@code event} counts as stale at {@code now}. */
    static boolean isStale(InspectedEvent event, Instant now) {
        return event.state() == EventState.IN_FLIGHT && event.claimedAt() == null && event.entryDate() != null
                && event.entryDate().isBefore(now.minus(STALE_AFTER));
    }

    /** The entry date before which a marked event is stale now. */
    Instant cutoff() {
        return clock.instant().minus(STALE_AFTER);
    }

    /** Counts again after a reading, when the number in flight changed or the last count is old; 0 in flight, none. */
    void onSample(Sample sample) {
        long inFlight = sample.stats().inFlight();
        if (inFlight == 0) {
            countedInFlight = 0;
            show(0);
            return;
        }
        Instant now = clock.instant();
        if (!counting && (inFlight != countedInFlight || countedAt == null
                || countedAt.plus(RECOUNT).isBefore(now))) {
            count(inFlight);
        }
    }

    /** Counts again now (after a repair). */
    void recount() {
        count(countedInFlight);
    }

    /** How many events were stale at the last count. */
    long stale() {
        return stale;
    }

    private void count(long inFlight) {
        counting = true;
        Instant cutoff = cutoff();
        source.submit(inspector -> inspector.countStaleMarks(cutoff), counted -> {
            counting = false;
            countedAt = clock.instant();
            countedInFlight = inFlight;
            show(counted);
        }, error -> counting = false);
    }

    private void show(long count) {
        stale = count;
        setVisible(count > 0);
        if (count > 0) {
            text.setText("⚠ " + StatsBar.count(count) + (count == 1 ? " event is" : " events are") + " in flight"
                    + " without a claim time and entered more than " + STALE_AFTER.toHours() + " h ago: most likely"
                    + " left by a python-logstash-async process that ended while sending. Nothing sends "
                    + (count == 1 ? "it" : "them") + " again until requeued.");
        }
    }
}
