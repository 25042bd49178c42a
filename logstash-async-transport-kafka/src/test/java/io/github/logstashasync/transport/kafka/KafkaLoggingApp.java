package io.github.logstashasync.transport.kafka;

import io.github.logstashasync.api.Extras;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application that {@link KafkaOutageTest} kills with {@code kill -9}: logs events through the JUL handler with
 * a SQLite queue to the {@code kafka} transport, prints {@code persisted=N} once the queue holds them all, then
 * waits to be killed. It halts by itself when the test JVM goes away (its standard input closes).
 */
public final class KafkaLoggingApp {

    private KafkaLoggingApp() {
    }

    /**
     * Runs the application.
     *
     * @param args bootstrap servers, topic, database path, number of events
     * @throws Exception whatever goes wrong: the test reads it from the output
     */
    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is written; the end of the stream means the parent is gone
                }
            } catch (java.io.IOException e) {
                // the same
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        int count = Integer.parseInt(args[3]);
        AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder().transport("kafka")
                .transportOption("bootstrapServers", args[0]).transportOption("topic", args[1])
                .transportOption("deliveryTimeout", "2s").socketTimeout(Duration.ofSeconds(1))
                .databasePath(Path.of(args[2])).flushInterval(Duration.ofMillis(200))
                .retryInitialDelay(Duration.ofMillis(100)).retryMaxDelay(Duration.ofSeconds(1)).build();
        Logger logger = Logger.getLogger("app.Crash");
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        for (int i = 0; i < count; i++) {
            logger.log(Level.INFO, "crash event {0}", new Object[] {i, Extras.of("seq", i)});
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (handler.statistics().persisted() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        System.out.println("persisted=" + handler.statistics().persisted() + " sent=" + handler.statistics().sent()
                + " retries=" + handler.statistics().retries());
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
}
