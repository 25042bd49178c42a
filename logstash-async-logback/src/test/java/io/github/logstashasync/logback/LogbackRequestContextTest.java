package io.github.logstashasync.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.github.logstashasync.api.RequestContext;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The thread's RequestContext goes into a Logback event's context data, under the MDC. */
class LogbackRequestContextTest {

    private final LoggerContext context = newContext();

    private static LoggerContext newContext() {
        LoggerContext context = new LoggerContext();
        // what Logback's service provider does for the context it configures
        context.setMDCAdapter(new LogbackMDCAdapter());
        return context;
    }

    @AfterEach
    void clear() {
        RequestContext.clear();
        context.getMDCAdapter().clear();
    }

    @Test
    void theRequestFieldsJoinTheMdcWhichWinsOnAClash() {
        ch.qos.logback.classic.Logger logger = context.getLogger("t");
        context.getMDCAdapter().put("user", "from-mdc");
        RequestContext.Scope scope = RequestContext.open(Map.of("req_id", "r-1", "user", "from-request"));
        try {
            LoggingEvent event = new LoggingEvent("fqcn", logger, Level.INFO, "m", null, null);
            assertEquals(Map.of("req_id", "r-1", "user", "from-mdc"),
                    new LogbackCapture(context, false, true, true, true).capture(event).context());
            LoggingEvent noMdc = new LoggingEvent("fqcn", logger, Level.INFO, "m", null, null);
            assertEquals(Map.of("req_id", "r-1", "user", "from-request"),
                    new LogbackCapture(context, false, false, true, true).capture(noMdc).context(),
                    "includeMdc=false leaves the MDC out, not the request's fields");
        } finally {
            scope.close();
        }
        LoggingEvent after = new LoggingEvent("fqcn", logger, Level.INFO, "m", null, null);
        assertEquals(Map.of("user", "from-mdc"),
                new LogbackCapture(context, false, true, true, true).capture(after).context());
    }
}
