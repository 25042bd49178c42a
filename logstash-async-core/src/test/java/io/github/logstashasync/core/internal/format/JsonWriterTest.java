package io.github.logstashasync.core.internal.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The writer must produce exactly what the formatter wrote through Jackson's generator before (text repaired by
 * {@link Utf16#clean}, then escaped by the generator, with or without {@code ESCAPE_NON_ASCII}); Jackson is the
 * oracle here. Strings are probed where the bulk-copy fast path hands over to escaping: a special character
 * first, last, alone, and beyond the initial buffer.
 */
class JsonWriterTest {

    /** Safe printable ASCII: everything from space to DEL except the quote and the backslash, DEL included. */
    private static final String SAFE_ASCII;

    static {
        StringBuilder safe = new StringBuilder();
        for (char c = 0x20; c <= 0x7F; c++) {
            if (c != '"' && c != '\\') {
                safe.append(c);
            }
        }
        SAFE_ASCII = safe.toString();
    }

    @ParameterizedTest(name = "ensureAscii={0}")
    @ValueSource(booleans = {true, false})
    void everyCharacterAloneAndInsideTextIsWrittenAsJacksonWroteIt(boolean ensureAscii) {
        for (int c = 0; c <= 0xFFFF; c++) {
            String ch = String.valueOf((char) c);
            assertSameAsJackson(ensureAscii, ch);
            assertSameAsJackson(ensureAscii, "abc" + ch);
            assertSameAsJackson(ensureAscii, ch + "xyz");
            assertSameAsJackson(ensureAscii, "ab" + ch + "cd" + ch + "e");
        }
    }

    @ParameterizedTest(name = "ensureAscii={0}")
    @ValueSource(booleans = {true, false})
    void textAtTheBoundariesOfTheFastPathIsWrittenAsJacksonWroteIt(boolean ensureAscii) {
        assertSameAsJackson(ensureAscii, "");
        assertSameAsJackson(ensureAscii, SAFE_ASCII);
        assertSameAsJackson(ensureAscii, SAFE_ASCII + "\"");
        assertSameAsJackson(ensureAscii, "\\" + SAFE_ASCII);
        assertSameAsJackson(ensureAscii, SAFE_ASCII + "\u00E9");
        assertSameAsJackson(ensureAscii, "\u00E9" + SAFE_ASCII);
        assertSameAsJackson(ensureAscii, "x".repeat(2047) + "\n");
        assertSameAsJackson(ensureAscii, "x".repeat(5000));
        assertSameAsJackson(ensureAscii, "x".repeat(5000) + "\u0001");
        assertSameAsJackson(ensureAscii, "\u0001" + "x".repeat(5000));
        assertSameAsJackson(ensureAscii, "\u6771".repeat(3000));
        assertSameAsJackson(ensureAscii, "\u0000".repeat(3000));
        assertSameAsJackson(ensureAscii, "/ \u007F \u0080 \u00FF \u2028 \u2029 \uFEFF \uFFFD \uFFFF");
    }

    @ParameterizedTest(name = "ensureAscii={0}")
    @ValueSource(booleans = {true, false})
    void surrogatesArePairedOrReplacedAsBefore(boolean ensureAscii) {
        String[] cases = {"\uD83D\uDE00", "a\uD83D", "\uD83D", "\uDE00", "\uDE00\uD83D", "\uD83D\uD83D\uDE00",
            "\uD83D\uDE00\uDE00x", "ok \uD800\uDC00 \uDBFF\uDFFF", "\uD800\uDBFF\uDC00\uDFFF", "x".repeat(3000) + "\uD800"};
        for (String text : cases) {
            assertSameAsJackson(ensureAscii, text);
        }
        assertEquals(ensureAscii ? "\"a\\uFFFDb\"" : "\"a\uFFFDb\"", written(ensureAscii, "a\uD800b"),
                "a lone surrogate is written as U+FFFD");
    }

    @ParameterizedTest(name = "ensureAscii={0}")
    @ValueSource(booleans = {true, false})
    void randomTextIsWrittenAsJacksonWroteIt(boolean ensureAscii) {
        Random random = new Random(4711);
        char[] special = {'"', '\\', '/', '\n', '\t', '\u0000', '\u001F', '\u007F', '\u0080', '\u00E9', '\u2028',
            '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uFFFD', '\uFFFF'};
        for (int n = 0; n < 20_000; n++) {
            int length = n % 100 == 0 ? random.nextInt(6000) : random.nextInt(60);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(10);
                if (kind < 7) {
                    text.append((char) (0x20 + random.nextInt(0x60)));
                } else if (kind < 9) {
                    text.append(special[random.nextInt(special.length)]);
                } else {
                    text.append((char) random.nextInt(0x10000));
                }
            }
            assertSameAsJackson(ensureAscii, text.toString());
        }
    }

    @ParameterizedTest(name = "ensureAscii={0}")
    @ValueSource(booleans = {true, false})
    void documentsAreSeparatedAsJacksonSeparatedThem(boolean ensureAscii) throws IOException {
        JsonWriter w = new JsonWriter(ensureAscii);
        StringWriter expected = new StringWriter();
        try (JsonGenerator g = generator(ensureAscii, expected)) {
            w.startObject();
            g.writeStartObject();
            w.name("a\u00E9");
            g.writeName("a\u00E9");
            w.startArray();
            g.writeStartArray();
            for (long v : new long[] {0, -1, 7, 10, -10, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE}) {
                w.number(v);
                g.writeNumber(v);
            }
            w.startObject();
            g.writeStartObject();
            w.endObject();
            g.writeEndObject();
            w.startArray();
            g.writeStartArray();
            w.endArray();
            g.writeEndArray();
            w.nullValue();
            g.writeNull();
            w.bool(true);
            g.writeBoolean(true);
            w.bool(false);
            g.writeBoolean(false);
            w.number(Double.toString(12.75));
            g.writeNumber(12.75);
            w.endArray();
            g.writeEndArray();
            w.name(JsonWriter.encodeName("b", ensureAscii));
            g.writeName("b");
            w.rawValue("{\"c\":1}");
            g.writeRawValue("{\"c\":1}");
            w.rawFields("\"d\":2,\"e\":3".toCharArray());
            g.writeRaw(",\"d\":2,\"e\":3");
            w.name("f");
            g.writeName("f");
            char[] plain = "2016-10-23T15:11:16.853Z".toCharArray();
            w.plainString(plain, 0, plain.length);
            g.writeString(plain, 0, plain.length);
            w.endObject();
            g.writeEndObject();
        }
        assertEquals(expected.toString(), w.text(), "the same document, commas included");
        w.reset();
        w.startObject();
        w.endObject();
        assertEquals("{}", w.text(), "a reset writer starts a new document without a separator");
    }

    @org.junit.jupiter.api.Test
    void everyShortDecimalIsWrittenAsDoubleToStringWritesIt() {
        // every double the digit-by-digit path can take: m / 10^k for 0 < m < 10^7 and k <= 3, and negatives
        JsonWriter w = new JsonWriter(true);
        int written = 0;
        for (int k = 0; k <= 3; k++) {
            double scale = Math.pow(10, k);
            for (long m = 1; m < 10_000_000; m++) {
                double value = m / scale;
                w.reset();
                w.number(value);
                if (!equalsText(w, Double.toString(value))) {
                    assertEquals(Double.toString(value), w.text(), "m=" + m + ", k=" + k);
                }
                written++;
                if (m % 97 == 0) {
                    w.reset();
                    w.number(-value);
                    assertEquals(Double.toString(-value), w.text(), "negative, m=" + m + ", k=" + k);
                }
            }
        }
        assertEquals(40_000_000 - 4, written, "all values checked");
        double[] others = {0.0, -0.0, 1e-3, 9.99e-4, 1e7, 9999999.5, 0.1 + 0.2, 1.0E23, 2.82879384806159E17, 1e-7,
            Double.MIN_VALUE, Double.MAX_VALUE, 12345.6789, 0.0001, 4.35, 1.005, 123456789.0};
        for (double value : others) {
            w.reset();
            w.number(value);
            assertEquals(Double.toString(value), w.text(), "as Double.toString");
        }
    }

    @org.junit.jupiter.api.Test
    void integersAroundEveryPowerOfTenAreWrittenAsLongToStringWritesThem() {
        JsonWriter w = new JsonWriter(true);
        java.util.List<Long> values = new java.util.ArrayList<>(java.util.List.of(Long.MIN_VALUE, Long.MAX_VALUE,
                Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, 0L));
        for (long power = 1; power > 0 && power <= Long.MAX_VALUE / 10 * 10; power *= 10) {
            for (long value : new long[] {power - 1, power, power + 1}) {
                values.add(value);
                values.add(-value);
            }
            if (power > Long.MAX_VALUE / 10) {
                break;
            }
        }
        for (long value : values) {
            w.reset();
            w.number(value);
            assertEquals(Long.toString(value), w.text(), "as Long.toString");
        }
    }

    private static boolean equalsText(JsonWriter w, String expected) {
        return w.length() == expected.length() && w.text().equals(expected);
    }

    private static void assertSameAsJackson(boolean ensureAscii, String text) {
        assertEquals(jackson(ensureAscii, text), written(ensureAscii, text),
                () -> "as Jackson wrote " + describe(text) + " with ensureAscii=" + ensureAscii);
    }

    /** A string value and the same text as a field name, as the writer writes them. */
    private static String written(boolean ensureAscii, String text) {
        JsonWriter w = new JsonWriter(ensureAscii);
        w.string(text);
        String value = w.text();
        w.reset();
        w.startObject();
        w.name(text);
        w.nullValue();
        w.endObject();
        String name = w.text();
        String expectedName = "{" + value + ":null}";
        assertEquals(expectedName, name, () -> "a field name is escaped like a value: " + describe(text));
        return value;
    }

    private static String jackson(boolean ensureAscii, String text) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = generator(ensureAscii, out)) {
            g.writeString(Utf16.clean(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static JsonGenerator generator(boolean ensureAscii, StringWriter out) throws IOException {
        JsonFactoryBuilder builder = new JsonFactoryBuilder().rootValueSeparator((String) null);
        if (ensureAscii) {
            builder.enable(JsonWriteFeature.ESCAPE_NON_ASCII);
        }
        return builder.build().createGenerator(ObjectWriteContext.empty(), out);
    }

    private static String describe(String text) {
        StringBuilder codes = new StringBuilder();
        for (int i = 0; i < Math.min(text.length(), 12); i++) {
            codes.append(String.format(" %04X", (int) text.charAt(i)));
        }
        return "text of length " + text.length() + " starting" + codes;
    }
}
