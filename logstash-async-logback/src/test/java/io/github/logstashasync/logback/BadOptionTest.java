package io.github.logstashasync.logback;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.Status;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A bad option in {@code logback.xml}: Logback's status manager has an error that names the option, that appender
 * stays stopped, and the application keeps logging, without an exception, to its other appenders.
 */
class BadOptionTest {

    @AfterEach
    void stopLogback() {
        LogbackTestSupport.reset();
    }

    @Test
    void eachBadOptionIsAnErrorStatusNamingItAndTheApplicationKeepsLogging() throws Exception {
        int unusedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            unusedPort = socket.getLocalPort();
        }
        LoggerContext context = LogbackTestSupport.configure("/logback-test-bad-options.xml",
                Map.of("UNUSED_PORT", Integer.toString(unusedPort)));
        List<String> errors = LogbackTestSupport.statuses(context, Status.ERROR);
        errors.forEach(System.out::println);

        assertError(errors, "BAD_PORT", "logstash-async: option 'port': ", "notaport");
        assertError(errors, "BAD_TRANSPORT", "logstash-async: option 'transport': ", "tcp");
        assertError(errors, "BAD_DURATION", "logstash-async: option 'flushInterval': ", "soon");
        assertError(errors, "BAD_SWITCH", "logstash-async: option 'includeCallerData': ", "maybe");
        assertError(errors, "BAD_TLS", "logstash-async: option 'sslEnable': ", "logstash-async-transport-ssl");
        assertError(errors, "BAD_TRANSPORT_OPTION", "logstash-async: option 'bogus': ", "tcp");
        assertError(errors, "BAD_FORMATTER_OPTION", "logstash-async: option 'extraPrefix': ", "message");

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (String name : List.of("BAD_PORT", "BAD_TRANSPORT", "BAD_DURATION", "BAD_SWITCH", "BAD_TLS",
                "BAD_TRANSPORT_OPTION", "BAD_FORMATTER_OPTION")) {
            LogstashAppender appender = (LogstashAppender) root.getAppender(name);
            assertFalse(appender.isStarted(), name + " must not start");
            assertEquals(null, appender.pipeline(), name + " has no pipeline");
        }
        LogstashAppender http = (LogstashAppender) root.getAppender("HTTP_WITH_PATH");
        assertTrue(http.isStarted(), "an <option> the transport knows (http's path) is accepted: " + errors);
        assertEquals("/logs", http.options().get("path"));

        org.slf4j.Logger logger = LoggerFactory.getLogger("app");
        assertDoesNotThrow(() -> {
            for (int i = 0; i < 10; i++) {
                logger.info("still logging {}", i);
            }
        });
        @SuppressWarnings("unchecked")
        ListAppender<ILoggingEvent> list = (ListAppender<ILoggingEvent>) root.getAppender("LIST");
        assertEquals(10, list.list.size(), "the other appenders get every event");
        assertEquals("still logging 9", list.list.get(9).getFormattedMessage());
    }

    private static void assertError(List<String> errors, String appender, String prefix, String mention) {
        String found = null;
        for (String error : errors) {
            if (error.startsWith(prefix) && error.contains("appender '" + appender + "'")) {
                found = error;
            }
        }
        assertTrue(found != null, "an error status '" + prefix + "...' for " + appender + " expected, got " + errors);
        assertTrue(found.contains(mention), "the message should mention " + mention + ": " + found);
    }
}
