package io.github.logstashasync.core.internal.queue;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Converts between {@link Instant}s and the {@code entry_date} text that python-logstash-async writes with
 * SQLite's {@code datetime('now')}: {@code YYYY-MM-DD HH:MM:SS} in UTC, which sorts as text in time order.
 */
final class EntryDates {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private EntryDates() {
    }

    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    /** Returns {@code instant} as entry date text, truncated to the second and clamped to years 0 to 9999. */
    static String format(Instant instant) {
        if (instant.isBefore(FIRST)) {
            return FORMAT.format(FIRST);
        }
        if (instant.isAfter(LAST)) {
            return FORMAT.format(LAST);
        }
        return FORMAT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Parses entry date text; also accepts an ISO {@code T} separator and fractions of a second, which other
     * writers might use. Returns null for null or text that is no date, so one odd row never stops a batch.
     */
    static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        if (text.length() == 19 && text.charAt(10) == ' ') {
            Instant fast = parseFixed(text);
            if (fast != null) {
                return fast;
            }
        }
        try {
            return LocalDateTime.parse(text.trim().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Parses {@code YYYY-MM-DD HH:MM:SS} without the formatter: claims parse one date per row. */
    private static Instant parseFixed(String s) {
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59 || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
