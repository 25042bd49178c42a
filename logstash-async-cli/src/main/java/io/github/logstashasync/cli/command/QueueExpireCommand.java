package io.github.logstashasync.cli.command;

import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code queue expire DB --ttl DURATION}: expires queued events older than the TTL, counted as the handler does. */
@Command(name = "expire", description = {
    "Expire queued events older than --ttl, as a handler with eventTtl would; they are counted as expired."})
final class QueueExpireCommand extends QueueBase {

    @Option(names = "--ttl", paramLabel = "DURATION", required = true, converter = Converters.DurationConverter.class,
            description = "the age after which queued events expire, e.g. 1h, 7d")
    Duration ttl;

    @Override
    public Integer call() {
        try (QueueInspector inspector = openReadWrite()) {
            int expired = inspector.expire(ttl);
            if (json()) {
                out().println(Json.pretty(Map.of("expired", expired)));
            } else {
                out().println("expired " + expired + " events older than " + ttl.toString().substring(2).toLowerCase(
                        java.util.Locale.ROOT));
            }
            out().flush();
            return ExitCodes.OK;
        } catch (QueueException e) {
            throw ioError(e);
        }
    }
}
