package io.github.logstashasync.logback;

import ch.qos.logback.classic.LoggerContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child JVM of {@link LogbackCrashRecoveryTest}, configured by Logback itself from the file named by
 * {@code -Dlogback.configurationFile}. {@code log N}: logs N events with an SLF4J 2 key-value {@code seq},
 * printing {@code logged K} every 10,000, until it is killed. {@code drain}: starts on the same database, sends
 * the backlog, prints {@code drained} once nothing is pending, and stops Logback.
 */
public final class LogbackCrashChild {

    private LogbackCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Logger logger = LoggerFactory.getLogger("crash");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogstashAppender appender = (LogstashAppender) context.getLogger(Logger.ROOT_LOGGER_NAME)
                .getAppender("LOGSTASH");
        if (appender == null || !appender.isStarted()) {
            System.out.println("the appender did not start: " + context.getStatusManager().getCopyOfStatusList());
            System.exit(2);
        }
        if (args[0].equals("log")) {
            int count = Integer.parseInt(args[1]);
            for (int i = 0; i < count; i++) {
                logger.atInfo().addKeyValue("seq", i).log("crash event {}", i);
                if (i % 10_000 == 0) {
                    System.out.println("logged " + i);
                    System.out.flush();
                }
            }
            System.out.println("logged all");
            Thread.sleep(60_000); // the parent kills this JVM before
        } else {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (appender.pipeline().statistics().pending() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            System.out.println(appender.pipeline().statistics().pending() == 0 ? "drained" : "not drained: "
                    + appender.pipeline().statistics());
            context.stop();
        }
    }
}
