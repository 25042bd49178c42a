package io.github.logstashasync.fx;

import io.github.logstashasync.core.internal.queue.EventState;
import io.github.logstashasync.core.internal.queue.InspectedEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The selected event: its id, state, dates and attempts, for a failed event the reason (for a waiting one the
 * last send error), and its JSON document indented.
 */
final class DetailPane extends VBox {

    private final DateTimeFormatter dates;
    private final Label id = value("detailId");
    private final Label state = value("detailState");
    private final Label entered = value("detailEntered");
    private final Label attempts = value("detailAttempts");
    private final Label noteCaption = new Label("Last error");
    private final Label note = value("detailNote");
    private final TextArea json = new TextArea();

    DetailPane(ZoneId zone) {
        dates = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
        getStyleClass().add("detail-pane");
        setSpacing(6);
        setPadding(new Insets(8));
        GridPane facts = new GridPane();
        facts.setHgap(8);
        facts.setVgap(3);
        facts.addRow(0, caption("Event"), id);
        facts.addRow(1, caption("State"), state);
        facts.addRow(2, caption("Entered"), entered);
        facts.addRow(3, caption("Attempts"), attempts);
        noteCaption.getStyleClass().add("detail-caption");
        noteCaption.setMinWidth(Region.USE_PREF_SIZE);
        facts.addRow(4, noteCaption, note);
        note.setWrapText(true);
        note.setMaxWidth(Double.MAX_VALUE);
        GridPane.setHgrow(note, Priority.ALWAYS);
        json.setId("detailJson");
        json.setEditable(false);
        json.setWrapText(true);
        json.getStyleClass().add("json");
        VBox.setVgrow(json, Priority.ALWAYS);
        getChildren().addAll(facts, json);
        show(null, false);
    }

    /** Shows {@code event}, or a hint when nothing is selected; {@code stale}: see {@link StaleBanner}. */
    void show(InspectedEvent event, boolean stale) {
        if (event == null) {
            id.setText("—");
            state.setText("");
            entered.setText("");
            attempts.setText("");
            note.setText("");
            json.setText("Select an event to see its JSON document.");
            return;
        }
        id.setText(Long.toString(event.id()));
        String stateText = FilterBar.stateName(event.state());
        if (event.state() == EventState.FAILED && event.failedDate() != null) {
            stateText += " since " + date(event.failedDate());
        } else if (event.state() == EventState.IN_FLIGHT && event.claimedAt() != null) {
            stateText += ", claimed " + date(event.claimedAt());
        } else if (stale) {
            stateText += ", stale: marked without a claim time, entered more than " + StaleBanner.STALE_AFTER.toHours()
                    + " h ago (Requeue stale… above sends it again)";
        }
        state.setText(stateText);
        entered.setText(date(event.entryDate()));
        attempts.setText(Integer.toString(event.attempts()));
        noteCaption.setText(event.state() == EventState.FAILED ? "Reason" : "Last error");
        note.setText(event.note() == null ? "—" : event.note());
        json.setText(JsonText.pretty(event.text()));
    }

    private String date(Instant instant) {
        return instant == null ? "unknown" : dates.format(instant);
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("detail-caption");
        // a long reason wraps; the captions beside it keep their width
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static Label value(String nodeId) {
        Label label = new Label();
        label.setId(nodeId);
        return label;
    }
}
