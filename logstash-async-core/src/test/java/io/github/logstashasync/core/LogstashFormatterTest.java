package io.github.logstashasync.core;

import static io.github.logstashasync.core.Events.TIME;
import static io.github.logstashasync.core.Events.event;
import static io.github.logstashasync.core.Events.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.api.Extras;
import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.Severity;
import io.github.logstashasync.core.internal.format.RuntimeInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogstashFormatterTest {

    private final LogstashFormatter formatter = LogstashFormatter.builder().build();

    /** The extra dict of the seed's example, as per-call extras. */
    static Map<String, Object> seedExtra() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("test_string", "python version: " + Runtime.version());
        extra.put("test_boolean", true);
        extra.put("test_dict", Map.of("a", 1, "b", "c"));
        extra.put("test_float", 1.23);
        extra.put("test_integer", 123);
        extra.put("test_list", List.of(1, 2, "3"));
        return extra;
    }

    private static LogRecord record(Level level, String message, Object... parameters) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("python-logstash-logger");
        record.setInstant(TIME);
        if (parameters.length > 0) {
            record.setParameters(parameters);
        }
        return record;
    }

    @Test
    void seedExampleErrorInfoAndWarningGiveTheSeedDocument() {
        String[][] cases = {
            {"SEVERE", "ERROR", "python-logstash-async: test logstash error message."},
            {"INFO", "INFO", "python-logstash-async: test logstash info message."},
            {"WARNING", "WARNING", "python-logstash-async: test logstash warning message."},
        };
        for (String[] c : cases) {
            String line = formatter.format(record(Level.parse(c[0]), c[2]));
            assertTrue(line.endsWith("\n"), "a JUL-formatted document ends with a newline");
            assertEquals(line.indexOf('\n'), line.length() - 1, "exactly one newline, at the end: " + line);
            JsonNode doc = parse(line);
            assertEquals("2016-10-23T15:11:16.853Z", doc.path("@timestamp").asString(), "@timestamp in UTC");
            assertEquals("1", doc.path("@version").asString(), "@version");
            assertEquals(RuntimeInfo.hostName(), doc.path("host").asString(), "host is the host name");
            assertEquals(RuntimeInfo.hostName(), doc.path("logsource").asString(), "logsource is the host");
            assertEquals(c[1], doc.path("level").asString(), "level of " + c[0]);
            assertEquals(c[2], doc.path("message").asString(), "message");
            assertEquals(ProcessHandle.current().pid(), doc.path("pid").asLong(), "pid");
            assertTrue(doc.path("pid").isIntegralNumber(), "pid is a number");
            assertEquals(RuntimeInfo.program(), doc.path("program").asString(), "program");
            assertEquals("java-logstash", doc.path("type").asString(), "type is the default message type");
            assertTrue(doc.path("tags").isMissingNode(), "no tags field without tags, as in the seed");
            assertTrue(doc.path("@metadata").isMissingNode(), "no @metadata without metadata");
            JsonNode extra = doc.path("extra");
            assertEquals("python-logstash-logger", extra.path("logger_name").asString(), "extra.logger_name");
            assertEquals(Thread.currentThread().getName(), extra.path("thread_name").asString(), "extra.thread_name");
            assertEquals(RuntimeInfo.program(), extra.path("process_name").asString(), "extra.process_name");
            assertTrue(extra.path("interpreter").asString().matches(".*[/\\\\]bin[/\\\\]java(\\.exe)?"),
                    "extra.interpreter is the JVM's java: " + extra.path("interpreter"));
            assertEquals(Runtime.version().toString(), extra.path("interpreter_version").asString(),
                    "extra.interpreter_version");
            assertEquals(RuntimeInfo.libraryVersion(), extra.path("logstash_async_version").asString(),
                    "extra.logstash_async_version");
            assertTrue(extra.path("stack_trace").isMissingNode(), "no stack trace without a throwable");
        }
    }

    @Test
    void seedExtraFieldsKeepTheirJsonTypes() {
        String line = formatter.format(record(Level.INFO, "python-logstash: test extra fields",
                Extras.from(seedExtra())));
        JsonNode extra = parse(line).path("extra");
        assertEquals("python version: " + Runtime.version(), extra.path("test_string").stringValue(), "test_string");
        assertTrue(extra.path("test_boolean").isBoolean() && extra.path("test_boolean").booleanValue(),
                "test_boolean is true");
        assertEquals(Map.of("a", 1, "b", "c"), Events.toMap(extra.path("test_dict")), "test_dict");
        assertTrue(extra.path("test_float").isFloatingPointNumber(), "test_float is a number");
        assertEquals(1.23, extra.path("test_float").doubleValue(), 0.0, "test_float");
        assertTrue(extra.path("test_integer").isInt(), "test_integer is an integer");
        assertEquals(123, extra.path("test_integer").intValue(), "test_integer");
        assertEquals("[1,2,\"3\"]", extra.path("test_list").toString(), "test_list keeps number and string items");
        assertEquals("python-logstash: test extra fields", parse(line).path("message").asString(), "message");
    }

    @Test
    void eventFormatIsOneLineWithoutTrailingNewline() {
        String doc = formatter.format(event("INFO", "line one\nline two\r\nthree"));
        assertFalse(doc.contains("\n") || doc.contains("\r"), "no raw line break in the document: " + doc);
        assertEquals("line one\nline two\r\nthree", parse(doc).path("message").asString(), "message round-trips");
    }

    @Test
    void julLevelsMapToPythonNames() {
        Map<Level, String> expected = new LinkedHashMap<>();
        expected.put(Level.SEVERE, "ERROR");
        expected.put(Level.WARNING, "WARNING");
        expected.put(Level.INFO, "INFO");
        expected.put(Level.CONFIG, "CONFIG");
        expected.put(Level.FINE, "DEBUG");
        expected.put(Level.FINER, "DEBUG");
        expected.put(Level.FINEST, "TRACE");
        expected.put(new CustomLevel("NOTICE", 850), "NOTICE");
        expected.forEach((level, name) -> assertEquals(name,
                parse(formatter.format(record(level, "m"))).path("level").asString(), "level name of " + level));
    }

    @Test
    void timestampIsUtcWithMillisecondsAndZ() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("2016-10-23T15:11:16.853999999Z", "2016-10-23T15:11:16.853Z");
        cases.put("2016-10-23T15:11:16Z", "2016-10-23T15:11:16.000Z");
        cases.put("1970-01-01T00:00:00.001Z", "1970-01-01T00:00:00.001Z");
        cases.put("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z");
        cases.put("2024-02-29T23:59:59.050Z", "2024-02-29T23:59:59.050Z");
        cases.put(Instant.MAX.toString(), "+1000000000-12-31T23:59:59.999Z");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            LogEvent e = new LogEvent(Instant.parse(c.getKey()), Severity.INFO, "INFO", "l", "t", 1, "m", null, null, null);
            String timestamp = parse(formatter.format(e)).path("@timestamp").asString();
            assertEquals(c.getValue(), timestamp, "timestamp of " + c.getKey());
        }
        // the same second twice, then another one: the per-thread cache must not return a stale prefix
        for (String t : List.of("2020-01-01T00:00:00.100Z", "2020-01-01T00:00:00.200Z", "2020-01-01T00:00:01.300Z")) {
            LogEvent e = new LogEvent(Instant.parse(t), Severity.INFO, "INFO", "l", "t", 1, "m", null, null, null);
            assertEquals(t, parse(formatter.format(e)).path("@timestamp").asString(), "timestamp " + t);
        }
    }

    @Test
    void sourceLocationFieldsWhenKnown() {
        LogEvent e = Events.withSource(event("INFO", "m"),
                new LogEvent.SourceLocation("com.example.Web", "get_response", "Web.java", 152));
        JsonNode extra = parse(formatter.format(e)).path("extra");
        assertEquals("get_response", extra.path("func_name").asString(), "func_name");
        assertEquals(152, extra.path("line").intValue(), "line");
        assertEquals("Web.java", extra.path("path").asString(), "path is the source file");
        assertEquals("com.example.Web", extra.path("class_name").asString(), "class_name");
        JsonNode without = parse(formatter.format(event("INFO", "m"))).path("extra");
        for (String field : List.of("func_name", "line", "path", "class_name")) {
            assertTrue(without.path(field).isMissingNode(), field + " absent without a source location");
        }
    }

    @Test
    void stackTraceWithCauseAndSuppressedAsPrintStackTraceGivesIt() {
        IOException cause = new IOException("disk gone");
        IllegalStateException thrown = new IllegalStateException("save failed", cause);
        thrown.addSuppressed(new IllegalArgumentException("cleanup failed"));
        StringWriter expected = new StringWriter();
        thrown.printStackTrace(new PrintWriter(expected, true));
        JsonNode extra = parse(formatter.format(Events.withThrown(event("SEVERE", "m"), thrown))).path("extra");
        assertEquals(expected.toString(), extra.path("stack_trace").asString(), "stack_trace is printStackTrace's");
        assertTrue(extra.path("stack_trace").asString().contains("Caused by: java.io.IOException: disk gone"),
                "the cause is included");
        assertTrue(extra.path("stack_trace").asString().contains("Suppressed: java.lang.IllegalArgumentException"),
                "suppressed exceptions are included");
        assertEquals("java.lang.IllegalStateException", extra.path("error_type").asString(), "error_type");
    }

    @Test
    void includeStackTraceOffKeepsErrorType() {
        LogstashFormatter f = LogstashFormatter.builder().includeStackTrace(false).build();
        JsonNode extra = parse(f.format(Events.withThrown(event("SEVERE", "m"), new IOException("x")))).path("extra");
        assertTrue(extra.path("stack_trace").isMissingNode(), "no stack_trace when includeStackTrace is off");
        assertEquals("java.io.IOException", extra.path("error_type").asString(), "error_type is still written");
    }

    @Test
    void perCallExtrasOverrideStaticOnes() {
        LogstashFormatter f = LogstashFormatter.builder()
                .putExtra("application", "shop").putExtra("environment", "production").build();
        JsonNode extra = parse(f.format(event("INFO", "m", Map.of("environment", "staging", "user_id", 42))))
                .path("extra");
        assertEquals("shop", extra.path("application").asString(), "static extra written");
        assertEquals("staging", extra.path("environment").asString(), "per-call extra replaces the static one");
        assertEquals(42, extra.path("user_id").intValue(), "per-call extra written");
        JsonNode plain = parse(f.format(event("INFO", "m"))).path("extra");
        assertEquals("production", plain.path("environment").asString(), "static extra without per-call extras");
    }

    @Test
    void formatsConcurrentlyFromSeveralThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<String> docs = new ArrayList<>();
                    for (int i = 0; i < 300; i++) {
                        docs.add(formatter.format(event("INFO", "thread " + thread + " event " + i,
                                Map.of("n", i, "thread", thread))));
                    }
                    return docs;
                }));
            }
            for (int t = 0; t < 4; t++) {
                List<String> docs = results.get(t).get(30, TimeUnit.SECONDS);
                for (int i = 0; i < docs.size(); i++) {
                    JsonNode doc = parse(docs.get(i));
                    assertEquals("thread " + t + " event " + i, doc.path("message").asString(), "message intact");
                    assertEquals(i, doc.path("extra").path("n").intValue(), "extra intact");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reentrantFormattingFromToStringKeepsBothDocumentsIntact() {
        Object logsWhileRendered = new Object() {
            @Override
            public String toString() {
                String inner = formatter.format(event("INFO", "inner"));
                return "outer sees " + parse(inner).path("message").asString();
            }
        };
        JsonNode doc = parse(formatter.format(event("INFO", "outer", Map.of("value", logsWhileRendered))));
        assertEquals("outer", doc.path("message").asString(), "outer message intact");
        assertEquals("outer sees inner", doc.path("extra").path("value").asString(), "inner document was complete");
    }

    /** A custom JUL level. */
    private static final class CustomLevel extends Level {
        private static final long serialVersionUID = 1L;

        CustomLevel(String name, int value) {
            super(name, value);
        }
    }
}
