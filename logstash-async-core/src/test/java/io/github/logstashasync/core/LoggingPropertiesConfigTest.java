package io.github.logstashasync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.api.InvalidOptionException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's fileConfig example, translated to JUL's logging.properties, configures handler and formatter. */
class LoggingPropertiesConfigTest {

    private static final String HANDLER = "io.github.logstashasync.core.AsynchronousLogstashHandler";
    private static final String FORMATTER = "io.github.logstashasync.core.LogstashFormatter";

    @TempDir
    Path dir;

    @AfterEach
    void restoreLogging() throws IOException {
        LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(
                "handlers=\n.level=INFO\n".getBytes(StandardCharsets.UTF_8)));
    }

    private static void configure(String properties) throws IOException {
        LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(properties.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSeedsFileConfigExampleWorksAsLoggingProperties() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            Path db = dir.resolve("logstash.db");
            configure(String.join("\n",
                    "handlers=" + HANDLER,
                    ".level=FINE",
                    HANDLER + ".level=FINE",
                    HANDLER + ".transport=tcp",
                    HANDLER + ".host=127.0.0.1",
                    HANDLER + ".port=" + receiver.port(),
                    HANDLER + ".enable=true",
                    HANDLER + ".databasePath=" + db,
                    HANDLER + ".flushInterval=500ms",
                    HANDLER + ".flushCount=5",
                    HANDLER + ".eventTtl=2m",
                    HANDLER + ".formatter=" + FORMATTER,
                    FORMATTER + ".messageType=format",
                    FORMATTER + ".tags=custom-tag",
                    FORMATTER + ".fqdn=true",
                    FORMATTER + ".extra={\"application\": \"example-app\", \"replicas\": 3}",
                    ""));
            Handler handler = Logger.getLogger("").getHandlers()[0];
            assertTrue(handler instanceof AsynchronousLogstashHandler, "the root logger should have our handler");
            AsynchronousLogstashHandler logstash = (AsynchronousLogstashHandler) handler;
            assertEquals(db, logstash.databasePath());
            assertEquals(Level.FINE, logstash.getLevel());
            assertTrue(logstash.getFormatter() instanceof LogstashFormatter, "formatter from the properties");

            Logger.getLogger("python-app").info("java-logstash-async: test logstash info message.");
            assertTrue(logstash.flush(Duration.ofSeconds(10)), "the event should be sent");
            LineReceiver.await(Duration.ofSeconds(5), () -> receiver.lines().size() == 1, "one line");
            JsonNode doc = TestSupport.parse(receiver.lines().get(0));
            assertEquals("format", doc.get("type").asString());
            assertEquals("custom-tag", doc.get("tags").get(0).asString());
            assertEquals("example-app", doc.get("extra").get("application").asString());
            assertEquals(3, doc.get("extra").get("replicas").asInt());
            assertTrue(Files.exists(db), "the database file should exist");
        }
    }

    @Test
    void anInvalidValueNamesTheFullKey() throws Exception {
        configure(HANDLER + ".flushInterval=soon\n");
        InvalidOptionException e = assertThrows(InvalidOptionException.class, AsynchronousLogstashHandler::new);
        assertEquals(HANDLER + ".flushInterval", e.option());
        assertTrue(e.getMessage().contains("10s"), "the message should show the accepted syntax: " + e.getMessage());
    }

    @Test
    void anUnknownTransportListsTheKnownOnes() throws Exception {
        configure(HANDLER + ".transport=smoke-signals\n");
        InvalidOptionException e = assertThrows(InvalidOptionException.class, AsynchronousLogstashHandler::new);
        assertTrue(e.getMessage().contains("smoke-signals") && e.getMessage().contains("tcp")
                && e.getMessage().contains("udp"), "unknown id and the known ones: " + e.getMessage());
    }

    @Test
    void sslWithoutTheTlsModuleNamesTheModule() throws Exception {
        configure(HANDLER + ".sslEnable=true\n" + HANDLER + ".port=5959\n");
        InvalidOptionException e = assertThrows(InvalidOptionException.class, AsynchronousLogstashHandler::new);
        assertTrue(e.getMessage().contains("io.github.logstashasync.transport.ssl"), e.getMessage());
    }

    @Test
    void unwritableAndCorruptDatabasesFailAtConfigurationNamingTheOption() throws Exception {
        Path corrupt = dir.resolve("corrupt.db");
        Files.write(corrupt, "this is not a database, just some text that is long enough to be read as a header"
                .repeat(20).getBytes(StandardCharsets.UTF_8));
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> AsynchronousLogstashHandler.builder().databasePath(corrupt).build());
        assertEquals("databasePath", e.option());
        assertTrue(e.getMessage().contains(corrupt.toString()), "the path should be named: " + e.getMessage());

        Path missing = dir.resolve("no-such-dir").resolve("x.db");
        e = assertThrows(InvalidOptionException.class, () -> AsynchronousLogstashHandler.builder().databasePath(missing)
                .build());
        assertEquals("databasePath", e.option());
    }

    @Test
    void theReadmesFormatterExampleCompilesAndApplies() throws Exception {
        LogstashFormatter formatter = LogstashFormatter.builder()
                .extra(java.util.Map.of("application", "example-app", "environment", "production")).build();
        AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder().formatter(formatter).build();
        try {
            assertTrue(handler.getFormatter() == formatter, "the formatter should be the handler's JUL formatter too");
        } finally {
            handler.close();
        }
    }
}
