package io.github.logstashasync.cli.command;

import io.github.logstashasync.cli.internal.Durations;
import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import io.github.logstashasync.core.internal.queue.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code queue stats DB}: counts by state, the oldest waiting event, and the queued events by age. */
@Command(name = "stats", description = {
    "Count the events by state (queued, in flight, failed, expired), those dropped or sent twice, and the"
        + " queued ones by age. Read-only."})
final class QueueStatsCommand extends QueueBase {

    @Override
    public Integer call() {
        try (QueueInspector inspector = openReadOnly()) {
            Instant now = Instant.now();
            QueueStats stats = inspector.stats();
            long[] ages = inspector.countQueuedByAge(now.minus(Duration.ofMinutes(1)), now.minus(Duration.ofHours(1)),
                    now.minus(Duration.ofDays(1)));
            Map<String, Long> byAge = new LinkedHashMap<>();
            byAge.put("lastMinute", ages[0]);
            byAge.put("lastHour", ages[1]);
            byAge.put("lastDay", ages[2]);
            byAge.put("older", ages[3]);
            if (json()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("database", inspector.path().toString());
                result.put("queued", stats.queued());
                result.put("inFlight", stats.inFlight());
                result.put("failed", stats.failed());
                result.put("expired", stats.expired());
                result.put("dropped", stats.dropped());
                result.put("sentTwice", stats.sentTwice());
                result.put("oldest", stats.oldest() == null ? null : stats.oldest().toString());
                result.put("oldestAgeSeconds", stats.oldest() == null ? null
                        : Math.max(0, Duration.between(stats.oldest(), now).getSeconds()));
                result.put("queuedByAge", byAge);
                out().println(Json.pretty(result));
            } else {
                out().println(styled("@|bold " + inspector.path() + "|@"));
                row("queued", stats.queued(), "waiting to be sent");
                row("in flight", stats.inFlight(), "claimed by a sender, not yet confirmed");
                row("failed", stats.failed(), "rejected for good; 'queue requeue' sends them again");
                row("expired", stats.expired(), "dropped by the TTL since the database was created");
                row("dropped", stats.dropped(), "lost before reaching the database (buffer full, database full,"
                        + " locked or closing), since it was created");
                row("sent twice", stats.sentTwice(), "delivered, but the delete met a lock: sent again, since created");
                out().println(stats.oldest() == null ? "  oldest      -"
                        : "  oldest      " + stats.oldest() + " (" + Durations.human(Duration.between(stats.oldest(), now))
                        + " ago)");
                out().println(String.format(Locale.ROOT, "  queued by age: %,d in the last minute, %,d in the last hour,"
                        + " %,d in the last day, %,d older", byAge.get("lastMinute"), byAge.get("lastHour"),
                        byAge.get("lastDay"), byAge.get("older")));
            }
            out().flush();
            return ExitCodes.OK;
        } catch (QueueException e) {
            throw ioError(e);
        }
    }

    private void row(String name, long value, String meaning) {
        String number = String.format(Locale.ROOT, "%,12d", value);
        boolean alarming = value > 0 && (name.equals("failed") || name.equals("dropped"));
        out().println(String.format(Locale.ROOT, "  %-10s", name) + (alarming
                ? styled("@|red " + number + "|@") : number) + styled("  @|faint " + meaning + "|@"));
    }
}
