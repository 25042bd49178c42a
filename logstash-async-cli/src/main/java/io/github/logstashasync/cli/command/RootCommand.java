package io.github.logstashasync.cli.command;

import picocli.CommandLine.Command;

/** {@code logstash-async}: the work is done by its subcommands; alone, it prints the help and exits with 2. */
@Command(name = "logstash-async",
        description = {"Ship java.util.logging events to Logstash: try it, test a receiver, inspect and drain queues.",
            "Start with: logstash-async demo"})
final class RootCommand extends BaseCommand {

    @Override
    public Integer call() {
        return missingSubcommand();
    }
}
