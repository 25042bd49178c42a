package io.github.logstashasync.core;

import static io.github.logstashasync.core.Events.event;
import static io.github.logstashasync.core.Events.parse;
import static io.github.logstashasync.core.Events.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.api.Extras;
import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.Severity;
import io.github.logstashasync.core.internal.format.RuntimeInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogstashEcsFormatterTest {

    private final LogstashEcsFormatter formatter = LogstashEcsFormatter.builder().build();

    @Test
    void writesEcsFieldNamesAsNestedObjects() {
        IOException cause = new IOException("reset by peer");
        IllegalStateException thrown = new IllegalStateException("request failed", cause);
        LogEvent e = new LogEvent(Events.TIME, Severity.ERROR, "SEVERE", "com.example.Web", "worker-1", 17L, "failed",
                new LogEvent.SourceLocation("com.example.Web", "get", "Web.java", 152), thrown,
                Map.of("status_code", 500));
        JsonNode doc = parse(formatter.format(e));
        assertEquals("2016-10-23T15:11:16.853Z", doc.path("@timestamp").asString(), "@timestamp");
        assertEquals("1", doc.path("@version").asString(), "@version");
        assertEquals("8.11.0", doc.at("/ecs/version").asString(), "ecs.version");
        assertEquals("java-logstash", doc.at("/event/module").asString(), "event.module is the message type");
        assertEquals(RuntimeInfo.hostName(), doc.at("/host/hostname").asString(), "host.hostname");
        assertEquals("ERROR", doc.at("/log/level").asString(), "log.level uses the mapped level name");
        assertEquals("com.example.Web", doc.at("/log/logger").asString(), "log.logger");
        assertEquals(RuntimeInfo.hostName(), doc.at("/log/syslog/hostname").asString(), "log.syslog.hostname");
        assertEquals("get", doc.at("/log/origin/function").asString(), "log.origin.function");
        assertEquals("Web.java", doc.at("/log/origin/file/name").asString(), "log.origin.file.name");
        assertEquals(152, doc.at("/log/origin/file/line").intValue(), "log.origin.file.line");
        assertEquals("failed", doc.path("message").asString(), "message");
        assertEquals(ProcessHandle.current().pid(), doc.at("/process/pid").asLong(), "process.pid");
        assertEquals(RuntimeInfo.program(), doc.at("/process/name").asString(), "process.name");
        assertEquals(RuntimeInfo.interpreter(), doc.at("/process/executable").asString(), "process.executable");
        assertEquals("worker-1", doc.at("/process/thread/name").asString(), "process.thread.name");
        assertEquals(17, doc.at("/process/thread/id").longValue(), "process.thread.id");
        assertEquals("java.lang.IllegalStateException", doc.at("/error/type").asString(), "error.type");
        assertEquals("request failed", doc.at("/error/message").asString(), "error.message");
        StringWriter expected = new StringWriter();
        thrown.printStackTrace(new PrintWriter(expected, true));
        assertEquals(expected.toString(), doc.at("/error/stack_trace").asString(), "error.stack_trace");
        assertEquals(500, doc.at("/extra/status_code").intValue(), "extras under the prefix");
        assertEquals(RuntimeInfo.interpreterVersion(), doc.at("/extra/interpreter_version").asString(),
                "interpreter_version under the prefix, as the seed's ECS formatter does");
        assertEquals(RuntimeInfo.libraryVersion(), doc.at("/extra/logstash_async_version").asString(),
                "logstash_async_version");
        assertTrue(doc.path("type").isMissingNode() && doc.path("level").isMissingNode()
                && doc.path("logger_name").isMissingNode(), "no Logstash-formatter names: " + doc);
    }

    @Test
    void omitsOriginAndErrorWhenUnknown() {
        JsonNode doc = parse(formatter.format(event("INFO", "m")));
        assertTrue(doc.at("/log/origin").isMissingNode(), "no log.origin without a source location");
        assertTrue(doc.path("error").isMissingNode(), "no error without a throwable");
        assertTrue(doc.path("tags").isMissingNode(), "no tags without tags");
    }

    @Test
    void optionsFromBuilderAndFromLoggingPropertiesUnderItsOwnClassName() {
        LogstashEcsFormatter built = LogstashEcsFormatter.builder().messageType("shop").tags("a").extraPrefix("labels")
                .putExtra("env", "prod").putMetadata("index", "ecs-logs").build();
        LogstashEcsFormatter read = new LogstashEcsFormatter(properties(LogstashEcsFormatter.class.getName(),
                "messageType", "shop", "tags", "a", "extraPrefix", "labels", "extra", "env=prod",
                "metadata", "{\"index\": \"ecs-logs\"}"));
        for (LogstashEcsFormatter f : new LogstashEcsFormatter[] {built, read}) {
            JsonNode doc = parse(f.format(event("INFO", "m")));
            assertEquals("shop", doc.at("/event/module").asString(), "messageType");
            assertEquals("[\"a\"]", doc.path("tags").toString(), "tags");
            assertEquals("prod", doc.at("/labels/env").asString(), "extraPrefix and extra");
            assertEquals("ecs-logs", doc.at("/@metadata/index").asString(), "metadata");
        }
    }

    @Test
    void emptyPrefixReservesEcsTopLevelNames() {
        LogstashEcsFormatter f = LogstashEcsFormatter.builder().extraPrefix("").build();
        JsonNode doc = parse(f.format(event("INFO", "m",
                Map.of("log", "user log", "process", "user process", "http.request.method", "GET"))));
        assertEquals("INFO", doc.at("/log/level").asString(), "the log object stays");
        assertEquals("user log", doc.path("user_log").asString(), "the user's 'log' is renamed");
        assertEquals("user process", doc.path("user_process").asString(), "the user's 'process' is renamed");
        assertEquals("GET", doc.path("http.request.method").asString(), "a dotted ECS name is written as given");
        assertEquals(RuntimeInfo.interpreterVersion(), doc.path("interpreter_version").asString(),
                "library extras at the top level");
    }

    @Test
    void extraPrefixNamingAnEcsObjectIsRejected() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> LogstashEcsFormatter.builder().extraPrefix("log").build(), "extraPrefix 'log' is rejected");
        assertEquals("extraPrefix", e.option(), "names the option");
        String key = LogstashEcsFormatter.class.getName() + ".extraPrefix";
        InvalidOptionException fromFile = assertThrows(InvalidOptionException.class, () -> new LogstashEcsFormatter(
                properties(LogstashEcsFormatter.class.getName(), "extraPrefix", "error")), "'error' is rejected");
        assertEquals(key, fromFile.option(), "names the full key");
    }

    @Test
    void julRecordEndsWithNewline() {
        LogRecord record = new LogRecord(Level.WARNING, "disk {0} full");
        record.setParameters(new Object[] {"/var", Extras.of("free", 0)});
        String line = formatter.format(record);
        assertTrue(line.endsWith("}\n"), "one document and a newline: " + line);
        JsonNode doc = parse(line);
        assertEquals("disk /var full", doc.path("message").asString(), "parameters substituted");
        assertEquals(0, doc.at("/extra/free").intValue(), "Extras parameter written");
    }
}
