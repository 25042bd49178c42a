package io.github.logstashasync.log4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerConfig;
import org.junit.jupiter.api.Test;

/**
 * The appender behind Log4j's async loggers (issue 11, item 3): an {@code <AsyncLogger>} hands each event to the
 * LMAX disruptor's thread, which calls the appender; the ThreadContext snapshot Log4j took on the caller's thread
 * arrives, not the value the caller set right after, and the caller's location is kept (the appender asks for it).
 */
class Log4jAsyncLoggerTest {

    @Test
    void anAsyncLoggerKeepsTheCallersThreadContextAndLocation() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            LoggerContext context = Log4jTestSupport.start("log4j2-test-async.xml",
                    Map.of("logstash.port", Integer.toString(receiver.port())));
            try {
                assertTrue(context.getConfiguration().getLoggerConfig("async") instanceof AsyncLoggerConfig,
                        "the logger is an async one: " + context.getConfiguration().getLoggerConfig("async"));
                Logger logger = context.getLogger("async");
                for (int i = 0; i < 100; i++) {
                    ThreadContext.put("request_id", "r-" + i);
                    logger.info("async event {}", i);
                    ThreadContext.put("request_id", "changed after the call");
                }
                ThreadContext.clearMap();
                LineReceiver.await(Duration.ofSeconds(10), () -> receiver.lines().size() >= 100, "100 documents");
            } finally {
                Log4jTestSupport.stop(context);
            }
            List<JsonNode> docs = Log4jTestSupport.parseAll(receiver.lines());
            assertEquals(100, docs.size(), "each event once");
            for (JsonNode doc : docs) {
                String message = doc.get("message").asText();
                String n = message.substring("async event ".length());
                assertEquals("r-" + n, doc.get("extra").get("request_id").asText(),
                        "the ThreadContext of the log call: " + doc);
                assertTrue(!doc.get("extra").get("thread_name").asText().isEmpty(), "a thread name: " + doc);
                assertEquals("async", doc.get("extra").get("logger_name").asText(), "the logger: " + doc);
                assertEquals("anAsyncLoggerKeepsTheCallersThreadContextAndLocation",
                        doc.get("extra").get("func_name").asText(), "the caller's method, found on its thread: " + doc);
            }
        }
    }
}
