package io.github.logstashasync.cli.command;

import picocli.CommandLine.Command;

/** {@code queue}: prints the help of its subcommands, which inspect, repair and drain a queue database. */
@Command(name = "queue", description = {
    "Inspect, repair and drain a queue database: ours, or one written by python-logstash-async (same event table)."})
final class QueueCommand extends BaseCommand {

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }
}
