package io.github.logstashasync.cli.command;

/** A failure the user can act on: a one-line message and the exit code to end with. */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * Creates the exception.
     *
     * @param exitCode one of {@link ExitCodes}
     * @param message  what went wrong and, where it helps, what to do; one line
     * @param cause    the underlying error; may be null
     */
    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Creates the exception without a cause. */
    public CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    /** The exit code to end with. */
    public int exitCode() {
        return exitCode;
    }
}
