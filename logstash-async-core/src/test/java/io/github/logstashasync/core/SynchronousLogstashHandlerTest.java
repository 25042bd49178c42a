package io.github.logstashasync.core;

import static io.github.logstashasync.core.LineReceiver.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class SynchronousLogstashHandlerTest {

    @Test
    void sendsEachRecordAtOnceAndReportsFailuresWithoutThrowing() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            TestSupport.Errors errors = new TestSupport.Errors();
            SynchronousLogstashHandler handler = SynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).socketTimeout(Duration.ofSeconds(1)).build();
            handler.setErrorManager(errors);
            Logger logger = TestSupport.logger("sync", handler);
            logger.warning("sent synchronously");
            await(Duration.ofSeconds(5), () -> receiver.lines().size() == 1, "one line right away");
            assertEquals("sent synchronously", TestSupport.parse(receiver.lines().get(0)).get("message").asText());

            receiver.stop();
            // TCP may still take a write or two after the peer closed (the socket's limit); then sends fail
            for (int i = 0; i < 50 && handler.failedCount() == 0; i++) {
                logger.warning("nobody listens " + i); // must not throw
                Thread.sleep(20);
            }
            assertTrue(handler.failedCount() >= 1, "a failed send is counted");
            assertTrue(errors.any("cannot send"), "and reported: " + errors.messages);
            handler.close();
        }
    }
}
