package io.github.logstashasync.cli.command;

import java.util.Arrays;

/**
 * Where a password flag's value comes from, the same for every command: the flag's value ({@code --password=x});
 * the terminal, asked without echo, for the flag without a value ({@code --password}); or, when the flag is not
 * given and the command needs the password, its environment variable ({@code LOGSTASH_ASYNC_PASSWORD}). Without a
 * terminal, a flag without a value falls back to the variable, else it is an error that says what to do; an empty
 * password is always an error. Every password found is added to the run's secrets.
 */
final class Passwords {

    /**
     * What picocli gives a password flag that has no value ({@code fallbackValue}): never a password, since no one
     * types a NUL character.
     */
    static final String ASK = "\u0000ask";

    private Passwords() {
    }

    /**
     * Resolves one password.
     *
     * @param context  the terminal, the environment and the run's secrets
     * @param flag     the flag, e.g. {@code --password}, for the question and the messages
     * @param given    the flag's value: null when not given, {@link #ASK} when given without a value
     * @param variable the environment variable, e.g. {@code LOGSTASH_ASYNC_PASSWORD}
     * @param needed   whether the command uses this password (an unused variable is ignored: a
     *                 LOGSTASH_ASYNC_PASSWORD exported for an http receiver must not disturb a tcp send)
     * @return the password; null when none was given and the variable is not set or not needed
     * @throws CliException with {@link ExitCodes#USAGE} for an empty password or a question without a terminal
     */
    static String resolve(CliContext context, String flag, String given, String variable, boolean needed) {
        String password;
        if (given == null) {
            password = needed ? context.env().get(variable) : null;
            if (password != null && password.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, variable + " is set but empty; an empty password is never"
                        + " used: set it to the password, or unset it");
            }
        } else if (given.equals(ASK)) {
            password = ask(context, flag, variable);
        } else if (given.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, flag + " is empty; an empty password is never used");
        } else {
            password = given;
        }
        context.secrets().add(password);
        return password;
    }

    private static String ask(CliContext context, String flag, String variable) {
        char[] answer = context.prompt().readSecret("Password for " + flag + ": ");
        if (answer == null) {
            String fromEnvironment = context.env().get(variable);
            if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
                return fromEnvironment;
            }
            throw new CliException(ExitCodes.USAGE, flag + " has no value and there is no terminal to ask for it"
                    + " on; give " + flag + "=PASSWORD or set " + variable);
        }
        try {
            if (answer.length == 0) {
                throw new CliException(ExitCodes.USAGE, "no password entered for " + flag
                        + "; an empty password is never used");
            }
            return new String(answer);
        } finally {
            Arrays.fill(answer, '\0');
        }
    }
}
