package io.github.logstashasync.e2e;

import io.github.logstashasync.api.spi.EventFormatter;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import io.github.logstashasync.core.LogstashFormatter;
import java.nio.file.Path;
import java.time.Duration;

/** Handlers as the end-to-end tests configure them: a SQLite queue, short timers, a recording error manager. */
final class TestHandlers {

    /** How long a test waits for a flush that should succeed. */
    static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(20);

    private TestHandlers() {
    }

    /**
     * A builder for {@code transport} to the loopback {@code port} with a SQLite queue at {@code database}, flushing
     * and retrying quickly, closing within 1 s (a refused test's events stay queued).
     */
    static AsynchronousLogstashHandler.Builder builder(String transport, int port, Path database,
            LogstashFormatter formatter) {
        return AsynchronousLogstashHandler.builder()
                .host(Receivers.LOOPBACK).port(port).transport(transport)
                .databasePath(database)
                // LogstashFormatter is both an EventFormatter and a JUL Formatter: the cast picks the overload
                .formatter((EventFormatter) formatter)
                .flushInterval(Duration.ofMillis(200))
                .queueCheckInterval(Duration.ofMillis(500))
                .retryInitialDelay(Duration.ofMillis(50))
                .retryMaxDelay(Duration.ofMillis(500))
                .socketTimeout(Duration.ofSeconds(3))
                .socketCloseWait(Duration.ofMillis(500))
                .shutdownTimeout(Duration.ofSeconds(1));
    }

    /** Builds the handler and gives it a {@link RecordingErrorManager}. */
    static AsynchronousLogstashHandler build(AsynchronousLogstashHandler.Builder builder, RecordingErrorManager errors) {
        AsynchronousLogstashHandler handler = builder.build();
        handler.setErrorManager(errors);
        return handler;
    }
}
