package io.github.logstashasync.core.internal.queue;

import io.github.logstashasync.api.PipelineSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link SqliteFilePermissionsTest} in a JVM of another user: opens the queue database named by the first
 * argument, appends one event, and prints each warning the queue gave on a line of its own, then "done".
 */
public final class PermissionsChild {

    private PermissionsChild() {
    }

    /** Opens, appends, closes, prints the warnings. */
    public static void main(String[] args) throws Exception {
        List<String> warnings = new ArrayList<>();
        try (SqliteEventQueue queue = SqliteEventQueue.open(Path.of(args[0]), PipelineSettings.defaults(), task -> {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            return thread;
        }, warnings::add)) {
            queue.append(List.of("{\"message\":\"from another user\"}"));
        }
        for (String warning : warnings) {
            System.out.println("warning: " + warning);
        }
        System.out.println("done");
    }
}
