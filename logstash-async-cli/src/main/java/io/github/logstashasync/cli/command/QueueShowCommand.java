package io.github.logstashasync.cli.command;

import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.core.internal.queue.InspectedEvent;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code queue show DB ID}: one event, whatever its state, with its JSON indented. */
@Command(name = "show", description = {"Show one event by id, in any state, with its document indented. Read-only."})
final class QueueShowCommand extends QueueBase {

    @Parameters(index = "1", paramLabel = "ID", description = "the event's id, as 'queue list' shows it")
    long id;

    @Override
    public Integer call() {
        try (QueueInspector inspector = openReadOnly()) {
            Optional<InspectedEvent> found = inspector.show(id);
            if (found.isEmpty()) {
                throw new CliException(ExitCodes.NOT_FOUND, "no event " + id + " in " + inspector.path());
            }
            InspectedEvent event = found.get();
            if (json()) {
                out().println(Json.pretty(EventViews.asMap(event)));
            } else {
                out().println(styled("@|bold event " + event.id() + "|@") + "  " + Converters.name(event.state())
                        + ", entered " + event.entryDate() + (event.attempts() > 0 ? ", " + event.attempts()
                        + " failed attempts" : "") + (event.claimedAt() != null ? ", claimed " + event.claimedAt() : "")
                        + (event.failedDate() != null ? ", failed " + event.failedDate() : ""));
                if (event.note() != null) {
                    out().println(styled("@|faint " + (event.failedDate() != null ? "reason: " : "last error: ")
                            + "|@") + event.note());
                }
                out().println(Json.pretty(event.text()));
            }
            out().flush();
            return ExitCodes.OK;
        } catch (QueueException e) {
            throw ioError(e);
        }
    }
}
