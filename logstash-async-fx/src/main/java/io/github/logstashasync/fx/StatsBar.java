package io.github.logstashasync.fx;

import io.github.logstashasync.core.internal.queue.QueueStats;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The counts by state, the age of the oldest waiting event and the time of the last reading, in large type. */
final class StatsBar extends HBox {

    private static final PseudoClass NONZERO = PseudoClass.getPseudoClass("nonzero");
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final Label queued = value("queuedCount");
    private final Label inFlight = value("inFlightCount");
    private final Label failed = value("failedCount");
    private final Label expired = value("expiredCount");
    private final Label oldest = value("oldestAge");
    private final Label updated = new Label("reading…");
    private final ZoneId zone;

    StatsBar(ZoneId zone) {
        this.zone = zone;
        getStyleClass().add("stats-bar");
        setSpacing(28);
        setPadding(new Insets(8, 12, 8, 12));
        setAlignment(Pos.CENTER_LEFT);
        updated.setId("lastReading");
        updated.getStyleClass().add("stat-caption");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        failed.getStyleClass().add("stat-failed");
        getChildren().addAll(stat("Queued", queued), stat("In flight", inFlight), stat("Failed", failed),
                stat("Expired", expired), stat("Oldest waiting", oldest), grow, updated);
    }

    /** Shows a reading taken at {@code sample.at()}. */
    void show(Sample sample) {
        QueueStats stats = sample.stats();
        queued.setText(count(stats.queued()));
        inFlight.setText(count(stats.inFlight()));
        failed.setText(count(stats.failed()));
        failed.pseudoClassStateChanged(NONZERO, stats.failed() > 0);
        expired.setText(count(stats.expired()));
        oldest.setText(stats.oldest() == null ? "—" : age(Duration.between(stats.oldest(), sample.at())));
        updated.setText("updated " + CLOCK.format(sample.at().atZone(zone)));
        updated.pseudoClassStateChanged(ERROR, false);
    }

    /** Says that the last reading failed, keeping the counts of the one before. */
    void showError(String message) {
        updated.setText("cannot read: " + message);
        updated.pseudoClassStateChanged(ERROR, true);
    }

    /** Formats an age for people: {@code 42 s}, {@code 3 min 12 s}, {@code 5 h 3 min}, {@code 2 d 4 h}. */
    static String age(Duration age) {
        long seconds = Math.max(0, age.getSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
    }

    /** Formats a count with thousands separators, the same in every locale. */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** A value label in large type, with {@code id}; shows a dash until the first reading. */
    static Label value(String id) {
        Label label = new Label("—");
        label.setId(id);
        label.getStyleClass().add("stat-value");
        return label;
    }

    /** A value under its caption. */
    static VBox stat(String caption, Label value) {
        Label title = new Label(caption);
        title.getStyleClass().add("stat-caption");
        VBox box = new VBox(2, title, value);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }
}
