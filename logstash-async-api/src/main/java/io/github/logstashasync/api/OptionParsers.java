package io.github.logstashasync.api;

import java.nio.charset.Charset;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses option values from text (a {@code logging.properties} file, a command-line flag), once, at
 * the edge; every error is an {@link InvalidOptionException} that names the option.
 */
public final class OptionParsers {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]i?b?|b)?");

    private OptionParsers() {
    }

    /**
     * Parses a duration: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 1d}, a plain number of
     * seconds, or ISO-8601 such as {@code PT10S}. Negative durations are rejected.
     */
    public static Duration duration(String option, String text) {
        String value = trimmed(option, text);
        Duration result;
        Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            double millis = switch (m.group(2)) {
                case "ms" -> amount;
                case "s" -> amount * 1_000;
                case "m" -> amount * 60_000;
                case "h" -> amount * 3_600_000;
                default -> amount * 86_400_000;
            };
            result = Duration.ofMillis(Math.round(millis));
        } else if (value.matches("\\d+(\\.\\d+)?")) {
            result = Duration.ofMillis(Math.round(Double.parseDouble(value) * 1_000));
        } else {
            try {
                result = Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new InvalidOptionException(option, "'" + value
                        + "' is not a duration; use for example 500ms, 10s, 2m, 1h or ISO-8601 like PT10S");
            }
        }
        if (result.isNegative()) {
            throw new InvalidOptionException(option, "'" + value + "' is negative; a duration must be 0 or more");
        }
        return result;
    }

    /** Parses a size in bytes: {@code 1048576}, {@code 512k}, {@code 100MiB}, {@code 1g} (binary units). */
    public static long size(String option, String text) {
        String value = trimmed(option, text);
        Matcher m = SIZE.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidOptionException(option, "'" + value
                    + "' is not a size; use a number of bytes or a unit: 512k, 100MiB, 1g");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(option, "'" + value + "' is too large");
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit.charAt(0)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1L;
        };
        if (amount > Long.MAX_VALUE / factor) {
            throw new InvalidOptionException(option, "'" + value + "' is too large");
        }
        return amount * factor;
    }

    /** Parses {@code true}/{@code false} (also {@code yes}/{@code no}, {@code on}/{@code off}, {@code 1}/{@code 0}). */
    public static boolean bool(String option, String text) {
        String value = trimmed(option, text).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new InvalidOptionException(option, "'" + text.trim() + "' is not a boolean; use true or false");
        };
    }

    /** Parses an integer within {@code [min, max]}. */
    public static int integer(String option, String text, int min, int max) {
        String value = trimmed(option, text);
        int result;
        try {
            result = Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(option, "'" + value + "' is not an integer");
        }
        return checkRange(option, result, min, max);
    }

    /** Checks that {@code value} lies within {@code [min, max]}. */
    public static int checkRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidOptionException(option, value + " is out of range; allowed: " + min + " to " + max);
        }
        return value;
    }

    /** Parses a TCP/UDP port, 1 to 65535. */
    public static int port(String option, String text) {
        return integer(option, text, 1, 65_535);
    }

    /** Parses an enum constant by name, ignoring case and treating '-' as '_'. */
    public static <E extends Enum<E>> E enumValue(String option, String text, Class<E> type) {
        String value = trimmed(option, text).toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new InvalidOptionException(option, "'" + text.trim() + "' is not one of " + String.join(", ", allowed));
    }

    /** Parses a charset name. */
    public static Charset charset(String option, String text) {
        String value = trimmed(option, text);
        try {
            return Charset.forName(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException(option, "'" + value + "' is not a charset this JVM supports");
        }
    }

    /** Splits a comma-separated list, trimming items and dropping empty ones. */
    public static List<String> list(String text) {
        List<String> items = new ArrayList<>();
        if (text == null) {
            return items;
        }
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static String trimmed(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidOptionException(option, "a value is required");
        }
        return text.trim();
    }
}
