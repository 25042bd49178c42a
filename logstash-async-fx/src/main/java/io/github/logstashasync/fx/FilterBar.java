package io.github.logstashasync.fx;

import io.github.logstashasync.core.internal.queue.EventFilter;
import io.github.logstashasync.core.internal.queue.EventState;
import java.time.Instant;
import java.time.ZoneId;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;

/**
 * The filter of the event table: state, level, text anywhere in the JSON, and the time range of the entry date.
 * Enter in a field or the Apply button applies it.
 */
final class FilterBar extends HBox {

    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    private static final String TIME_HINT = "an age (30s, 15m, 2h, 7d), a date, a date and time (2025-03-01 14:30)"
            + " or an ISO instant; times without zone are in ";

    private final ChoiceBox<EventState> state = new ChoiceBox<>();
    private final TextField level = field("levelFilter", "level", 90);
    private final TextField text = field("textFilter", "text contains", 200);
    private final TextField from = field("fromFilter", "from (e.g. 15m)", 140);
    private final TextField to = field("toFilter", "to", 140);
    private final Button apply = new Button("Apply");
    private final Button clear = new Button("Clear");

    FilterBar(ZoneId zone, Runnable onApply) {
        getStyleClass().add("filter-bar");
        setSpacing(6);
        setPadding(new Insets(4, 12, 4, 12));
        setAlignment(Pos.CENTER_LEFT);
        state.setId("stateFilter");
        state.getItems().add(null);
        state.getItems().addAll(EventState.values());
        state.setValue(null);
        state.setConverter(new StringConverter<>() {
            @Override
            public String toString(EventState value) {
                return value == null ? "all states" : stateName(value);
            }

            @Override
            public EventState fromString(String string) {
                throw new UnsupportedOperationException("not editable");
            }
        });
        state.valueProperty().addListener((observable, before, after) -> onApply.run());
        Tooltip times = new Tooltip(TIME_HINT + zone);
        from.setTooltip(times);
        to.setTooltip(times);
        apply.setId("applyFilter");
        apply.setDefaultButton(false);
        apply.setOnAction(event -> onApply.run());
        clear.setId("clearFilter");
        clear.setOnAction(event -> {
            level.clear();
            text.clear();
            from.clear();
            to.clear();
            if (state.getValue() == null) {
                onApply.run();
            } else {
                state.setValue(null);
            }
        });
        for (TextField field : new TextField[] {level, text, from, to}) {
            field.setOnAction(event -> onApply.run());
        }
        getChildren().addAll(new Label("Filter:"), state, level, text, from, to, apply, clear);
    }

    /**
     * Returns the filter the fields say; marks the time fields that are no time.
     *
     * @throws IllegalArgumentException naming the field when a time is invalid
     */
    EventFilter read(Instant now, ZoneId zone) {
        Instant start = time(from, "from", now, zone);
        Instant end = time(to, "to", now, zone);
        return new EventFilter(state.getValue(), blankToNull(level.getText()), blankToNull(text.getText()), start, end);
    }

    /** How the monitor names a state. */
    static String stateName(EventState state) {
        switch (state) {
            case QUEUED:
                return "queued";
            case IN_FLIGHT:
                return "in flight";
            case FAILED:
                return "failed";
            default:
                return state.name();
        }
    }

    private static Instant time(TextField field, String name, Instant now, ZoneId zone) {
        try {
            Instant value = TimeBounds.parse(name, field.getText(), now, zone);
            field.pseudoClassStateChanged(INVALID, false);
            return value;
        } catch (IllegalArgumentException e) {
            field.pseudoClassStateChanged(INVALID, true);
            throw e;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static TextField field(String id, String prompt, double width) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefWidth(width);
        return field;
    }
}
