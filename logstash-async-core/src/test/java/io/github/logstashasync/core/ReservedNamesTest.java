package io.github.logstashasync.core;

import static io.github.logstashasync.core.Events.event;
import static io.github.logstashasync.core.Events.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.core.internal.format.RuntimeInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReservedNamesTest {

    @Test
    void perCallExtraCannotReplaceALibraryFieldUnderThePrefix() {
        LogstashFormatter f = LogstashFormatter.builder().build();
        JsonNode doc = parse(f.format(event("INFO", "m", Map.of("logger_name", "mine", "message", "also mine"))));
        JsonNode extra = doc.path("extra");
        assertEquals("python-logstash-logger", extra.path("logger_name").asString(), "the library's logger_name stays");
        assertEquals("mine", extra.path("user_logger_name").asString(), "the user's value is under user_logger_name");
        assertEquals("also mine", extra.path("message").asString(),
                "'message' is only reserved at the top level, so under the prefix it keeps its name");
        assertEquals("m", doc.path("message").asString(), "the top-level message is untouched");
    }

    @Test
    void staticExtraCannotReplaceALibraryField() {
        LogstashFormatter f = LogstashFormatter.builder().putExtra("thread_name", "static").build();
        JsonNode extra = parse(f.format(event("INFO", "m"))).path("extra");
        assertEquals("main", extra.path("thread_name").asString(), "the library's thread_name stays");
        assertEquals("static", extra.path("user_thread_name").asString(), "the static value is renamed");
        JsonNode withCallExtras = parse(f.format(event("INFO", "m", Map.of("other", 1)))).path("extra");
        assertEquals("static", withCallExtras.path("user_thread_name").asString(), "also when per-call extras exist");
    }

    @Test
    void emptyPrefixReservesTheTopLevelFields() {
        LogstashFormatter f = LogstashFormatter.builder().extraPrefix("").putExtra("host", "static-host").build();
        Map<String, Object> extras = new LinkedHashMap<>();
        for (String name : new String[] {"message", "@timestamp", "level", "type", "pid", "logger_name", "extra"}) {
            extras.put(name, "user " + name);
        }
        JsonNode doc = parse(f.format(event("INFO", "the message", extras)));
        assertEquals("the message", doc.path("message").asString(), "message stays");
        assertEquals("2016-10-23T15:11:16.853Z", doc.path("@timestamp").asString(), "@timestamp stays");
        assertEquals("INFO", doc.path("level").asString(), "level stays");
        assertEquals("java-logstash", doc.path("type").asString(), "type stays");
        assertEquals(RuntimeInfo.hostName(), doc.path("host").asString(), "host stays");
        assertEquals("python-logstash-logger", doc.path("logger_name").asString(), "logger_name stays");
        for (String name : new String[] {"message", "@timestamp", "level", "type", "pid", "logger_name"}) {
            assertEquals("user " + name, doc.path("user_" + name).asString(), "user value of " + name + " renamed");
        }
        assertEquals("user extra", doc.path("extra").asString(), "'extra' is an ordinary name when the prefix is empty");
        assertEquals("static-host", doc.path("user_host").asString(), "static extra 'host' renamed");
    }

    @Test
    void renamingNeverProducesDuplicateKeys() {
        LogstashFormatter f = LogstashFormatter.builder().putExtra("user_line", "static").build();
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("line", "call line");
        extras.put("user_user_line", "call user_user_line");
        // Events.parse rejects duplicate keys
        JsonNode extra = parse(f.format(event("INFO", "m", extras))).path("extra");
        assertEquals("static", extra.path("user_line").asString(), "the static user_line keeps its name");
        assertEquals("call user_user_line", extra.path("user_user_line").asString(), "the per-call one keeps its name");
        assertEquals("call line", extra.path("user_user_user_line").asString(), "the renamed one takes a free name");
    }

    @Test
    void perCallExtraReplacesARenamedStaticOfTheSameWrittenName() {
        LogstashFormatter f = LogstashFormatter.builder().putExtra("path", "static").build();
        JsonNode extra = parse(f.format(event("INFO", "m", Map.of("path", "call")))).path("extra");
        assertEquals("call", extra.path("user_path").asString(), "the per-call value wins over the static one");
        assertTrue(extra.path("user_user_path").isMissingNode(), "and the static one is not written: " + extra);
    }
}
