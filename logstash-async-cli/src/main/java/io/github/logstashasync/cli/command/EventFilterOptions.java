package io.github.logstashasync.cli.command;

import io.github.logstashasync.core.internal.queue.EventFilter;
import io.github.logstashasync.core.internal.queue.EventState;
import java.time.Instant;
import picocli.CommandLine.Option;

/** The event filter of {@code queue list} and {@code queue export}: state, level, text and entry time. */
final class EventFilterOptions {

    @Option(names = {"-s", "--state"}, paramLabel = "STATE", converter = Converters.StateConverter.class,
            completionCandidates = Converters.StateNames.class, description = "only events in this state: "
            + "${COMPLETION-CANDIDATES} (default: all)")
    EventState state;

    @Option(names = {"-l", "--level"}, paramLabel = "TEXT", description = "only events whose level contains TEXT "
            + "(ignoring case), e.g. error")
    String level;

    @Option(names = {"-t", "--text"}, paramLabel = "TEXT", description = "only events whose JSON contains TEXT "
            + "(ignoring case)")
    String text;

    @Option(names = "--since", paramLabel = "TIME", converter = Converters.InstantConverter.class,
            description = "only events queued at or after TIME: 2024-05-01T10:00:00Z, '2024-05-01 10:00:00' (UTC), "
                    + "2024-05-01, or an age such as 2h")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = Converters.InstantConverter.class,
            description = "only events queued before TIME")
    Instant until;

    /** Returns the filter the options describe. */
    EventFilter filter() {
        return new EventFilter(state, level, text, since, until);
    }
}
