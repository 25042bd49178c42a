package io.github.logstashasync.cli.command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command shares: {@code --help}, {@code --version}, {@code --json}, and output through picocli's
 * writers (so that tests capture it) with colour only where picocli's {@code Ansi.AUTO} finds a terminal.
 */
@Command(versionProvider = VersionProvider.class, sortOptions = false, usageHelpAutoWidth = true,
        footer = ExitCodes.FOOTER)
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "print the version and exit")
    boolean version;

    @Option(names = "--json", description = "write JSON on standard output, for scripts")
    boolean json;

    /**
     * Whether JSON was asked for, on this command or on one it belongs to ({@code logstash-async --json queue stats}
     * is {@code logstash-async queue stats --json}).
     */
    boolean json() {
        for (CommandSpec each = spec; each != null; each = each.parent()) {
            if (each.userObject() instanceof BaseCommand command && command.json) {
                return true;
            }
        }
        return false;
    }

    /** Standard output. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard error. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Renders picocli markup such as {@code @|bold text|@}: styled on a terminal, plain elsewhere. */
    String styled(String markup) {
        Ansi ansi = spec.commandLine().getColorScheme().ansi();
        return ansi.string(markup);
    }

    /** {@code 1 event}, {@code 2 events}, {@code 12,345 events}: a count with its noun in the right number. */
    static String count(long n, String singular) {
        return String.format(java.util.Locale.ROOT, "%,d %s", n, n == 1 ? singular : singular + "s");
    }

    /**
     * For a command that only groups subcommands: its usage on standard error and a usage error, since a script
     * that calls it without a subcommand did not do what it meant to.
     */
    Integer missingSubcommand() {
        spec.commandLine().usage(err());
        err().flush();
        throw new CliException(ExitCodes.USAGE, "which command? give one of: "
                + String.join(", ", spec.subcommands().keySet().stream()
                        .filter(name -> !spec.subcommands().get(name).getCommandSpec().usageMessage().hidden()).toList()));
    }

    /** Prints a warning on standard error, secrets masked. */
    void warn(CliContext context, String message) {
        err().println(styled("@|yellow warning:|@ ") + context.secrets().mask(message));
        err().flush();
    }
}
