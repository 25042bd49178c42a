package io.github.logstashasync.api;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How many messages of one kind the library's own error reporting writes per period, as in the seed's
 * {@code ERROR_LOG_RATE_LIMIT} ({@code "10 per minute"}).
 *
 * @param count  messages allowed per period, at least 1
 * @param period the period; positive
 */
public record RateLimit(int count, Duration period) {

    /** Checks the components. */
    public RateLimit {
        Objects.requireNonNull(period, "period");
        if (count < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate limit needs count >= 1 and a positive period");
        }
    }

    /**
     * Parses {@code "N per second|minute|hour|day"} or {@code "N per <duration>"}; returns null for
     * {@code off}/{@code none}.
     */
    public static RateLimit parse(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidOptionException(option, "a value is required; use for example '10 per minute' or 'off'");
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("off") || value.equals("none")) {
            return null;
        }
        String[] parts = value.split("\\s*(?:per|/)\\s*");
        if (parts.length != 2) {
            throw new InvalidOptionException(option, "'" + text.trim()
                    + "' is not a rate; use for example '10 per minute', '1/s' or 'off'");
        }
        int count = OptionParsers.integer(option, parts[0], 1, Integer.MAX_VALUE);
        Duration period = switch (parts[1]) {
            case "second", "sec", "s" -> Duration.ofSeconds(1);
            case "minute", "min", "m" -> Duration.ofMinutes(1);
            case "hour", "h" -> Duration.ofHours(1);
            case "day", "d" -> Duration.ofDays(1);
            default -> OptionParsers.duration(option, parts[1]);
        };
        if (period.isZero()) {
            throw new InvalidOptionException(option, "the period of a rate must be positive");
        }
        return new RateLimit(count, period);
    }

    @Override
    public String toString() {
        return count + " per " + period;
    }
}
