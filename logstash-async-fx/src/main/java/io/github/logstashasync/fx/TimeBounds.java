package io.github.logstashasync.fx;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the time fields of the filter: an age ({@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}: that long before
 * now), a date and time in the monitor's time zone ({@code 2025-03-01 14:30}, seconds optional), a date (its
 * start), or an ISO instant ({@code 2025-03-01T13:30:00Z}).
 */
final class TimeBounds {

    private static final Pattern AGE = Pattern.compile("(\\d{1,9})\\s*([smhd])");
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
            .toFormatter(Locale.ROOT);

    private TimeBounds() {
    }

    /**
     * Returns the instant {@code text} names, or null for blank text.
     *
     * @throws IllegalArgumentException naming {@code field} and the accepted forms when the text is none of them
     */
    static Instant parse(String field, String text, Instant now, ZoneId zone) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        Matcher age = AGE.matcher(value);
        if (age.matches()) {
            long amount = Long.parseLong(age.group(1));
            Duration unit;
            switch (age.group(2)) {
                case "s":
                    unit = Duration.ofSeconds(1);
                    break;
                case "m":
                    unit = Duration.ofMinutes(1);
                    break;
                case "h":
                    unit = Duration.ofHours(1);
                    break;
                default:
                    unit = Duration.ofDays(1);
                    break;
            }
            return now.minus(unit.multipliedBy(amount));
        }
        String upper = text.trim().toUpperCase(Locale.ROOT);
        try {
            if (upper.endsWith("Z") || upper.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(upper, Instant::from);
            }
            if (upper.length() == 10) {
                return LocalDate.parse(upper).atStartOfDay(zone).toInstant();
            }
            return LocalDateTime.parse(upper, LOCAL).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(field + ": '" + text.trim() + "' is no time; use an age such as 15m, 2h"
                    + " or 7d, a date, a date and time such as 2025-03-01 14:30, or an ISO instant", e);
        }
    }
}
