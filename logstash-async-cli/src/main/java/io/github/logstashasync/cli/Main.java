package io.github.logstashasync.cli;

import io.github.logstashasync.cli.command.CliContext;
import io.github.logstashasync.cli.command.Commands;

/** Runs the {@code logstash-async} tool; the only place that ends the process. */
public final class Main {

    private Main() {
    }

    /**
     * Runs the tool and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // kafka-clients (the transport kafka) logs through SLF4J, and the tool brings no SLF4J binding: without this
        // SLF4J prints three lines "No SLF4J providers were found" on standard error; the tool reports the
        // transport's failures itself. A user's -Dslf4j.internal.verbosity=... still wins.
        System.getProperties().putIfAbsent("slf4j.internal.verbosity", "ERROR");
        System.exit(run(args));
    }

    /** Runs the tool in this process and returns the exit code. */
    static int run(String[] args) {
        return Commands.commandLine(CliContext.system()).execute(args);
    }
}
