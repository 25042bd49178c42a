package io.github.logstashasync.fx;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * Asks where to flush the queue: transport, host and port, TLS (the seed's {@code sslEnable}, {@code sslVerify},
 * {@code caCerts}, {@code certfile}, {@code keyfile}), the transport's own options as {@code name=value} pairs,
 * and how many events at most. Invalid input keeps the dialog open and says which option is wrong.
 */
final class FlushDialog extends Dialog<QueueFlusher.Request> {

    /** The button that starts the flush. */
    static final ButtonType FLUSH = new ButtonType("Flush", ButtonBar.ButtonData.OK_DONE);

    private final ComboBox<String> transport = new ComboBox<>();
    private final TextField host = field("flushHost", "localhost");
    private final TextField port = field("flushPort", "5959");
    private final CheckBox tls = new CheckBox("TLS (sslEnable)");
    private final CheckBox verify = new CheckBox("verify the server (sslVerify)");
    private final TextField caCerts = field("flushCaCerts", "");
    private final TextField certfile = field("flushCertfile", "");
    private final TextField keyfile = field("flushKeyfile", "");
    private final PasswordField keyPassword = new PasswordField();
    private final TextField options = field("flushOptions", "");
    private final TextField limit = field("flushLimit", "");
    private final Label error = new Label();

    FlushDialog(Window owner, Collection<String> transports, long queued) {
        initOwner(owner);
        setTitle("Flush to a destination");
        setHeaderText("Send the queued events (" + StatsBar.count(queued) + " now) to a receiver; each batch is"
                + " deleted once delivered.");
        transport.setId("flushTransport");
        transport.getItems().setAll(transports);
        transport.setValue(transports.contains("tcp") ? "tcp" : transports.isEmpty() ? null : transports.iterator().next());
        tls.setId("flushTls");
        verify.setId("flushVerify");
        verify.setSelected(true);
        keyPassword.setId("flushKeyPassword");
        options.setPromptText("path=/logs, username=me");
        limit.setPromptText("all");
        caCerts.setPromptText("PEM file; empty: the JDK's CAs");
        for (Node node : new Node[] {verify, caCerts, certfile, keyfile, keyPassword}) {
            node.disableProperty().bind(tls.selectedProperty().not());
        }
        error.setId("flushError");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.setPadding(new Insets(12));
        int row = 0;
        grid.addRow(row++, new Label("Transport"), transport);
        grid.addRow(row++, new Label("Host"), host);
        grid.addRow(row++, new Label("Port"), port);
        grid.addRow(row++, new Label(""), tls);
        grid.addRow(row++, new Label(""), verify);
        grid.addRow(row++, new Label("CA certificates"), caCerts);
        grid.addRow(row++, new Label("Client certificate"), certfile);
        grid.addRow(row++, new Label("Client key"), keyfile);
        grid.addRow(row++, new Label("Key password"), keyPassword);
        grid.addRow(row++, new Label("Transport options"), options);
        grid.addRow(row++, new Label("At most (events)"), limit);
        grid.add(error, 0, row, 2, 1);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().setAll(FLUSH, ButtonType.CANCEL);
        Button flush = (Button) getDialogPane().lookupButton(FLUSH);
        flush.setId("flushStart");
        flush.addEventFilter(ActionEvent.ACTION, event -> {
            try {
                request();
            } catch (IllegalArgumentException e) {
                error.setText(e.getMessage());
                event.consume();
            }
        });
        setResultConverter(button -> button == FLUSH ? request() : null);
    }

    /**
     * Returns the request the fields say.
     *
     * @throws InvalidOptionException naming the option when a value is invalid
     */
    QueueFlusher.Request request() {
        if (transport.getValue() == null) {
            throw new InvalidOptionException("transport", "choose a transport");
        }
        int portNumber;
        try {
            portNumber = Integer.parseInt(port.getText().trim());
        } catch (NumberFormatException e) {
            throw new InvalidOptionException("port", "'" + port.getText().trim() + "' is no port number");
        }
        TlsSettings tlsSettings = TlsSettings.DISABLED;
        if (tls.isSelected()) {
            tlsSettings = TlsSettings.builder().enabled(true).verify(verify.isSelected())
                    .caCerts(path(caCerts)).certfile(path(certfile)).keyfile(path(keyfile))
                    .keyPassword(keyPassword.getText().isEmpty() ? null : keyPassword.getText()).build();
        }
        TransportSettings settings = new TransportSettings(host.getText().trim(), portNumber, null, null, null,
                PipelineSettings.DEFAULT_BEATS_BATCH_SIZE, tlsSettings, parseOptions(options.getText()));
        long most = Long.MAX_VALUE;
        if (!limit.getText().isBlank()) {
            try {
                most = Long.parseLong(limit.getText().trim());
            } catch (NumberFormatException e) {
                most = -1;
            }
            if (most <= 0) {
                throw new InvalidOptionException("limit", "'" + limit.getText().trim() + "' is no positive number");
            }
        }
        return new QueueFlusher.Request(transport.getValue(), settings, most);
    }

    /**
     * Reads {@code name=value} pairs separated by commas or new lines.
     *
     * @throws InvalidOptionException for a pair without {@code =}
     */
    static Map<String, String> parseOptions(String text) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String pair : text.split("[,\\n]")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new InvalidOptionException("options", "'" + pair.trim() + "' is no name=value pair");
            }
            parsed.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return parsed;
    }

    private static Path path(TextField field) {
        return field.getText().isBlank() ? null : Path.of(field.getText().trim());
    }

    private static TextField field(String id, String text) {
        TextField field = new TextField(text);
        field.setId(id);
        field.setPrefColumnCount(24);
        return field;
    }
}
