package io.github.logstashasync.cli.command;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.core.internal.queue.EventState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the tool's value types, with the same syntax as {@code logging.properties}. */
final class Converters {

    private Converters() {
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 1d}, seconds, or ISO-8601 {@code PT10S}. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return OptionParsers.duration("duration", value);
            } catch (InvalidOptionException e) {
                throw new TypeConversionException(e.detail());
            }
        }
    }

    /** A JUL level, also by the names Python and other loggers use (ERROR, WARN, DEBUG, CRITICAL). */
    static final class LevelConverter implements ITypeConverter<Level> {
        @Override
        public Level convert(String value) {
            return level(value);
        }
    }

    /** {@code queued}, {@code in-flight}, {@code failed}. */
    static final class StateConverter implements ITypeConverter<EventState> {
        @Override
        public EventState convert(String value) {
            return state(value);
        }
    }

    /** The event states by their command-line names, for completion and help. */
    static final class StateNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("queued", "in-flight", "failed").iterator();
        }
    }

    /** The transports a local receiver speaks, then the installed plugins that can be read back; for completion, help. */
    static final class ReceiverNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            // the local receivers, then the installed transport plugins that can be read back (kafka)
            return ListenCommand.kinds().iterator();
        }
    }

    /**
     * A point in time: ISO-8601 ({@code 2024-05-01T10:00:00Z}), a UTC date-time as the queue stores it
     * ({@code 2024-05-01 10:00:00}), a UTC date ({@code 2024-05-01}), or a duration meaning that long ago
     * ({@code 10m}, {@code 2h}).
     */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            String text = value.trim();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                // next form
            }
            try {
                return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // next form
            }
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                // next form
            }
            try {
                return Instant.now().minus(OptionParsers.duration("time", text));
            } catch (InvalidOptionException e) {
                throw new TypeConversionException("'" + value + "' is no time; use 2024-05-01T10:00:00Z, "
                        + "'2024-05-01 10:00:00' (UTC), 2024-05-01, or an age such as 10m, 2h, 1d");
            }
        }
    }

    static Level level(String value) {
        String name = value.trim().toUpperCase(Locale.ROOT);
        switch (name) {
            case "ERROR", "CRITICAL", "FATAL" -> {
                return Level.SEVERE;
            }
            case "WARN" -> {
                return Level.WARNING;
            }
            case "DEBUG" -> {
                return Level.FINE;
            }
            case "TRACE" -> {
                return Level.FINEST;
            }
            default -> {
                try {
                    return Level.parse(name);
                } catch (IllegalArgumentException e) {
                    throw new TypeConversionException("'" + value + "' is no level; use SEVERE (ERROR), WARNING, INFO,"
                            + " CONFIG, FINE (DEBUG), FINER, FINEST");
                }
            }
        }
    }

    static EventState state(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "queued" -> EventState.QUEUED;
            case "in-flight", "inflight" -> EventState.IN_FLIGHT;
            case "failed" -> EventState.FAILED;
            default -> throw new TypeConversionException("'" + value + "' is no state; use queued, in-flight or failed");
        };
    }

    /** The command-line name of {@code state}. */
    static String name(EventState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
