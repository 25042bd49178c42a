package io.github.logstashasync.cli.command;

import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.core.internal.queue.EventLines;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code queue export DB}: every matching event as a JSON line, from one snapshot of the database. */
@Command(name = "export", description = {
    "Write every matching event as a line of JSON (the queued document), oldest first. Read-only.",
    "Filters as 'queue list'. Reads one snapshot of the database, one event at a time, so a queue of millions",
    "exports without being held in memory; writers go on meanwhile. To --output FILE, else to standard output;",
    "the count goes to standard error."})
final class QueueExportCommand extends QueueBase {

    @Mixin
    EventFilterOptions filters;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "write to FILE (replaced if it exists) instead of standard output")
    Path output;

    @Override
    public Integer call() {
        if (json() && output == null) {
            throw new CliException(ExitCodes.USAGE, "--json needs --output FILE: without it standard output carries the"
                    + " events, which are JSON lines already");
        }
        try (QueueInspector inspector = openReadOnly()) {
            long written;
            if (output == null) {
                written = export(inspector, out());
                if (out().checkError()) { // a PrintWriter keeps its failures to itself
                    throw new IOException("the stream failed (a closed pipe?)");
                }
            } else {
                try (BufferedWriter writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                    written = export(inspector, writer);
                }
            }
            if (json()) {
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("exported", written);
                summary.put("output", output.toAbsolutePath().toString());
                out().println(Json.pretty(summary));
                out().flush();
            } else {
                err().println("exported " + count(written, "event") + (output == null ? "" : " to " + output));
                err().flush();
            }
            return ExitCodes.OK;
        } catch (QueueException e) {
            throw ioError(e);
        } catch (IOException | UncheckedIOException e) {
            throw new CliException(ExitCodes.IO, "cannot write " + (output == null ? "standard output" : output)
                    + ": " + e.getMessage(), e);
        }
    }

    private long export(QueueInspector inspector, Writer writer) throws QueueException, IOException {
        return inspector.forEach(filters.filter(), event -> EventLines.write(writer, event));
    }
}
