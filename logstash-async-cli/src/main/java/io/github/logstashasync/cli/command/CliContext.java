package io.github.logstashasync.cli.command;

import io.github.logstashasync.cli.internal.Secrets;
import io.github.logstashasync.cli.internal.StopSignal;
import io.github.logstashasync.cli.internal.TerminalPrompt;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the commands take from the world besides their arguments, so that tests can pass their own: standard input
 * (for confirmations), the environment, Ctrl-C, whether a person is at a terminal, the terminal to ask for
 * passwords on, and the run's secrets.
 *
 * @param in        where confirmations are read from
 * @param env       environment variables
 * @param stops     tells long-running commands to stop
 * @param terminal  whether standard error is a terminal (a progress bar) rather than a file or pipe (plain lines)
 * @param listening told the address of each local receiver once it listens (tests use it to learn the port)
 * @param secrets   the secrets of this run, masked in every message
 * @param prompt    asks for a password given as a flag without a value
 */
public record CliContext(InputStream in, Map<String, String> env, StopSignal stops, boolean terminal,
                         Consumer<InetSocketAddress> listening, Secrets secrets, TerminalPrompt prompt) {

    /** The real world: System.in, the process environment, shutdown hooks, the console. */
    public static CliContext system() {
        return new CliContext(System.in, System.getenv(), StopSignal.jvm(), System.console() != null, address -> { },
                new Secrets(), TerminalPrompt.system());
    }
}
