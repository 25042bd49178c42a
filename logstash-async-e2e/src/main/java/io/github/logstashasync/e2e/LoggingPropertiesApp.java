package io.github.logstashasync.e2e;

import io.github.logstashasync.api.Extras;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import java.io.PrintStream;
import java.time.Duration;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * An application that knows nothing of logstash-async but what {@code logging.properties} says: it logs a few
 * events, waits until the handlers that {@link LogManager} created have sent them, prints what it saw, and closes
 * the handlers. Started by the plugin tests with {@code -Djava.util.logging.config.file=...}, on the module path
 * or the class path.
 *
 * <p>Output on standard output, one {@code key=value} per line: {@code core=} the module of the core (its name,
 * or {@code unnamed} on the class path), {@code handlers=} how many logstash handlers exist, then per handler
 * {@code flushed=} and {@code statistics=}. Exit code 0 when every event was sent, 2 without a handler, 3 when
 * the flush timed out.
 */
public final class LoggingPropertiesApp {

    /** The logger every event goes to. */
    public static final String LOGGER = "e2e.app";
    /** How long the application waits for its events to be sent. */
    public static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(20);

    private LoggingPropertiesApp() {
    }

    /**
     * Logs {@code args[0]} events (default 3), each with extras {@code seq} and {@code text}.
     *
     * @param args the number of events, optional
     */
    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        PrintStream out = System.out;
        Module core = AsynchronousLogstashHandler.class.getModule();
        out.println("core=" + (core.isNamed() ? core.getName() : "unnamed"));
        Logger logger = Logger.getLogger(LOGGER);
        for (int i = 0; i < count; i++) {
            logger.log(Level.INFO, "plugin event {0}", new Object[] {i, Extras.of("seq", i, "text", "Grüße aus der JVM")});
        }
        int handlers = 0;
        boolean allSent = true;
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            if (handler instanceof AsynchronousLogstashHandler logstash) {
                handlers++;
                boolean flushed = logstash.flush(FLUSH_TIMEOUT);
                allSent &= flushed;
                out.println("flushed=" + flushed);
                out.println("statistics=" + logstash.statistics());
            }
        }
        out.println("handlers=" + handlers);
        out.flush();
        // closes every handler, as JUL's shutdown hook would
        LogManager.getLogManager().reset();
        if (handlers == 0) {
            System.exit(2);
        }
        if (!allSent) {
            System.exit(3);
        }
    }
}
