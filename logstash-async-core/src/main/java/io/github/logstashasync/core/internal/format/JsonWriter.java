package io.github.logstashasync.core.internal.format;

import java.util.Arrays;

/**
 * Writes one JSON document at a time into a {@code char[]} that is reused for every event of one thread, with
 * the escaping of Jackson's generator: the short escapes for quote, backslash, backspace, tab, newline, form feed
 * and carriage return, every other control character as a six-character hex escape (upper-case hex), {@code /}
 * and DEL as they are; lone UTF-16 surrogates become U+FFFD as {@link Utf16#clean} does. With
 * {@code ensureAscii} every non-ASCII character is written as a hex escape (a surrogate pair as two), otherwise
 * as it is.
 *
 * <p>Why not Jackson's generator: formatting is the largest per-event cost of the pipeline, and with
 * {@code ESCAPE_NON_ASCII} the generator checks and copies text one character at a time. Here a string is
 * copied in bulk first and only scanned; nearly every string of a log event needs no escaping at all, and one
 * that does is escaped from its first special character on. Commas are placed by one flag instead of a
 * context stack: the callers write well-formed documents, so "a value or field was written last" is all
 * that decides. A buffer grown by a huge event is dropped afterwards so that it does not stay allocated.
 *
 * <p>One instance per thread: not thread-safe.
 */
public final class JsonWriter {

    private static final int INITIAL_CAPACITY = 2048;
    /** Beyond this many characters the buffer is not kept for the next event. */
    private static final int MAX_RETAINED_CAPACITY = 256 * 1024;
    /** The most significant digits of a double that {@link #number(double)} writes without Double.toString. */
    static final int MAX_SHORT_DECIMAL_DIGITS = 7;
    private static final double SHORT_DECIMAL_LIMIT = 1e7;
    /** The powers of ten by which a short decimal is scaled to an integer: up to three digits after the point. */
    private static final double[] DECIMAL_SCALES = {1, 10, 100, 1000};
    /** 10^0 to 10^18: a long has at most 19 digits. */
    private static final long[] POWERS_OF_TEN = new long[19];
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final char[] TRUE = "true".toCharArray();
    private static final char[] FALSE = "false".toCharArray();
    private static final char[] NULL = "null".toCharArray();
    private static final char[] LONG_MIN = Long.toString(Long.MIN_VALUE).toCharArray();
    /** Per ASCII character: 0 when written as it is, else the letter after the backslash ('u' for a hex escape). */
    private static final byte[] ESCAPES = new byte[128];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    private boolean ensureAscii;
    private char[] buffer = new char[INITIAL_CAPACITY];
    private int length;
    /** A value or a field was written last in the current container, so the next one needs a comma. */
    private boolean comma;

    /** Creates a writer; {@code ensureAscii} escapes every non-ASCII character. */
    public JsonWriter(boolean ensureAscii) {
        this.ensureAscii = ensureAscii;
    }

    /** Whether this writer escapes every non-ASCII character. */
    public boolean ensureAscii() {
        return ensureAscii;
    }

    /** Returns {@code "name":} encoded with the given escaping, for {@link #name(char[])}. */
    public static char[] encodeName(String name, boolean ensureAscii) {
        JsonWriter w = new JsonWriter(ensureAscii);
        w.name(name);
        return Arrays.copyOf(w.buffer, w.length);
    }

    /** Opens an object. */
    public void startObject() {
        separate();
        append('{');
        comma = false;
    }

    /** Closes an object. */
    public void endObject() {
        append('}');
        comma = true;
    }

    /** Opens an array. */
    public void startArray() {
        separate();
        append('[');
        comma = false;
    }

    /** Closes an array. */
    public void endArray() {
        append(']');
        comma = true;
    }

    /** Writes a field name; lone surrogates in it become U+FFFD. */
    public void name(String name) {
        separate();
        quoted(name);
        append(':');
        comma = false;
    }

    /** Writes a field name encoded by {@link #encodeName}. */
    public void name(char[] encoded) {
        separate();
        append(encoded, 0, encoded.length);
        comma = false;
    }

