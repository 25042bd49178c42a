package io.github.logstashasync.log4j;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

/**
 * A bad option in {@code log4j2.xml} (issue 11, item 3): Log4j's StatusLogger gets an error that names the
 * option, that appender is left out, and the application goes on logging (to the good appender) without an
 * exception.
 */
class Log4jBadOptionTest {

    @Test
    void eachBadOptionIsAnErrorNamingItAndTheApplicationKeepsLogging() throws Exception {
        try (LineReceiver receiver = new LineReceiver();
                Log4jTestSupport.StatusCapture status = new Log4jTestSupport.StatusCapture()) {
            LoggerContext context = Log4jTestSupport.start("log4j2-test-bad.xml",
                    Map.of("logstash.port", Integer.toString(receiver.port())));
            try {
                Logger logger = context.getLogger("bad");
                assertDoesNotThrow(() -> {
                    ThreadContext.put("request_id", "r-1");
                    try {
                        logger.info("still logging");
                        logger.error("with an exception", new IllegalStateException("boom"));
                    } finally {
                        ThreadContext.clearMap();
                    }
                }, "a log call never throws, whatever the configuration's mistakes");
                LineReceiver.await(Duration.ofSeconds(10), () -> receiver.lines().size() >= 2,
                        "the good appender sends the events");
            } finally {
                Log4jTestSupport.stop(context);
            }
            List<String> errors = status.errors();
            assertError(errors, "'port'", "notaport");
            assertError(errors, "'port'", "99999");
            assertError(errors, "'overflowPolicy'", "nonsense");
            assertError(errors, "'flushInterval'", "soon");
            assertEquals(2, receiver.lines().size(), "each event once, from the good appender: " + receiver.lines());
            assertTrue(receiver.lines().get(0).contains("still logging"));
            assertTrue(receiver.lines().get(1).contains("with an exception"));
            for (String bad : List.of("BAD_PORT", "BAD_RANGE", "BAD_POLICY", "BAD_DURATION")) {
                assertNull(context.getConfiguration().getAppender(bad), "the bad appender " + bad + " is left out");
            }
        }
    }

    private static void assertError(List<String> errors, String option, String value) {
        assertTrue(errors.stream().anyMatch(e -> e.contains(option) && e.contains(value)),
                "an error naming option " + option + " and value " + value + "; errors: " + errors);
    }
}
