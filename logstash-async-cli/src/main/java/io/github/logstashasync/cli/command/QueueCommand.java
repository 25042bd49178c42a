package io.github.logstashasync.cli.command;

import picocli.CommandLine.Command;

/** {@code queue}: its subcommands inspect, repair and drain a queue database; alone, it prints their help and exits 2. */
@Command(name = "queue", description = {
    "Inspect, repair and drain a queue database: ours, or one written by python-logstash-async (same event table)."})
final class QueueCommand extends BaseCommand {

    @Override
    public Integer call() {
        return missingSubcommand();
    }
}
