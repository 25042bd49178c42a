package io.github.logstashasync.log4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

/** The attributes of several destinations on the Log4j 2 plugin, against two loopback receivers. */
class Log4jDestinationsTest {

    @Test
    void theDestinationsAttributeSharesTheEventsInTurnAndABadStrategyIsRefused() throws Exception {
        try (LineReceiver first = new LineReceiver(); LineReceiver second = new LineReceiver()) {
            LoggerContext context = Log4jTestSupport.start("log4j2-test-destinations.xml", Map.of(
                    "first.port", Integer.toString(first.port()), "second.port", Integer.toString(second.port())));
            try {
                LogstashAsyncAppender appender = Log4jTestSupport.appender(context, "SPREAD");
                assertEquals(List.of("127.0.0.1:" + first.port(), "127.0.0.1:" + second.port()),
                        appender.pipeline().destinations().stream().map(d -> d.destination()).toList());
                assertTrue(context.getConfiguration().getAppender("BAD") == null,
                        "connectionStrategy=fastest: the appender is not created");
                assertTrue(context.getConfiguration().getAppender("BAD_INTERVAL") == null,
                        "rotateInterval=0s: the appender is not created");
                Logger logger = context.getLogger("destinations");
                for (int i = 0; i < 10; i++) {
                    logger.info("event {}", i);
                }
                assertTrue(appender.pipeline().flush(Duration.ofSeconds(10)), "sent: " + appender.pipeline().statistics());
                LineReceiver.await(Duration.ofSeconds(5), () -> first.lines().size() + second.lines().size() == 10,
                        "10 lines");
                assertEquals(5, first.lines().size(), "one-event batches in turn: half each");
                assertEquals(5, second.lines().size(), "one-event batches in turn: half each");
            } finally {
                Log4jTestSupport.stop(context);
            }
        }
    }
}
