package io.github.logstashasync.core;

import io.github.logstashasync.api.Extras;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The child JVM of {@link CrashRecoveryTest}: {@code log DB PORT COUNT} logs COUNT numbered events and then
 * waits to be killed; {@code drain DB PORT} only starts a handler on the database and sends its backlog.
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                .host("127.0.0.1").port(port).databasePath(db).claimLease(Duration.ofSeconds(1))
                .retryMaxDelay(Duration.ofSeconds(1)).build();
        Logger logger = Logger.getLogger("crash");
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        if (args[0].equals("log")) {
            int count = Integer.parseInt(args[3]);
            for (int i = 0; i < count; i++) {
                logger.log(Level.INFO, "crash test event", Extras.of("seq", i));
                if (i % 10_000 == 0) {
                    System.out.println("logged " + i);
                    System.out.flush();
                }
            }
            System.out.println("done");
            System.out.flush();
            Thread.sleep(60_000);
        } else {
            // claims left by the killed process expire after the 1 s lease, then the backlog goes out
            Thread.sleep(1_200);
            boolean sent = handler.flush(Duration.ofSeconds(60));
            System.out.println(sent ? "drained" : "not drained");
            handler.close();
        }
    }
}
