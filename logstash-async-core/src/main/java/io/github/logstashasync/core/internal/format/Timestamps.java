package io.github.logstashasync.core.internal.format;

import java.time.Instant;

/**
 * Writes {@code @timestamp} values as ISO-8601 in UTC with millisecond precision, for example
 * {@code 2016-10-23T15:11:16.853Z}. The text up to the second is cached, so most events cost a few digit
 * writes instead of a formatter call. One instance per thread: not thread-safe.
 */
public final class Timestamps {

    /** Holds the cached prefix followed by {@code SSSZ}. */
    private final char[] buffer = new char[40];
    private long cachedSecond = Long.MIN_VALUE;
    private int prefixLength;

    /** Formats {@code instant} into this object's buffer and returns its length; read it with {@link #chars()}. */
    public int format(Instant instant) {
        long second = instant.getEpochSecond();
        if (second != cachedSecond) {
            // Instant.toString() covers every instant (a DateTimeFormatter fails near Instant.MIN and MAX) and,
            // for a whole second, always ends in "ss" + "Z"
            String prefix = Instant.ofEpochSecond(second).toString();
            int end = prefix.length() - 1;
            prefix.getChars(0, end, buffer, 0);
            buffer[end] = '.';
            prefixLength = end + 1;
            cachedSecond = second;
        }
        int millis = instant.getNano() / 1_000_000;
        int i = prefixLength;
        buffer[i++] = (char) ('0' + millis / 100);
        buffer[i++] = (char) ('0' + millis / 10 % 10);
        buffer[i++] = (char) ('0' + millis % 10);
        buffer[i++] = 'Z';
        return i;
    }

    /** The buffer {@link #format} wrote into. */
    public char[] chars() {
        return buffer;
    }

    /** Returns {@code instant} formatted, as a new string (for tests and slow paths). */
    public static String toString(Instant instant) {
        Timestamps timestamps = new Timestamps();
        int length = timestamps.format(instant);
        return new String(timestamps.chars(), 0, length);
    }
}
