package io.github.logstashasync.cli.command;

import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What the {@code queue} subcommands share: the database argument and how long to wait for its lock. */
abstract class QueueBase extends BaseCommand {

    @Parameters(index = "0", paramLabel = "DB", description = "the queue database file (ours or python-logstash-async's)")
    Path database;

    @Option(names = "--database-timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = Converters.DurationConverter.class,
            description = "how long to wait while another process holds the database's lock (default ${DEFAULT-VALUE})")
    Duration databaseTimeout;

    /** Opens the database read-only: changes nothing, blocks no writer. */
    QueueInspector openReadOnly() {
        requireFile();
        try {
            return QueueInspector.openReadOnly(database, databaseTimeout);
        } catch (QueueException e) {
            throw ioError(e);
        }
    }

    /** Opens the database for repairs (a Python database gets our extra columns, which Python ignores). */
    QueueInspector openReadWrite() {
        requireFile();
        try {
            return QueueInspector.openReadWrite(database, databaseTimeout);
        } catch (QueueException e) {
            throw ioError(e);
        }
    }

    /** What a message about a lock adds, in every command. */
    static final String LOCK_HINT = " (another process holds its lock: try again, or raise --database-timeout)";

    void requireFile() {
        if (!Files.isRegularFile(database)) {
            throw new CliException(ExitCodes.IO, "no queue database at " + database.toAbsolutePath());
        }
    }

    static CliException ioError(QueueException e) {
        return new CliException(ExitCodes.IO, e.getMessage() + (e.transientFailure() ? LOCK_HINT : ""), e);
    }
}
