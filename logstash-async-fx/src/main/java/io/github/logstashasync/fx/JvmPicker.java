package io.github.logstashasync.fx;

import java.util.List;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Asks which running JVM to open: one of the local JVMs that run a pipeline, found on a thread of its own (it
 * attaches to every local JVM, which takes a moment), or a process id or the {@code HOST:PORT} of a JMX port typed
 * in. The answer is the {@link JvmTarget}, or empty when cancelled.
 */
final class JvmPicker extends Dialog<JvmTarget> {

    private final LocalJvms.Finder finder;
    private final TableView<LocalJvms.Found> table = new TableView<>();
    private final TextField typed = new TextField();
    private final Label searching = new Label();
    private final Button refresh = new Button("Refresh");
    private final ButtonType open = new ButtonType("Open", ButtonBar.ButtonData.OK_DONE);

    JvmPicker(Window owner, LocalJvms.Finder finder) {
        this.finder = finder;
        if (owner != null) {
            initOwner(owner);
        }
        setTitle("Open a running JVM");
        setHeaderText("Which JVM? Its pipelines' figures are read live through JMX.");
        setResizable(true);

        table.setId("jvmList");
        table.setPlaceholder(new Label("no local JVM with a logstash-async pipeline found"));
        table.setPrefSize(640, 220);
        TableColumn<LocalJvms.Found, Long> pid = new TableColumn<>("PID");
        pid.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue().pid()));
        pid.setPrefWidth(80);
        TableColumn<LocalJvms.Found, String> program = new TableColumn<>("Program");
        program.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().program()));
        program.setPrefWidth(300);
        TableColumn<LocalJvms.Found, String> names = new TableColumn<>("Pipelines");
        names.setCellValueFactory(row -> new ReadOnlyStringWrapper(String.join(", ", row.getValue().pipelines())));
        names.setPrefWidth(240);
        table.getColumns().add(pid);
        table.getColumns().add(program);
        table.getColumns().add(names);
        table.setOnMouseClicked(event -> {
            if (event.getClickCount() == 2 && table.getSelectionModel().getSelectedItem() != null) {
                ((Button) getDialogPane().lookupButton(open)).fire();
            }
        });

        refresh.setId("refreshJvms");
        refresh.setOnAction(event -> search());
        searching.setId("jvmSearch");
        searching.setWrapText(true);
        HBox.setHgrow(searching, Priority.ALWAYS);
        HBox searchRow = new HBox(8, refresh, searching);
        typed.setId("jvmTarget");
        typed.setPromptText("12345, or 127.0.0.1:9010");
        Label typedCaption = new Label("Or a process id, or the HOST:PORT of a JVM's JMX port"
                + " (-Dcom.sun.management.jmxremote.port):");
        Label invalid = new Label();
        invalid.setId("jvmTargetError");
        invalid.getStyleClass().add("error-text");
        VBox content = new VBox(8, new Label("Local JVMs of this user that run a pipeline:"), table, searchRow,
                typedCaption, typed, invalid);
        content.setPadding(new Insets(4, 0, 0, 0));
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().addAll(open, ButtonType.CANCEL);
        getDialogPane().getStylesheets().add(JvmPicker.class.getResource("monitor.css").toExternalForm());
        Node openButton = getDialogPane().lookupButton(open);
        openButton.setId("openJvmOk");
        getDialogPane().lookupButton(ButtonType.CANCEL).setId("openJvmCancel");
        openButton.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .and(typed.textProperty().isEmpty()));
        // a typed target that cannot be read keeps the dialog open and says why
        openButton.addEventFilter(ActionEvent.ACTION, event -> {
            try {
                invalid.setText("");
                target();
            } catch (IllegalArgumentException e) {
                invalid.setText(e.getMessage());
                event.consume();
            }
        });
        typed.textProperty().addListener((observable, before, after) -> {
            if (!after.isBlank()) {
                table.getSelectionModel().clearSelection();
            }
        });
        setResultConverter(button -> button == open ? target() : null);
        setOnShown(event -> search());
    }

    /** What the user chose: the typed target if any, else the selected JVM. */
    private JvmTarget target() {
        if (!typed.getText().isBlank()) {
            return JvmTarget.parse("JVM", typed.getText());
        }
        LocalJvms.Found selected = table.getSelectionModel().getSelectedItem();
        if (selected == null) {
            throw new IllegalArgumentException("pick a JVM, or type a process id or HOST:PORT");
        }
        return new JvmTarget.Local(selected.pid());
    }

    /** Looks for local JVMs on a thread of its own. */
    private void search() {
        refresh.setDisable(true);
        searching.setText("looking for local JVMs that run a pipeline…");
        Thread thread = new Thread(() -> {
            List<LocalJvms.Found> found;
            try {
                found = finder.find();
            } catch (RuntimeException | LinkageError e) {
                Platform.runLater(() -> {
                    refresh.setDisable(false);
                    searching.setText("cannot list local JVMs: " + JvmConnection.message(e));
                });
                return;
            }
            Platform.runLater(() -> {
                refresh.setDisable(false);
                table.getItems().setAll(found);
                searching.setText(found.isEmpty() ? "none found" : found.size() == 1 ? "1 JVM found"
                        : found.size() + " JVMs found");
                if (found.size() == 1 && typed.getText().isBlank()) {
                    table.getSelectionModel().select(0);
                }
            });
        }, "logstash-async-monitor-find-jvms");
        thread.setDaemon(true);
        thread.start();
    }

    /** The table of local JVMs, for tests. */
    TableView<LocalJvms.Found> table() {
        return table;
    }
}
