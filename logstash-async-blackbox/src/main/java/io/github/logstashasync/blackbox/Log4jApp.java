package io.github.logstashasync.blackbox;

import io.github.logstashasync.log4j.LogstashAsyncAppender;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;

/**
 * An application that logs through Log4j 2, which finds its {@code log4j2.xml} itself
 * ({@code -Dlog4j2.configurationFile}): one event with ThreadContext and a marker, then Log4j is shut down, which
 * closes the appender. Prints where the appender was loaded from (its module's name, or {@code unnamed} on the
 * class path). The black-box tests run it on the module path and on the class path.
 */
public final class Log4jApp {

    private Log4jApp() {
    }

    /**
     * Logs the event and shuts Log4j down.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Module module = LogstashAsyncAppender.class.getModule();
        System.out.println("appender module: " + (module.isNamed() ? module.getName() : "unnamed"));
        Logger logger = LogManager.getLogger("blackbox.app");
        ThreadContext.put("request_id", "r-1");
        try {
            logger.warn(MarkerManager.getMarker("audit"), "hello from {}",
                    module.isNamed() ? "the module path" : "the class path");
        } finally {
            ThreadContext.remove("request_id");
        }
        LogManager.shutdown();
        System.out.println("stopped");
    }
}
