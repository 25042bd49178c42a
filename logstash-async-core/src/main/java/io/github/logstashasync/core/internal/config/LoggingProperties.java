package io.github.logstashasync.core.internal.config;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.OptionParsers;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.logging.LogManager;

/**
 * The options of one class in {@code logging.properties}, read as {@code <class name>.<option>=value}, the
 * way JUL's own handlers read theirs. Every parse error names the full key.
 */
public final class LoggingProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix;
    private final UnaryOperator<String> lookup;

    private LoggingProperties(String prefix, UnaryOperator<String> lookup) {
        this.prefix = prefix;
        this.lookup = lookup;
    }

    /** Returns the options of {@code type} from the {@link LogManager}'s configuration. */
    public static LoggingProperties of(Class<?> type) {
        LogManager manager = LogManager.getLogManager();
        return new LoggingProperties(type.getName(), manager::getProperty);
    }

    /** Returns options under {@code prefix} from any lookup, for tests and the command line. */
    public static LoggingProperties of(String prefix, UnaryOperator<String> lookup) {
        return new LoggingProperties(prefix, Objects.requireNonNull(lookup, "lookup"));
    }

    /** The full key of {@code option}, as it appears in the file and in error messages. */
    public String key(String option) {
        return prefix.isEmpty() ? option : prefix + "." + option;
    }

    /** Returns the trimmed value of {@code option}, or null when it is absent or blank. */
    public String string(String option) {
        String value = lookup.apply(key(option));
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * Returns the trimmed value of {@code option}, an empty string when it is present but blank, or null when
     * it is absent: for options where "empty" is a meaningful value.
     */
    public String stringOrEmpty(String option) {
        String value = lookup.apply(key(option));
        return value == null ? null : value.trim();
    }

    /** Returns the value of {@code option} or {@code defaultValue}. */
    public String string(String option, String defaultValue) {
        String value = string(option);
        return value == null ? defaultValue : value;
    }

    /** Whether {@code option} has a value. */
    public boolean has(String option) {
        return string(option) != null;
    }

    /** Returns a duration ({@code 500ms}, {@code 10s}, {@code 2m}, ISO-8601) or {@code defaultValue}. */
    public Duration duration(String option, Duration defaultValue) {
        String value = string(option);
        return value == null ? defaultValue : OptionParsers.duration(key(option), value);
    }

    /** Returns an integer within {@code [min, max]} or {@code defaultValue}. */
    public int integer(String option, int defaultValue, int min, int max) {
        String value = string(option);
        return value == null ? defaultValue : OptionParsers.integer(key(option), value, min, max);
    }

    /** Returns a size in bytes or {@code defaultValue}. */
    public long size(String option, long defaultValue) {
        String value = string(option);
        return value == null ? defaultValue : OptionParsers.size(key(option), value);
    }

    /** Returns a boolean or {@code defaultValue}. */
    public boolean bool(String option, boolean defaultValue) {
        String value = string(option);
        return value == null ? defaultValue : OptionParsers.bool(key(option), value);
    }

    /** Returns an enum constant or {@code defaultValue}. */
    public <E extends Enum<E>> E enumValue(String option, Class<E> type, E defaultValue) {
        String value = string(option);
        return value == null ? defaultValue : OptionParsers.enumValue(key(option), value, type);
    }

    /** Returns a charset or {@code defaultValue}. */
    public Charset charset(String option, Charset defaultValue) {
        String value = string(option);
        return value == null ? defaultValue : OptionParsers.charset(key(option), value);
    }

    /** Returns a path or null. */
    public Path path(String option) {
        String value = string(option);
        try {
            return value == null ? null : Path.of(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException(key(option), "'" + value + "' is not a valid path");
        }
    }

    /** Returns a comma-separated list, empty when absent. */
    public List<String> list(String option) {
        return OptionParsers.list(string(option));
    }

    /**
     * Returns a map of fields: either a JSON object ({@code {"application": "shop", "replicas": 3}}, values
     * keep their JSON types) or {@code key=value} pairs separated by commas (string values). Empty when absent.
     */
    public Map<String, Object> map(String option) {
        String value = string(option);
        if (value == null) {
            return Map.of();
        }
        if (value.startsWith("{")) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> parsed = JSON.readValue(value, LinkedHashMap.class);
                return Collections.unmodifiableMap(parsed);
            } catch (JacksonException e) {
                throw new InvalidOptionException(key(option), "not a valid JSON object: " + e.getOriginalMessage());
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (String pair : OptionParsers.list(value)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new InvalidOptionException(key(option), "'" + pair
                        + "' is not key=value; use key=value,key2=value2 or a JSON object");
            }
            result.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return Collections.unmodifiableMap(result);
    }
}
