package io.github.logstashasync.api;

/** A configuration option has a value that cannot be used; the message names the option and what it accepts. */
public class InvalidOptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String option;
    private final String detail;

    /**
     * Creates the exception.
     *
     * @param option  the option's name as the user wrote it, for example {@code flushInterval}; never null
     * @param message what is wrong and what is allowed; never null
     */
    public InvalidOptionException(String option, String message) {
        super("Invalid option '" + option + "': " + message);
        this.option = option;
        this.detail = message;
    }

    /** Returns what is wrong, without the option's name. */
    public String detail() {
        return detail;
    }

    /** Returns the name of the offending option. */
    public String option() {
        return option;
    }
}
