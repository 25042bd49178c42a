package io.github.logstashasync.cli.command;

import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.core.internal.queue.EventState;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import io.github.logstashasync.core.internal.queue.QueueStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code queue purge DB --state STATE}: deletes events for good, after asking (or with {@code --yes}). */
@Command(name = "purge", description = {
    "Delete events for good: the queued, in-flight or failed ones, or all. Asks first unless --yes.",
    "Purging in-flight events drops what a live sender may be delivering: only for senders known to be gone."})
final class QueuePurgeCommand extends QueueBase {

    private final CliContext context;

    @Option(names = {"-s", "--state"}, paramLabel = "STATE", required = true, converter = PurgeStates.class,
            description = "queued, in-flight, failed or all")
    Selection selection;

    @Option(names = {"-y", "--yes"}, description = "do not ask")
    boolean yes;

    QueuePurgeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<EventState> states = selection.states();
        try (QueueInspector inspector = openReadWrite()) {
            QueueStats stats = inspector.stats();
            long count = 0;
            for (EventState each : states) {
                count += switch (each) {
                    case QUEUED -> stats.queued();
                    case IN_FLIGHT -> stats.inFlight();
                    case FAILED -> stats.failed();
                };
            }
            String what = states.size() == 1 ? count(count, Converters.name(states.get(0)) + " event")
                    : count(count, "event");
            if (!yes && count > 0 && !confirm(context, "Delete " + what + " from " + inspector.path() + "? This cannot be undone."
                    + " [y/N] ")) {
                throw new CliException(ExitCodes.ABORTED, "nothing deleted (confirm with y, or pass --yes)");
            }
            Map<String, Integer> deleted = new LinkedHashMap<>();
            for (EventState each : states) {
                deleted.put(Converters.name(each), inspector.purge(each));
            }
            int sum = deleted.values().stream().mapToInt(Integer::intValue).sum();
            if (json()) {
                out().println(Json.pretty(Map.of("deleted", deleted)));
            } else if (states.size() == 1) {
                out().println("deleted " + count(sum, Converters.name(states.get(0)) + " event") + " from "
                        + inspector.path());
            } else {
                List<String> parts = new ArrayList<>();
                deleted.forEach((name, n) -> parts.add(String.format(Locale.ROOT, "%,d %s", n, name)));
                out().println("deleted " + count(sum, "event") + " from " + inspector.path() + " ("
                        + String.join(", ", parts) + ")");
            }
            out().flush();
            return ExitCodes.OK;
        } catch (QueueException e) {
            throw ioError(e);
        }
    }

    /** The states that {@code --state} names: one, or all. */
    record Selection(List<EventState> states) {
    }

    /** {@code queued}, {@code in-flight}, {@code failed}, or {@code all} of them. */
    static final class PurgeStates implements ITypeConverter<Selection> {
        @Override
        public Selection convert(String value) {
            if (value.trim().equalsIgnoreCase("all")) {
                return new Selection(List.of(EventState.values()));
            }
            try {
                return new Selection(List.of(Converters.state(value)));
            } catch (TypeConversionException e) {
                throw new TypeConversionException("'" + value + "' is no state; use queued, in-flight, failed or all");
            }
        }
    }
}
