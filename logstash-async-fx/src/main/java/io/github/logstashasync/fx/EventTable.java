package io.github.logstashasync.fx;

import io.github.logstashasync.core.internal.queue.EventFilter;
import io.github.logstashasync.core.internal.queue.EventState;
import io.github.logstashasync.core.internal.queue.InspectedEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Pagination;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The events matching the filter, one page at a time: each page is one {@code LIMIT/OFFSET} query on the work
 * thread, so the table holds a page of rows whatever the size of the queue. {@link #reload()} re-reads the count
 * and the current page, keeping the selection; reloads asked for while one runs are merged into one after it.
 */
final class EventTable extends VBox {

    /** Rows per page by default: a screenful or two, read in milliseconds even a million rows deep. */
    static final int DEFAULT_PAGE_SIZE = 100;

    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    private static final PseudoClass IN_FLIGHT = PseudoClass.getPseudoClass("in-flight");
    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");

    /**
     * One row of the table: the event, what the table shows of its JSON, and whether it was stale when read
     * ({@link StaleBanner#isStale}).
     */
    record Row(InspectedEvent event, JsonText.Summary summary, boolean stale) {
    }

    /** A page read on the work thread. */
    private record Page(EventFilter filter, int index, long matching, List<Row> rows) {
    }

    private final QueueSource source;
    private final int pageSize;
    private final Consumer<String> errors;
    private final DateTimeFormatter dates;
    private final Clock clock;
    private final TableView<Row> table = new TableView<>();
    private final Pagination pagination = new Pagination(1, 0);
    private final Label range = new Label();
    private EventFilter filter = EventFilter.all();
    private long matching = -1;
    private boolean loading;
    private boolean reloadAgain;
    private boolean settingPages;

    EventTable(QueueSource source, int pageSize, ZoneId zone, Clock clock, Consumer<String> errors) {
        this.source = source;
        this.clock = clock;
        this.pageSize = pageSize;
        this.errors = errors;
        this.dates = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
        table.setId("eventTable");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new Label("No events match."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Id", 64, row -> Long.toString(row.event().id())));
        table.getColumns().add(column("State", 72, row -> FilterBar.stateName(row.event().state())
                + (row.stale() ? ", stale" : "")));
        table.getColumns().add(column("Entered", 146, row -> date(row.event().entryDate())));
        table.getColumns().add(column("Level", 72, row -> row.summary().level()));
        table.getColumns().add(column("Attempts", 78, row -> Integer.toString(row.event().attempts())));
        // the two long texts are cut to the column's width: a tooltip holds the whole text, lines kept
        table.getColumns().add(withTooltips(column("Message", 320, row -> row.summary().message()), "messageColumn",
                row -> row.summary().whole()));
        table.getColumns().add(withTooltips(column("Last error / reason", 220, row -> nullToEmpty(row.event().note())),
                "noteColumn", row -> row.event().note()));
        table.setRowFactory(view -> new TableRow<>() {
            @Override
            protected void updateItem(Row row, boolean empty) {
                super.updateItem(row, empty);
                EventState state = empty || row == null ? null : row.event().state();
                pseudoClassStateChanged(FAILED, state == EventState.FAILED);
                pseudoClassStateChanged(IN_FLIGHT, state == EventState.IN_FLIGHT);
                pseudoClassStateChanged(STALE, !empty && row != null && row.stale());
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        pagination.setId("pages");
        pagination.setMaxPageIndicatorCount(9);
        // The pages' content is the table above; the control only navigates.
        pagination.setPageFactory(index -> new Region());
        pagination.setMinHeight(Region.USE_PREF_SIZE);
        pagination.setPrefHeight(48);
        pagination.currentPageIndexProperty().addListener((observable, before, after) -> {
            if (!settingPages) {
                reload();
            }
        });
        range.setId("rowRange");
        HBox.setHgrow(pagination, Priority.ALWAYS);
        HBox footer = new HBox(8, range, pagination);
        footer.setAlignment(Pos.CENTER_LEFT);
        footer.setPadding(new Insets(0, 8, 0, 8));
        getChildren().addAll(table, footer);
    }

    /** Shows the events matching {@code value} from the first page on. */
    void setFilter(EventFilter value) {
        filter = value;
        settingPages = true;
        pagination.setCurrentPageIndex(0);
        settingPages = false;
        reload();
    }

    /** Re-reads the count and the current page; keeps the selected events selected if they are still there. */
    void reload() {
        if (loading) {
            reloadAgain = true;
            return;
        }
        loading = true;
        reloadAgain = false;
        EventFilter wanted = filter;
        int index = pagination.getCurrentPageIndex();
        source.submit(inspector -> {
            long count = inspector.count(wanted);
            int last = (int) Math.min(Integer.MAX_VALUE - 1, Math.max(0, (count - 1) / pageSize));
            int page = Math.min(index, last);
            List<Row> rows = new ArrayList<>();
            Instant now = clock.instant();
            for (InspectedEvent event : inspector.list(wanted, (long) page * pageSize, pageSize)) {
                rows.add(new Row(event, JsonText.summary(event.text()), StaleBanner.isStale(event, now)));
            }
            return new Page(wanted, page, count, rows);
        }, page -> {
            loading = false;
            if (page.filter() == filter) {
                show(page);
            } else {
                reloadAgain = true;
            }
            if (reloadAgain) {
                reload();
            }
        }, error -> {
            loading = false;
            errors.accept("cannot read the events: " + error.getMessage());
            if (reloadAgain) {
                reload();
            }
        });
    }

    /** Whether a page is being read. */
    boolean loading() {
        return loading;
    }

    /** The filter the table shows. */
    EventFilter filter() {
        return filter;
    }

    /** How many events match the filter, as of the last page read; -1 before the first. */
    long matching() {
        return matching;
    }

    /** The table itself. */
    TableView<Row> table() {
        return table;
    }

    /** The paging control. */
    Pagination pagination() {
        return pagination;
    }

    /** The selected events, in table order. */
    List<InspectedEvent> selectedEvents() {
        List<InspectedEvent> events = new ArrayList<>();
        for (Row row : table.getSelectionModel().getSelectedItems()) {
            events.add(row.event());
        }
        return events;
    }

    /** The row most recently selected. */
    ReadOnlyObjectProperty<Row> selectedRow() {
        return table.getSelectionModel().selectedItemProperty();
    }

    private void show(Page page) {
        Set<Long> selected = new HashSet<>();
        for (Row row : table.getSelectionModel().getSelectedItems()) {
            selected.add(row.event().id());
        }
        Row focused = table.getSelectionModel().getSelectedItem();
        long focusedId = focused == null ? Long.MIN_VALUE : focused.event().id();
        matching = page.matching();
        settingPages = true;
        pagination.setPageCount((int) Math.min(Integer.MAX_VALUE, Math.max(1, (matching + pageSize - 1) / pageSize)));
        pagination.setCurrentPageIndex(page.index());
        settingPages = false;
        table.getItems().setAll(page.rows());
        table.getSelectionModel().clearSelection();
        int focusIndex = -1;
        for (int i = 0; i < page.rows().size(); i++) {
            long id = page.rows().get(i).event().id();
            if (selected.contains(id)) {
                table.getSelectionModel().select(i);
            }
            if (id == focusedId) {
                focusIndex = i;
            }
        }
        if (focusIndex >= 0) {
            // select again last, so that it is the selected item the detail pane shows
            table.getSelectionModel().select(focusIndex);
        }
        long first = (long) page.index() * pageSize;
        range.setText(matching == 0 ? "no events" : StatsBar.count(first + 1) + "–"
                + StatsBar.count(first + page.rows().size()) + " of " + StatsBar.count(matching));
    }

    private String date(Instant instant) {
        return instant == null ? "" : dates.format(instant);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value.replace('\n', ' ');
    }

    /** Has the cells of {@code column} show {@code whole} of their row in a tooltip (none when null or empty). */
    private static TableColumn<Row, String> withTooltips(TableColumn<Row, String> column, String id,
                                                         Function<Row, String> whole) {
        column.setId(id);
        column.setCellFactory(unused -> new TextWithTooltipCell(whole));
        return column;
    }

    private static TableColumn<Row, String> column(String title, double width, Function<Row, String> value) {
        TableColumn<Row, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        // the short columns keep their width; the message and the error share what the window leaves
        column.setMinWidth(width >= 200 ? 120 : width);
        // the order is the queue's (by id), read page by page: sorting one page would mislead
        column.setSortable(false);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return column;
    }

    /** A cell of a long text, cut to the column's width, with the whole text in its tooltip. */
    static final class TextWithTooltipCell extends TableCell<Row, String> {

        private final Function<Row, String> whole;
        private final Tooltip tooltip = new Tooltip();

        TextWithTooltipCell(Function<Row, String> whole) {
            this.whole = whole;
            tooltip.setWrapText(true);
            tooltip.setMaxWidth(640);
            tooltip.setShowDelay(javafx.util.Duration.millis(400));
            // long enough to read a stack trace; it goes when the mouse leaves the cell
            tooltip.setShowDuration(javafx.util.Duration.INDEFINITE);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            // the table's item at this index, not the row's: the row may be updated after its cells
            int index = getIndex();
            Row row = empty || getTableView() == null || index < 0 || index >= getTableView().getItems().size() ? null
                    : getTableView().getItems().get(index);
            String text = row == null ? null : whole.apply(row);
            setText(empty ? null : item);
            if (text == null || text.isEmpty()) {
                setTooltip(null);
            } else {
                tooltip.setText(text);
                setTooltip(tooltip);
            }
        }
    }
}
