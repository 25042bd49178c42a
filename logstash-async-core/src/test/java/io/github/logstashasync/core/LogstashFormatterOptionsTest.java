package io.github.logstashasync.core;

import static io.github.logstashasync.core.Events.event;
import static io.github.logstashasync.core.Events.parse;
import static io.github.logstashasync.core.Events.properties;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.core.internal.format.RuntimeInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.LogManager;
import org.junit.jupiter.api.Test;

class LogstashFormatterOptionsTest {

    private static final String PREFIX = LogstashFormatter.class.getName();
    private static final String NON_ASCII = "Grüße, 東京 ☃ 😀";

    private static JsonNode doc(LogstashFormatter f) {
        return parse(f.format(event("INFO", "m")));
    }

    private static LogstashFormatter fromProperties(String... keysAndValues) {
        return new LogstashFormatter(properties(PREFIX, keysAndValues));
    }

    @Test
    void defaultsAreTheDocumentedConstants() {
        assertEquals("java-logstash", LogstashFormatter.DEFAULT_MESSAGE_TYPE, "DEFAULT_MESSAGE_TYPE");
        assertEquals("extra", LogstashFormatter.DEFAULT_EXTRA_PREFIX, "DEFAULT_EXTRA_PREFIX");
        assertTrue(LogstashFormatter.DEFAULT_ENSURE_ASCII, "DEFAULT_ENSURE_ASCII");
        assertFalse(LogstashFormatter.DEFAULT_FQDN, "DEFAULT_FQDN");
        assertTrue(LogstashFormatter.DEFAULT_INCLUDE_STACK_TRACE, "DEFAULT_INCLUDE_STACK_TRACE");
        assertTrue(LogstashFormatter.DEFAULT_TAGS.isEmpty() && LogstashFormatter.DEFAULT_EXTRA.isEmpty()
                && LogstashFormatter.DEFAULT_METADATA.isEmpty(), "no tags, extras or metadata by default");
        JsonNode fromBuilder = doc(LogstashFormatter.builder().build());
        JsonNode fromEmptyProperties = doc(fromProperties());
        assertEquals(fromBuilder, fromEmptyProperties, "builder and logging.properties give the same defaults");
    }

    @Test
    void everyOptionFromTheBuilder() {
        LogstashFormatter f = LogstashFormatter.builder()
                .messageType("shop-backend")
                .tags("web", "eu")
                .fqdn(true)
                .extraPrefix("dev")
                .extra(Map.of("application", "shop"))
                .putExtra("replicas", 3)
                .metadata(Map.of("index", "logs-shop"))
                .ensureAscii(false)
                .includeStackTrace(false)
                .build();
        assertEveryOption(parse(f.format(Events.withThrown(event("INFO", NON_ASCII), new IllegalStateException()))),
                f.format(event("INFO", NON_ASCII)));
    }

    @Test
    void everyOptionFromLoggingProperties() {
        LogstashFormatter f = fromProperties(
                "messageType", "shop-backend",
                "tags", "web, eu",
                "fqdn", "true",
                "extraPrefix", "dev",
                "extra", "{\"application\": \"shop\", \"replicas\": 3}",
                "metadata", "index=logs-shop",
                "ensureAscii", "false",
                "includeStackTrace", "off");
        assertEveryOption(parse(f.format(Events.withThrown(event("INFO", NON_ASCII), new IllegalStateException()))),
                f.format(event("INFO", NON_ASCII)));
    }

    private static void assertEveryOption(JsonNode doc, String plainDocument) {
        assertEquals("shop-backend", doc.path("type").asString(), "messageType");
        assertEquals("[\"web\",\"eu\"]", doc.path("tags").toString(), "tags");
        assertEquals(RuntimeInfo.fqdn(), doc.path("host").asString(), "fqdn: host is the canonical name");
        assertEquals(RuntimeInfo.fqdn(), doc.path("logsource").asString(), "fqdn: logsource too");
        assertTrue(doc.path("extra").isMissingNode(), "extraPrefix: no 'extra' object");
        JsonNode extra = doc.path("dev");
        assertEquals("python-logstash-logger", extra.path("logger_name").asString(), "extraPrefix: fields under 'dev'");
        assertEquals("shop", extra.path("application").asString(), "extra: static string");
        assertEquals(3, extra.path("replicas").intValue(), "extra: static number keeps its type");
        assertEquals("logs-shop", doc.path("@metadata").path("index").asString(), "metadata");
        assertTrue(extra.path("stack_trace").isMissingNode(), "includeStackTrace off");
        assertEquals("java.lang.IllegalStateException", extra.path("error_type").asString(), "error_type still there");
        assertTrue(plainDocument.contains(NON_ASCII), "ensureAscii off: non-ASCII written as is: " + plainDocument);
    }

    @Test
    void emptyExtraPrefixInPropertiesPutsExtrasAtTopLevel() {
        LogstashFormatter f = fromProperties("extraPrefix", "", "extra", "application=shop");
        JsonNode doc = doc(f);
        assertTrue(doc.path("extra").isMissingNode(), "no extra object");
        assertEquals("python-logstash-logger", doc.path("logger_name").asString(), "logger_name at the top level");
        assertEquals("shop", doc.path("application").asString(), "static extra at the top level");
        assertEquals("shop", doc(LogstashFormatter.builder().extraPrefix("").putExtra("application", "shop").build())
                .path("application").asString(), "the builder's empty prefix does the same");
    }

