package io.github.logstashasync.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** {@code <destination>} elements and the strategy options in {@code logback.xml}, against two loopback receivers. */
class LogbackDestinationsTest {

    @AfterEach
    void stopLogback() {
        LogbackTestSupport.reset();
    }

    @Test
    void repeatedDestinationElementsShareTheEventsInTurn() throws Exception {
        try (LineReceiver first = new LineReceiver(); LineReceiver second = new LineReceiver()) {
            LoggerContext context = LogbackTestSupport.configure("/logback-test-destinations.xml", Map.of(
                    "FIRST_PORT", Integer.toString(first.port()), "SECOND_PORT", Integer.toString(second.port())));
            LogstashAppender appender = LogbackTestSupport.appender(context, "SPREAD");
            assertTrue(appender.isStarted(), "started: " + LogbackTestSupport.statuses(context, Status.WARN));
            assertEquals(List.of("127.0.0.1:" + first.port(), "127.0.0.1:" + second.port()),
                    appender.pipeline().destinations().stream().map(d -> d.destination()).toList());
            Logger logger = context.getLogger("destinations");
            for (int i = 0; i < 10; i++) {
                logger.info("event {}", i);
            }
            assertTrue(appender.flush(Duration.ofSeconds(10)), "sent: " + appender.pipeline().statistics());
            LineReceiver.await(Duration.ofSeconds(5), () -> first.lines().size() + second.lines().size() == 10, "10 lines");
            assertEquals(5, first.lines().size(), "one-event batches in turn: half each");
            assertEquals(5, second.lines().size(), "one-event batches in turn: half each");

            LogstashAppender bad = LogbackTestSupport.appender(context, "BAD_ROTATE");
            assertFalse(bad.isStarted(), "a bad rotateEvery keeps the appender stopped");
            List<String> errors = LogbackTestSupport.statuses(context, Status.ERROR);
            assertTrue(errors.stream().anyMatch(m -> m.startsWith("logstash-async: option 'rotateEvery': 0 is out of range")),
                    errors.toString());
            assertFalse(LogbackTestSupport.appender(context, "BAD_INTERVAL").isStarted(), "a bad rotateInterval too");
            assertTrue(errors.stream().anyMatch(m -> m.startsWith("logstash-async: option 'rotateInterval': PT0S must be"
                    + " positive")), errors.toString());
        }
    }
}
