package io.github.logstashasync.cli.command;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.ErrorManager;

/**
 * Receives a handler's own error reports (connection refused, retrying, events left queued) and passes each
 * distinct one on once, so that a retry loop does not flood the terminal.
 */
final class HandlerErrors extends ErrorManager {

    private final Consumer<String> warnings;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private volatile String last;

    HandlerErrors(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    @Override
    public void error(String message, Exception exception, int code) {
        String text = message != null ? message : String.valueOf(exception);
        last = text;
        // "retrying in 400 ms (attempt 3)" differs each time: compare without the numbers
        if (seen.add(text.replaceAll("\\d+", "#"))) {
            warnings.accept(text);
        }
    }

    /** The last report, or null when there was none. */
    String last() {
        return last;
    }
}
