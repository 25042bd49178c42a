package io.github.logstashasync.cli.command;

import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
            if (json()) {
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

    /** The bytes the database takes on disk: the file and its write-ahead log, where most of a vacuum lands first. */
    private static long size(Path database) {
        long bytes = 0;
        for (Path file : List.of(database, Path.of(database + "-wal"))) {
            try {
                bytes += Files.size(file);
            } catch (IOException e) {
                // no -wal file: nothing to add
            }
        }
        return bytes;
    }
}
