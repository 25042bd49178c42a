package io.github.logstashasync.cli.command;

import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import io.github.logstashasync.cli.internal.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code queue expire DB --ttl DURATION}: expires queued events older than the TTL, counted as the handler does. */
@Command(name = "expire", description = {
    "Expire queued events older than --ttl, as a handler with eventTtl would; they are counted as expired.",
    "Asks first when every queued event would expire (--ttl 0s), unless --yes."})
final class QueueExpireCommand extends QueueBase {

    private final CliContext context;

    @Option(names = "--ttl", paramLabel = "DURATION", required = true, converter = Converters.DurationConverter.class,
            description = "the age after which queued events expire, e.g. 1h, 7d")
    Duration ttl;

    @Option(names = {"-y", "--yes"}, description = "do not ask, also when every queued event would expire")
    boolean yes;

    QueueExpireCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (QueueInspector inspector = openReadWrite()) {
            // a TTL that takes every queued event (--ttl 0s) is a purge: asked as purge asks
            long queued = inspector.stats().queued();
            long older = inspector.countQueuedByAge(Instant.now().minus(ttl))[1];
            if (!yes && queued > 0 && older == queued && !confirm(context, "Expire all " + count(queued, "queued event")
                    + " of " + inspector.path() + " (older than " + Durations.human(ttl) + ")? They will not be sent."
                    + " [y/N] ")) {
                throw new CliException(ExitCodes.ABORTED, "nothing expired (confirm with y, or pass --yes)");
            }
            int expired = inspector.expire(ttl);
            if (json()) {
                out().println(Json.pretty(Map.of("expired", expired)));
            } else {
                out().println("expired " + count(expired, "event") + " older than " + Durations.human(ttl));
            }
            out().flush();
            return ExitCodes.OK;
        } catch (QueueException e) {
            throw ioError(e);
        }
    }
}
