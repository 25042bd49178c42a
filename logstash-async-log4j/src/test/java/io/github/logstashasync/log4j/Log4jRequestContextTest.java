package io.github.logstashasync.log4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.logstashasync.api.RequestContext;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The thread's RequestContext goes into a Log4j event's context data, under the ThreadContext. */
class Log4jRequestContextTest {

    @AfterEach
    void clear() {
        RequestContext.clear();
    }

    private static LogEvent event() {
        SortedArrayStringMap data = new SortedArrayStringMap();
        data.putValue("user", "from-thread-context");
        return Log4jLogEvent.newBuilder().setLoggerName("t").setLevel(Level.INFO).setMessage(new SimpleMessage("m"))
                .setContextData(data).build();
    }

    @Test
    void theRequestFieldsJoinTheThreadContextWhichWinsOnAClash() {
        RequestContext.Scope scope = RequestContext.open(Map.of("req_id", "r-1", "user", "from-request"));
        try {
            assertEquals(Map.of("req_id", "r-1", "user", "from-thread-context"),
                    Log4jCapture.capture(event(), false, null).context());
        } finally {
            scope.close();
        }
        assertEquals(Map.of("user", "from-thread-context"), Log4jCapture.capture(event(), false, null).context());
    }
}