    /** Writes a string value; lone surrogates in it become U+FFFD. */
    public void string(String value) {
        separate();
        quoted(value);
        comma = true;
    }

    /** Writes a string value whose characters need no escaping (a timestamp, say): they are copied as they are. */
    public void plainString(char[] chars, int offset, int count) {
        separate();
        ensureCapacity(count + 2);
        buffer[length++] = '"';
        System.arraycopy(chars, offset, buffer, length, count);
        length += count;
        buffer[length++] = '"';
        comma = true;
    }

    /** Writes an integer. */
    public void number(long value) {
        separate();
        if (value == Long.MIN_VALUE) {
            append(LONG_MIN, 0, LONG_MIN.length);
        } else {
            ensureCapacity(20);
            long v = value;
            if (v < 0) {
                buffer[length++] = '-';
                v = -v;
            }
            digits(v);
        }
        comma = true;
    }

    /**
     * Writes a finite double exactly as {@link Double#toString(double)} does. A value with at most
     * {@value #MAX_SHORT_DECIMAL_DIGITS} significant digits and at most three after the point (12.75, 0.5,
     * 1234.567) is written from its digits directly: {@code Double.toString} was a tenth of formatting an event
     * with one such value. The test covers every value of that kind against {@code Double.toString}.
     */
    public void number(double value) {
        if (!shortDecimal(value)) {
            rawValue(Double.toString(value));
        }
    }

    /** Writes a number already in JSON form ({@code Float.toString} of a finite value, say). */
    public void number(String text) {
        rawValue(text);
    }

    /** Writes {@code true} or {@code false}. */
    public void bool(boolean value) {
        separate();
        char[] text = value ? TRUE : FALSE;
        append(text, 0, text.length);
        comma = true;
    }

    /** Writes {@code null}. */
    public void nullValue() {
        separate();
        append(NULL, 0, NULL.length);
        comma = true;
    }

    /** Writes a value that is already JSON text. */
    public void rawValue(String json) {
        separate();
        int count = json.length();
        ensureCapacity(count);
        json.getChars(0, count, buffer, length);
        length += count;
        comma = true;
    }

    /** Writes fields that are already JSON text ({@code "a":1,"b":2}) into the open object. */
    public void rawFields(char[] fields) {
        separate();
        append(fields, 0, fields.length);
        comma = true;
    }

    /** The number of characters written since the last {@link #reset()}. */
    public int length() {
        return length;
    }

    /** Returns what was written since the last {@link #reset()}. */
    public String text() {
        return new String(buffer, 0, length);
    }

    /** Returns the characters from {@code from} on, as written. */
    char[] chars(int from) {
        return Arrays.copyOfRange(buffer, from, length);
    }

    /**
     * Empties the buffer for the next document, to be written with the given escaping (one thread's writer
     * serves every formatter that thread uses).
     */
    public void reset(boolean ensureAscii) {
        this.ensureAscii = ensureAscii;
        reset();
    }

    /** Empties the buffer for the next document. */
    public void reset() {
        if (buffer.length > MAX_RETAINED_CAPACITY) {
            buffer = new char[INITIAL_CAPACITY];
        }
        length = 0;
        comma = false;
    }

    /**
     * Writes {@code value} when it is {@code m / 10^k} for an integer {@code 0 < m < 10^7} and {@code k <= 3}
     * (compared exactly, as doubles), with the smallest such {@code k}; returns false without writing otherwise.
     */
    private boolean shortDecimal(double value) {
        double magnitude = Math.abs(value);
        if (!(magnitude >= 1e-3 && magnitude < SHORT_DECIMAL_LIMIT)) {
            return false;
        }
        for (int k = 0; k < DECIMAL_SCALES.length; k++) {
            double scaled = magnitude * DECIMAL_SCALES[k];
            if (scaled >= SHORT_DECIMAL_LIMIT) {
                return false;
            }
            long m = (long) scaled;
            if (m == scaled && m / DECIMAL_SCALES[k] == magnitude) {
                separate();
                ensureCapacity(MAX_SHORT_DECIMAL_DIGITS + 4);
                if (value < 0) {
                    buffer[length++] = '-';
                }
                long scale = (long) DECIMAL_SCALES[k];
                digits(m / scale);
                buffer[length++] = '.';
                // the digits after the point without trailing zeros (scaling is inexact: 0.07 * 100 is not 7,
                // so 0.07 is found as 70 / 1000), at least one
                long fraction = m % scale;
                long unit = scale / 10;
                while (fraction != 0 && fraction % 10 == 0) {
                    fraction /= 10;
                    unit /= 10;
                }
                if (fraction == 0) {
                    buffer[length++] = '0';
                }
                for (; fraction != 0 && unit > 0; unit /= 10) {
                    buffer[length++] = (char) ('0' + fraction / unit % 10);
                }
                comma = true;
                return true;
            }
        }
        return false;
    }

