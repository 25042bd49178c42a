package io.github.logstashasync.log4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLogger;
import org.apache.logging.log4j.core.async.AsyncLoggerConfig;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.junit.jupiter.api.Test;

/**
 * The appender behind Log4j's async loggers (issue 11, item 3): an {@code <AsyncLogger>}, or every logger of an
 * {@code AsyncLoggerContext} (what {@code AsyncLoggerContextSelector} creates), hands each event to the LMAX
 * disruptor's thread, which calls the appender; the ThreadContext snapshot Log4j took on the caller's thread
 * arrives, not the value the caller set right after, and the caller's location is kept when asked for.
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
                String message = doc.get("message").asString();
                String n = message.substring("async event ".length());
                assertEquals("r-" + n, doc.get("extra").get("request_id").asString(),
                        "the ThreadContext of the log call: " + doc);
                assertTrue(!doc.get("extra").get("thread_name").asString().isEmpty(), "a thread name: " + doc);
                assertEquals("async", doc.get("extra").get("logger_name").asString(), "the logger: " + doc);
                assertEquals("anAsyncLoggerKeepsTheCallersThreadContextAndLocation",
                        doc.get("extra").get("func_name").asString(), "the caller's method, found on its thread: " + doc);
            }
        }
    }

    @Test
    void allAsyncLoggersKeepTheCallersThreadContext() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            String file = "log4j2-test-all-async.xml";
            AsyncLoggerContext context = Log4jTestSupport.start(
                    new AsyncLoggerContext(file, null, Log4jTestSupport.resource(file)),
                    Map.of("logstash.port", Integer.toString(receiver.port())));
            try {
                Logger logger = context.getLogger("all.async");
                assertTrue(logger instanceof AsyncLogger, "every logger is an async one: " + logger.getClass());
                for (int i = 0; i < 100; i++) {
                    ThreadContext.put("request_id", "r-" + i);
                    ThreadContext.put("user", "u-" + (i % 7));
                    logger.info("all async {}", i);
                    ThreadContext.put("request_id", "changed after the call");
                    ThreadContext.remove("user");
                }
                ThreadContext.clearMap();
                LineReceiver.await(Duration.ofSeconds(10), () -> receiver.lines().size() >= 100, "100 documents");
            } finally {
                Log4jTestSupport.stop(context);
            }
            List<JsonNode> docs = Log4jTestSupport.parseAll(receiver.lines());
            assertEquals(100, docs.size(), "each event once");
            String caller = Thread.currentThread().getName();
            for (JsonNode doc : docs) {
                int n = Integer.parseInt(doc.get("message").asString().substring("all async ".length()));
                JsonNode extra = doc.get("extra");
                assertEquals("r-" + n, extra.get("request_id").asString(), "the ThreadContext of the log call: " + doc);
                assertEquals("u-" + (n % 7), extra.get("user").asString(), "removed only after the call: " + doc);
                assertEquals(caller, extra.get("thread_name").asString(), "the caller's thread, not Log4j's: " + doc);
                assertEquals("all.async", extra.get("logger_name").asString());
            }
        }
    }
}
