package io.github.logstashasync.core;

import static io.github.logstashasync.core.LineReceiver.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class SynchronousLogstashHandlerTest {

    @Test
    void sendsEachRecordAtOnce() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            TestSupport.Errors errors = new TestSupport.Errors();
            SynchronousLogstashHandler handler = SynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).socketTimeout(Duration.ofSeconds(1)).build();
            handler.setErrorManager(errors);
            Logger logger = TestSupport.logger("sync", handler);
            logger.warning("sent synchronously");
            await(Duration.ofSeconds(5), () -> receiver.lines().size() == 1, "one line right away");
            assertEquals("sent synchronously", TestSupport.parse(receiver.lines().get(0)).get("message").asString());
            assertEquals(1, handler.sentCount());
            handler.close();
        }
    }

    @Test
    void aReceiverThatIsNotThereIsCountedAndReportedNeverThrown() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // closed again: nothing listens there now
        }
        TestSupport.Errors errors = new TestSupport.Errors();
        SynchronousLogstashHandler handler = SynchronousLogstashHandler.builder()
                .host("127.0.0.1").port(port).socketTimeout(Duration.ofSeconds(1)).build();
        handler.setErrorManager(errors);
        Logger logger = TestSupport.logger("sync-nobody", handler);
        for (int i = 0; i < 3; i++) {
            logger.warning("nobody listens " + i); // must not throw
        }
        assertEquals(3, handler.failedCount(), "every failed send is counted: " + errors.messages);
        assertEquals(0, handler.sentCount());
        assertTrue(errors.any("cannot send"), "and reported: " + errors.messages);
        handler.close();
    }
}
