package io.github.logstashasync.cli.command;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.core.internal.queue.EventFilter;
import io.github.logstashasync.core.internal.queue.EventState;
import io.github.logstashasync.core.internal.queue.InspectedEvent;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code queue list DB}: one page of events, filtered by state, level, text and entry time. */
@Command(name = "list", description = {
    "List events, oldest first, a page at a time, filtered by state, level, text and entry time. Read-only."})
final class QueueListCommand extends QueueBase {

    @Mixin
    EventFilterOptions filters;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "skip N matching events")
    long offset;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "show at most N events (default ${DEFAULT-VALUE}, at most " + QueueInspector.MAX_PAGE + ")")
    int limit;

    @Override
    public Integer call() {
        if (offset < 0 || limit < 0) {
            throw new CliException(ExitCodes.USAGE, "--offset and --limit must be 0 or more");
        }
        if (limit > QueueInspector.MAX_PAGE) {
            throw new CliException(ExitCodes.USAGE, "--limit is at most " + QueueInspector.MAX_PAGE
                    + "; page with --offset");
        }
        EventFilter filter = filters.filter();
        try (QueueInspector inspector = openReadOnly()) {
            long total = inspector.count(filter);
            List<InspectedEvent> events = inspector.list(filter, offset, limit);
            if (json()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("total", total);
                result.put("offset", offset);
                result.put("events", events.stream().map(EventViews::asMap).toList());
                out().println(Json.pretty(result));
            } else {
                table(events, total);
            }
            out().flush();
            return ExitCodes.OK;
        } catch (QueueException e) {
            throw ioError(e);
        }
    }

    private void table(List<InspectedEvent> events, long total) {
        if (events.isEmpty()) {
            out().println(total == 0 ? "no matching events" : "no events at offset " + offset + " of " + total);
            return;
        }
        out().println(styled("@|bold " + String.format(Locale.ROOT, "%10s  %-9s  %-20s  %-8s  %s", "ID", "STATE",
                "ENTERED (UTC)", "LEVEL", "MESSAGE") + "|@"));
        for (InspectedEvent event : events) {
            JsonNode document = Json.parse(event.text());
            String entered = event.entryDate() == null ? "-" : event.entryDate().toString().replace('T', ' ')
                    .replace("Z", "");
            String stateName = Converters.name(event.state());
            String stateText = String.format(Locale.ROOT, "%-9s", stateName);
            if (event.state() == EventState.FAILED) {
                stateText = styled("@|red " + stateText + "|@");
            }
            out().println(String.format(Locale.ROOT, "%10d  ", event.id()) + stateText
                    + String.format(Locale.ROOT, "  %-20s  %-8s  %s", entered,
                    EventViews.oneLine(EventViews.level(document), 8),
                    EventViews.oneLine(EventViews.message(document, event.text()), 70)));
        }
        long last = offset + events.size();
        String footer = String.format(Locale.ROOT, "events %,d-%,d of %,d", offset + 1, last, total);
        if (last < total) {
            footer += "; next page: --offset " + last;
        }
        out().println(styled("@|faint " + footer + "|@"));
    }
}