    /** Writes the decimal digits of {@code v >= 0}; the capacity must have been ensured. */
    private void digits(long v) {
        // counted by comparisons, not by dividing: the divisions of two loops were 8% of a profile
        int count = 1;
        while (count < POWERS_OF_TEN.length && v >= POWERS_OF_TEN[count]) {
            count++;
        }
        int end = length + count;
        long rest = v;
        for (int i = end - 1; i >= length; i--) {
            buffer[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        length = end;
    }

    private void separate() {
        if (comma) {
            append(',');
        }
    }

    /**
     * Writes {@code text} in quotes. The whole string is copied in one bulk operation and then scanned in place;
     * from the first character that needs escaping (or repair) on, the rest is written again one by one.
     */
    private void quoted(String text) {
        int count = text.length();
        ensureCapacity(count + 2);
        char[] b = buffer;
        int start = length + 1;
        b[length] = '"';
        text.getChars(0, count, b, start);
        int end = start + count;
        boolean ascii = ensureAscii;
        for (int i = start; i < end; i++) {
            char c = b[i];
            if (c < 128) {
                if (ESCAPES[c] == 0) {
                    continue;
                }
            } else if (!ascii && !Character.isSurrogate(c)) {
                continue;
            }
            length = i;
            escapeFrom(text, i - start);
            return;
        }
        b[end] = '"';
        length = end + 1;
    }

    private void escapeFrom(String text, int from) {
        int count = text.length();
        for (int i = from; i < count; i++) {
            // the longest a character becomes: a surrogate pair as two \\uXXXX escapes
            ensureCapacity(12);
            char c = text.charAt(i);
            if (c < 128) {
                byte escape = ESCAPES[c];
                if (escape == 0) {
                    buffer[length++] = c;
                } else if (escape == 'u') {
                    unicodeEscape(c);
                } else {
                    buffer[length++] = '\\';
                    buffer[length++] = (char) escape;
                }
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < count && Character.isLowSurrogate(text.charAt(i + 1))) {
                    nonAscii(c);
                    nonAscii(text.charAt(++i));
                } else {
                    nonAscii(Utf16.REPLACEMENT);
                }
            } else {
                nonAscii(c);
            }
        }
        append('"');
    }

    private void nonAscii(char c) {
        if (ensureAscii) {
            unicodeEscape(c);
        } else {
            buffer[length++] = c;
        }
    }

    private void unicodeEscape(char c) {
        char[] b = buffer;
        int i = length;
        b[i] = '\\';
        b[i + 1] = 'u';
        b[i + 2] = HEX[c >> 12];
        b[i + 3] = HEX[(c >> 8) & 0xF];
        b[i + 4] = HEX[(c >> 4) & 0xF];
        b[i + 5] = HEX[c & 0xF];
        length = i + 6;
    }

    private void append(char c) {
        ensureCapacity(1);
        buffer[length++] = c;
    }

    private void append(char[] chars, int offset, int count) {
        ensureCapacity(count);
        System.arraycopy(chars, offset, buffer, length, count);
        length += count;
    }

    private void ensureCapacity(int extra) {
        int needed = length + extra;
        if (needed < 0) {
            throw new OutOfMemoryError("a document larger than 2^31 characters");
        }
        if (needed > buffer.length) {
            int grown = Math.max(needed, buffer.length + (buffer.length >> 1));
            buffer = Arrays.copyOf(buffer, grown < 0 ? Integer.MAX_VALUE - 8 : grown);
        }
    }
}
