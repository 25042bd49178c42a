package io.github.logstashasync.cli.command;

/** The exit codes of the {@code logstash-async} tool, documented in the README and in every command's help. */
public final class ExitCodes {

    /** Everything worked. */
    public static final int OK = 0;
    /** Some events could not be delivered ({@code send}, {@code queue flush}) or the demo received too few. */
    public static final int SEND_FAILED = 1;
    /** The command line is wrong: an unknown flag, a missing argument, an invalid value. */
    public static final int USAGE = 2;
    /** A file, database or socket could not be used: missing, unreadable, not a queue database, port in use. */
    public static final int IO = 3;
    /** The event asked for does not exist ({@code queue show}). */
    public static final int NOT_FOUND = 4;
    /** The user did not confirm ({@code queue purge} without {@code --yes}). */
    public static final int ABORTED = 5;
    /** A bug: an unexpected error; the message says what, and the stack trace follows with LOGSTASH_ASYNC_DEBUG=1. */
    public static final int INTERNAL = 70;
    /** Stopped by Ctrl-C (128 + SIGINT); a drain stopped this way can be resumed. */
    public static final int INTERRUPTED = 130;

    /** The help section that lists them. */
    static final String FOOTER = "%nExit codes: 0 ok, 1 events not delivered, 2 usage error, 3 I/O or database error,"
            + " 4 not found, 5 not confirmed, 70 internal error, 130 interrupted.";

    private ExitCodes() {
    }
}
