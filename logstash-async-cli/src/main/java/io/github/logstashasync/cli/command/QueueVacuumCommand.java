package io.github.logstashasync.cli.command;

import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code queue vacuum DB}: compacts the database file. */
@Command(name = "vacuum", description = {"Compact the database file (SQLite VACUUM) and show its size before and after."})
final class QueueVacuumCommand extends QueueBase {

    @Override
    public Integer call() {
        try (QueueInspector inspector = openReadWrite()) {
            long before = size(inspector.path());
            inspector.vacuum();
            long after = size(inspector.path());
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("bytesBefore", before);
                result.put("bytesAfter", after);
                out().println(Json.pretty(result));
            } else {
                out().println(String.format(Locale.ROOT, "vacuumed %s: %,d bytes before, %,d after", inspector.path(),
                        before, after));
            }
            out().flush();
            return ExitCodes.OK;
        } catch (QueueException e) {
            throw ioError(e);
        }
    }

    private static long size(Path database) {
        try {
            return Files.size(database);
        } catch (IOException e) {
            return -1;
        }
    }
}
