package io.github.logstashasync.core;

import static io.github.logstashasync.core.Events.event;
import static io.github.logstashasync.core.Events.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.Severity;
import io.github.logstashasync.core.internal.format.SafeValueWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LogstashFormatterSafetyTest {

    private final LogstashFormatter formatter = LogstashFormatter.builder().build();

    private JsonNode extraOf(String name, Object value) {
        Map<String, Object> extras = new HashMap<>();
        extras.put(name, value);
        String document = formatter.format(event("INFO", "m", extras));
        assertValidUtf8SingleLine(document);
        return parse(document).path("extra").path(name);
    }

    @Test
    void aJackson2TreeIsWrittenAsItsJsonNotAsAListOfItsValues() {
        com.fasterxml.jackson.databind.node.ObjectNode tree = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("name", "caf\u00E9").put("count", 3);
        tree.putArray("tags").add("a").add(true);
        JsonNode written = extraOf("tree", tree);
        assertEquals("caf\u00E9", written.path("name").stringValue(), "an object stays an object: " + written);
        assertEquals(3, written.path("count").intValue());
        assertEquals(2, written.path("tags").size());
        assertTrue(written.path("tags").get(1).booleanValue());
    }

    private static void assertValidUtf8SingleLine(String document) {
        byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        try {
            String decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            assertEquals(document, decoded, "the document survives a UTF-8 round trip unchanged");
        } catch (CharacterCodingException e) {
            throw new AssertionError("the document is not valid UTF-8: " + Events.abbreviate(document), e);
        }
        assertFalse(document.contains("\n") || document.contains("\r"), "no raw line break in the document");
    }

    @Test
    void naturalJsonForCommonTypes() {
        assertEquals("null", extraOf("v", null).toString(), "null");
        assertEquals("\"RED\"", extraOf("v", Color.RED).toString(), "enum by name");
        assertEquals("[1,2,3]", extraOf("v", new int[] {1, 2, 3}).toString(), "int[]");
        assertEquals("[1,-2]", extraOf("v", new long[] {1, -2}).toString(), "long[]");
        assertEquals("[1.5,\"NaN\"]", extraOf("v", new double[] {1.5, Double.NaN}).toString(), "double[]");
        assertEquals("[true,false]", extraOf("v", new boolean[] {true, false}).toString(), "boolean[]");
        assertEquals("[1,-1]", extraOf("v", new byte[] {1, -1}).toString(), "byte[] as numbers");
        assertEquals("\"abc\"", extraOf("v", new char[] {'a', 'b', 'c'}).toString(), "char[] as a string");
        assertEquals("[\"a\",[1]]", extraOf("v", new Object[] {"a", new Integer[] {1}}).toString(), "Object[]");
        assertEquals("\"x\"", extraOf("v", Optional.of("x")).toString(), "Optional unwrapped");
        assertEquals("null", extraOf("v", Optional.empty()).toString(), "empty Optional is null");
        assertEquals("7", extraOf("v", OptionalInt.of(7)).toString(), "OptionalInt");
        assertEquals("\"2016-10-23T15:11:16.853Z\"", extraOf("v", Events.TIME).toString(), "Instant as ISO-8601");
        assertEquals("\"2024-02-29\"", extraOf("v", LocalDate.of(2024, 2, 29)).toString(), "LocalDate as ISO");
        assertEquals("\"2016-10-23T15:11:16.853Z\"", extraOf("v", Date.from(Events.TIME)).toString(), "Date as ISO");
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertEquals("\"" + uuid + "\"", extraOf("v", uuid).toString(), "UUID");
        assertEquals("\"a/b/c.txt\"", extraOf("v", Path.of("a", "b", "c.txt")).toString().replace('\\', '/')
                .replace("//", "/"), "Path as a string, not as an iterable of names");
        assertEquals("\"sb\"", extraOf("v", new StringBuilder("sb")).toString(), "CharSequence");
        assertEquals("\"SECONDS\"", extraOf("v", TimeUnit.SECONDS).toString(), "enum");
        Map<Object, Object> keys = new LinkedHashMap<>();
        keys.put(1, "one");
        keys.put(null, "none");
        assertEquals("{\"1\":\"one\",\"null\":\"none\"}", extraOf("v", keys).toString(), "map keys by String.valueOf");
        assertEquals("[\"a\"]", extraOf("v", Set.of("a")).toString(), "set as array");
        assertEquals("{\"a\":[1,{\"b\":null}]}", extraOf("v", Events.parse("{\"a\":[1,{\"b\":null}]}")).toString(),
                "a Jackson tree as itself");
        assertEquals("\"plain\"", extraOf("v", new Object() {
            @Override
            public String toString() {
                return "plain";
            }
        }).toString(), "anything else by toString()");
    }

    @Test
    void bigNumbersAreWrittenExactly() {
        BigDecimal decimal = new BigDecimal("12345678901234567890.123456789012345678901");
        BigInteger integer = new BigInteger("123456789012345678901234567890");
        String document = formatter.format(event("INFO", "m", Map.of("d", decimal, "i", integer, "f", 1.23f)));
        assertTrue(document.contains("\"d\":12345678901234567890.123456789012345678901"), "BigDecimal exact: " + document);
        assertTrue(document.contains("\"i\":123456789012345678901234567890"), "BigInteger exact: " + document);
        assertTrue(document.contains("\"f\":1.23"), "a float as its shortest decimal: " + document);
        parse(document);
    }

    @Test
    void nanAndInfinitiesAreStrings() {
        assertEquals("\"NaN\"", extraOf("v", Double.NaN).toString(), "NaN");
        assertEquals("\"Infinity\"", extraOf("v", Double.POSITIVE_INFINITY).toString(), "+Infinity");
        assertEquals("\"-Infinity\"", extraOf("v", Float.NEGATIVE_INFINITY).toString(), "-Infinity (float)");
        assertEquals("[\"NaN\",1.0]", extraOf("v", List.of(Float.NaN, 1.0)).toString(), "NaN inside a list");
    }

    @Test
    void throwingToStringBecomesAPlaceholder() {
        JsonNode value = extraOf("v", new Unprintable());
        assertEquals("<unserialisable " + Unprintable.class.getName()
                + ": java.lang.IllegalStateException: no text for you>", value.asString(), "placeholder");
        JsonNode inList = extraOf("v", List.of("ok", new Unprintable()));
        assertEquals("ok", inList.path(0).asString(), "siblings of the bad value are kept");
        assertTrue(inList.path(1).asString().startsWith("<unserialisable "), "the bad element is a placeholder");
        assertEquals("null", extraOf("v", new NullText()).toString(), "a null toString() is JSON null");
    }

    @Test
    void cyclesAreCutWhereTheyRepeat() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "root");
        map.put("self", map);
        assertEquals("{\"name\":\"root\",\"self\":\"<cycle>\"}", extraOf("v", map).toString(), "map in itself");

        List<Object> list = new ArrayList<>();
        list.add(1);
        list.add(list);
        assertEquals("[1,\"<cycle>\"]", extraOf("v", list).toString(), "list in itself");

        Object[] array = new Object[1];
        array[0] = array;
        assertEquals("[\"<cycle>\"]", extraOf("v", array).toString(), "array in itself");

        List<Object> shared = List.of("s");
        assertEquals("[[\"s\"],[\"s\"]]", extraOf("v", List.of(shared, shared)).toString(),
                "a value used twice, but not inside itself, is not a cycle");
    }

    @Test
    void deepNestingIsCut() {
        Object value = "bottom";
        for (int i = 0; i < 40; i++) {
            value = List.of(value);
        }
        JsonNode node = extraOf("v", value);
        int depth = 0;
        while (node.isArray()) {
            node = node.path(0);
            depth++;
        }
        assertEquals(SafeValueWriter.MAX_DEPTH, depth, "containers are written down to the limit");
        assertEquals("<too deep>", node.asString(), "and cut there");
    }

    @Test
    void loneSurrogatesBecomeReplacementCharacters() {
        String bad = "a\uD800b\uDC00c\uDBFF";
        String good = "pair \uD83D\uDE00 ok";
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("key\uDC01", bad);
        extras.put("list", List.of(bad));
        extras.put("pair", good);
        LogEvent e = new LogEvent(Events.TIME, Severity.INFO, "INFO", "logger\uD800", "thread\uDFFF", 1, bad, null, null, extras);
        for (boolean ascii : new boolean[] {true, false}) {
            String document = LogstashFormatter.builder().ensureAscii(ascii).build().format(e);
            assertValidUtf8SingleLine(document);
            JsonNode doc = parse(document);
            String repaired = "a\uFFFDb\uFFFDc\uFFFD";
            assertEquals(repaired, doc.path("message").asString(), "message repaired, ensureAscii=" + ascii);
            assertEquals(repaired, doc.path("extra").path("key\uFFFD").asString(), "key and value repaired");
            assertEquals(repaired, doc.path("extra").path("list").path(0).asString(), "nested value repaired");
            assertEquals("logger\uFFFD", doc.path("extra").path("logger_name").asString(), "logger name repaired");
            assertEquals("thread\uFFFD", doc.path("extra").path("thread_name").asString(), "thread name repaired");
            assertEquals(good, doc.path("extra").path("pair").asString(), "a well-formed pair is kept");
        }
    }

    @Test
    void hugeMessageIsFormatted() {
        StringBuilder text = new StringBuilder(10 * 1024 * 1024 + 100);
        while (text.length() < 10 * 1024 * 1024) {
            text.append("0123456789abcdef\"\\\n");
        }
        String message = text.toString();
        String document = formatter.format(event("INFO", message));
        assertEquals(message, parse(document).path("message").asString(), "the 10 MB message round-trips");
        assertEquals("small", parse(formatter.format(event("INFO", "small"))).path("message").asString(),
                "the thread's buffer works for the next event");
    }

    @Test
    void brokenContainersBecomePlaceholders() {
        Iterable<Object> failing = () -> new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                if (n++ == 2) {
                    throw new IllegalStateException("iterator broke");
                }
                return n;
            }
        };
        assertTrue(extraOf("v", failing).asString().contains("iterator broke"), "a failing iterable is a placeholder");
        Map<String, Object> failingMap = new AbstractMap<>() {
            @Override
            public Set<Entry<String, Object>> entrySet() {
                throw new UnsupportedOperationException("no entries");
            }
        };
        assertTrue(extraOf("v", failingMap).asString().contains("no entries"), "a failing map is a placeholder");
    }

    @Test
    void endlessIterableIsTruncated() {
        Iterable<Integer> endless = () -> new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return n++;
            }
        };
        JsonNode node = extraOf("v", endless);
        assertEquals(SafeValueWriter.MAX_ITERABLE_ELEMENTS + 1, node.size(), "cut after the limit");
        assertEquals(SafeValueWriter.TRUNCATED, node.path(node.size() - 1).asString(), "marked as truncated");
    }

    @Test
    void extrasMapThatFailsGivesAFallbackDocumentWithTheMessage() {
        Map<String, Object> broken = new AbstractMap<>() {
            @Override
            public Set<Entry<String, Object>> entrySet() {
                throw new IllegalStateException("extras broke");
            }

            @Override
            public boolean isEmpty() {
                return false;
            }

            @Override
            public int size() {
                return 1;
            }
        };
        JsonNode doc = parse(formatter.format(event("WARNING", "still here", broken)));
        assertEquals("still here", doc.path("message").asString(), "the message survives");
        assertEquals("WARNING", doc.path("level").asString(), "the level survives");
        assertTrue(doc.path("extra").path("format_error").asString().contains("extras broke"),
                "format_error says why: " + doc);
    }

    @Test
    void throwableWhoseMessageThrowsStillGivesAStackTrace() {
        Exception nasty = new Exception() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getMessage() {
                throw new IllegalStateException("no message");
            }
        };
        JsonNode extra = parse(formatter.format(Events.withThrown(event("SEVERE", "m"), nasty))).path("extra");
        assertTrue(extra.path("stack_trace").asString().contains("\tat "), "frames are written: " + extra);
        assertEquals(nasty.getClass().getName(), extra.path("error_type").asString(), "error_type");
    }

    @Test
    void nullMessageAndLoggerAreJsonNull() {
        LogEvent e = new LogEvent(Instant.EPOCH, Severity.INFO, "INFO", null, null, 1, null, null, null, null);
        JsonNode doc = parse(formatter.format(e));
        assertTrue(doc.path("message").isNull(), "null message");
        assertTrue(doc.path("extra").path("logger_name").isNull(), "null logger name");
    }

    private enum Color { RED }

    /** A value whose toString() throws. */
    private static final class Unprintable {
        @Override
        public String toString() {
            throw new IllegalStateException("no text for you");
        }
    }

    /** A value whose toString() returns null. */
    private static final class NullText {
        @Override
        public String toString() {
            return null;
        }
    }
}
