package io.github.logstashasync.cli.command;

import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code queue requeue DB (ID... | --all)}: failed events go back to the queue, in their old place. */
@Command(name = "requeue", description = {
    "Move failed events back to the queue, under their old ids (oldest first), to be sent again."})
final class QueueRequeueCommand extends QueueBase {

    @Parameters(index = "1..*", paramLabel = "ID", description = "ids of failed events")
    List<Long> ids;

    @Option(names = "--all", description = "every failed event")
    boolean all;

    @Override
    public Integer call() {
        if (all == (ids != null && !ids.isEmpty())) {
            throw new CliException(ExitCodes.USAGE, "give the ids of failed events or --all, not both or neither");
        }
        try (QueueInspector inspector = openReadWrite()) {
            int moved = all ? inspector.requeueAllFailed() : inspector.requeue(ids);
            long missing = all ? 0 : new java.util.HashSet<>(ids).size() - moved;
            if (json()) {
                out().println(Json.pretty(all ? Map.of("requeued", moved) : Map.of("requeued", moved, "notFound", missing)));
            } else {
                out().println("requeued " + count(moved, "failed event"));
            }
            out().flush();
            if (missing > 0) {
                throw new CliException(ExitCodes.NOT_FOUND, (missing == 1 ? "1 of the ids given is" : missing
                        + " of the ids given are") + " no failed event in " + inspector.path()
                        + " (see 'queue list --state failed')");
            }
            return ExitCodes.OK;
        } catch (QueueException e) {
            throw ioError(e);
        }
    }
}
