package io.github.logstashasync.cli.command;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.ErrorManager;
import java.util.regex.Pattern;

/**
 * Receives a handler's own error reports (connection refused, retrying, events left queued) and passes each
 * distinct one on once, so that a retry loop does not flood the terminal.
 */
final class HandlerErrors extends ErrorManager {

    /** A report whose cause is another process's lock on the database ("locked", "holds its lock", not "block"). */
    private static final Pattern LOCK = Pattern.compile("\\block(ed)?\\b");

    /** The lock hint of a report that the handler goes on from: it tries again by itself. */
    static final String RETRY_HINT = " (raise --database-timeout to wait longer each time)";

    private final Consumer<String> warnings;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private volatile String last;

    HandlerErrors(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    @Override
    public void error(String message, Exception exception, int code) {
        String text = message != null ? message : String.valueOf(exception);
        text = withLockHint(text);
        last = text;
        // "retrying in 400 ms (attempt 3)" differs each time: compare without the numbers
        if (seen.add(text.replaceAll("\\d+", "#"))) {
            warnings.accept(text);
        }
    }

    /** {@code text} with the hint every command gives where another process's lock is the cause. */
    static String withLockHint(String text) {
        return LOCK.matcher(text).find() && !text.contains("--database-timeout") ? text + RETRY_HINT : text;
    }

    /** The last report, or null when there was none. */
    String last() {
        return last;
    }
}