    @Test
    void ensureAsciiEscapesEveryNonAsciiCharacter() {
        String ascii = LogstashFormatter.builder().build().format(event("INFO", NON_ASCII, Map.of("città", "Zürich")));
        assertTrue(ascii.chars().allMatch(c -> c < 128), "only ASCII characters in the document: " + ascii);
        assertTrue(ascii.toLowerCase().contains("\\ud83d\\ude00"), "a supplementary character is a surrogate pair escape");
        JsonNode doc = parse(ascii);
        assertEquals(NON_ASCII, doc.path("message").asString(), "the escaped message parses back to the original");
        assertEquals("Zürich", doc.path("extra").path("città").asString(), "keys and values are escaped too");
        String prefixed = LogstashFormatter.builder().extraPrefix("données").build()
                .format(event("INFO", "x", Map.of("k", "v")));
        assertTrue(prefixed.chars().allMatch(c -> c < 128), "so is a non-ASCII extraPrefix: " + prefixed);
        assertEquals("v", parse(prefixed).path("données").path("k").asString(), "and it parses back");

        String raw = LogstashFormatter.builder().ensureAscii(false).build().format(event("INFO", NON_ASCII));
        assertTrue(raw.contains(NON_ASCII), "ensureAscii off keeps the characters: " + raw);
        assertEquals(NON_ASCII, parse(raw).path("message").asString(), "and parses back to the original");
    }

    @Test
    void invalidPropertyValuesNameTheirKey() {
        Map<String, String[]> cases = Map.of(
                "fqdn", new String[] {"fqdn", "maybe"},
                "ensureAscii", new String[] {"ensureAscii", "sometimes"},
                "includeStackTrace", new String[] {"includeStackTrace", "2"},
                "extra", new String[] {"extra", "{not json"},
                "extra-pair", new String[] {"extra", "application"},
                "metadata", new String[] {"metadata", "=value"},
                "extraPrefix", new String[] {"extraPrefix", "message"});
        cases.forEach((name, keyValue) -> {
            InvalidOptionException e = assertThrows(InvalidOptionException.class,
                    () -> fromProperties(keyValue), "invalid " + name + " is rejected");
            assertEquals(PREFIX + "." + keyValue[0], e.option(), "the exception names the full key");
            assertTrue(e.getMessage().contains(PREFIX + "." + keyValue[0]), "the message names the key: "
                    + e.getMessage());
        });
    }

    @Test
    void invalidBuilderValuesNameTheOption() {
        Map<String, Supplier<LogstashFormatter.Builder>> cases = Map.of(
                "messageType", () -> LogstashFormatter.builder().messageType(null),
                "tags", () -> LogstashFormatter.builder().tags(Arrays.asList("a", null)),
                "tags...", () -> LogstashFormatter.builder().tags("a", null),
                "extra", () -> LogstashFormatter.builder().putExtra("", 1),
                "metadata", () -> LogstashFormatter.builder().putMetadata(null, 1),
                "extraPrefix", () -> LogstashFormatter.builder().extraPrefix(null));
        cases.forEach((option, setter) -> {
            InvalidOptionException e = assertThrows(InvalidOptionException.class, setter::get,
                    "invalid " + option + " is rejected");
            assertEquals(option.replace("...", ""), e.option(), "the exception names the option");
        });
        for (String topLevel : List.of("message", "@timestamp", "host", "level", "tags", "@metadata")) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class,
                    () -> LogstashFormatter.builder().extraPrefix(topLevel).build(),
                    "extraPrefix '" + topLevel + "' would duplicate a top-level field");
            assertEquals("extraPrefix", e.option(), "the exception names extraPrefix");
        }
    }

    @Test
    void noArgConstructorReadsTheLogManagerUnderItsOwnClassName() throws Exception {
        String config = PREFIX + ".messageType=from-log-manager\n"
                + PREFIX + ".tags=a,b\n"
                + PREFIX + ".extraPrefix=\n"
                + CustomFormatter.class.getName() + ".messageType=custom-subclass\n";
        LogManager manager = LogManager.getLogManager();
        try {
            manager.readConfiguration(new ByteArrayInputStream(config.getBytes(StandardCharsets.ISO_8859_1)));
            JsonNode doc = doc(new LogstashFormatter());
            assertEquals("from-log-manager", doc.path("type").asString(), "messageType from logging.properties");
            assertEquals("[\"a\",\"b\"]", doc.path("tags").toString(), "tags from logging.properties");
            assertEquals("python-logstash-logger", doc.path("logger_name").asString(), "empty extraPrefix: top level");
            assertEquals("custom-subclass", doc(new CustomFormatter()).path("type").asString(),
                    "a subclass reads the options under its own class name");
        } finally {
            // back to the test configuration (java.util.logging.config.file)
            manager.readConfiguration();
        }
        assertEquals("java-logstash", doc(new LogstashFormatter()).path("type").asString(), "configuration restored");
    }

    /** A subclass, as an application would write to configure the formatter in logging.properties. */
    public static class CustomFormatter extends LogstashFormatter {
    }
}
