package io.github.logstashasync.blackbox;

import ch.qos.logback.classic.LoggerContext;
import io.github.logstashasync.logback.LogstashAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/**
 * An application that logs through SLF4J onto Logback, which finds its {@code logback.xml} itself
 * ({@code -Dlogback.configurationFile}): one event with MDC, a key-value pair and a marker, then Logback is
 * stopped, which flushes and closes the appender. Prints where the appender was loaded from (its module's name,
 * or {@code unnamed} on the class path). The black-box tests run it on the module path and on the class path.
 */
public final class LogbackApp {

    private LogbackApp() {
    }

    /**
     * Logs the event and stops Logback.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Module module = LogstashAppender.class.getModule();
        System.out.println("appender module: " + (module.isNamed() ? module.getName() : "unnamed"));
        Logger logger = LoggerFactory.getLogger("blackbox.app");
        MDC.put("request_id", "r-1");
        try {
            logger.atWarn().addMarker(MarkerFactory.getMarker("audit")).addKeyValue("order_id", 42)
                    .log("hello from {}", module.isNamed() ? "the module path" : "the class path");
        } finally {
            MDC.remove("request_id");
        }
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
        System.out.println("stopped");
    }
}
