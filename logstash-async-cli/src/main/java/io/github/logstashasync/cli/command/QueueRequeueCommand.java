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
            if (json) {
                out().println(Json.pretty(Map.of("requeued", moved)));
            } else {
                out().println("requeued " + moved + " failed events" + (!all && moved < ids.size()
                        ? " (" + (ids.size() - moved) + " of the ids given are not failed events)" : ""));
            }
            out().flush();
            return ExitCodes.OK;
        } catch (QueueException e) {
            throw ioError(e);
        }
    }
}
