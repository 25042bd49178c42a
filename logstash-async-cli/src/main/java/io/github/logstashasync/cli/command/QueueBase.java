package io.github.logstashasync.cli.command;

import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
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

    /**
     * Asks {@code question} on standard error and reads the answer from the context's input; only y or yes agree.
     * No answer (end of input: a script) is no.
     */
    boolean confirm(CliContext context, String question) {
        err().print(question);
        err().flush();
        try {
            // not closed: it wraps the process's standard input
            BufferedReader reader = new BufferedReader(new InputStreamReader(context.in(), Charset.defaultCharset()));
            String answer = reader.readLine();
            if (answer == null) {
                err().println();
                return false;
            }
            String normalized = answer.strip().toLowerCase(Locale.ROOT);
            return normalized.equals("y") || normalized.equals("yes");
        } catch (IOException e) {
            return false;
        }
    }

    void requireFile() {
        if (!Files.isRegularFile(database)) {
            throw new CliException(ExitCodes.IO, "no queue database at " + database.toAbsolutePath());
        }
    }

    static CliException ioError(QueueException e) {
        return new CliException(ExitCodes.IO, e.getMessage() + (e.transientFailure() ? LOCK_HINT : ""), e);
    }
}
