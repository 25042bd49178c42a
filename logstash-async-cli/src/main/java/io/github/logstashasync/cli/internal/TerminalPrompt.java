package io.github.logstashasync.cli.internal;

/**
 * Asks the person at the terminal for a secret: the question and the answer go through the terminal itself, never
 * through standard output (which may be a pipe of {@code --json} or {@code --raw}) and never from a standard input
 * that is not a terminal (a file or pipe must not become a password).
 */
@FunctionalInterface
public interface TerminalPrompt {

    /**
     * Asks {@code question} and reads the answer without echo.
     *
     * @param question the text shown before the answer, e.g. {@code "Password for --password: "}
     * @return the answer without its line end (empty when the person just pressed Enter or end-of-file); null when
     *         there is no terminal to ask on
     */
    char[] readSecret(String question);

    /** The process's terminal: the console where there is one, else {@code /dev/tty}. */
    static TerminalPrompt system() {
        return new SystemTerminal();
    }
}
