package io.github.logstashasync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The parsers of every option's text: what they accept, and messages that name the option and say what is allowed. */
class OptionParsersTest {

    /** Asserts that parsing fails with a message naming {@code option} and containing {@code detail}. */
    static void refused(String option, String detail, Executable parse) {
        InvalidOptionException e = assertThrows(InvalidOptionException.class, parse, option + " is refused");
        assertEquals(option, e.option(), "the exception names the option");
        assertTrue(e.getMessage().startsWith("Invalid option '" + option + "': "), "the message names it: "
                + e.getMessage());
        assertTrue(e.detail().contains(detail), "the message says " + detail + ": " + e.detail());
    }

    @Test
    void durationsInUnitsSecondsAndIso8601() {
        assertEquals(Duration.ofMillis(500), OptionParsers.duration("flushInterval", "500ms"));
        assertEquals(Duration.ofSeconds(10), OptionParsers.duration("flushInterval", " 10s "));
        assertEquals(Duration.ofMinutes(2), OptionParsers.duration("flushInterval", "2m"));
        assertEquals(Duration.ofHours(1), OptionParsers.duration("flushInterval", "1H"));
        assertEquals(Duration.ofDays(1), OptionParsers.duration("flushInterval", "1d"));
        assertEquals(Duration.ofMillis(1500), OptionParsers.duration("flushInterval", "1.5"), "plain seconds");
        assertEquals(Duration.ofSeconds(10), OptionParsers.duration("flushInterval", "pt10s"), "ISO-8601");
        assertEquals(Duration.ZERO, OptionParsers.duration("shutdownTimeout", "0s"));
    }

    @Test
    void badDurationsNameTheOption() {
        refused("flushInterval", "'soon' is not a duration; use for example 500ms",
                () -> OptionParsers.duration("flushInterval", "soon"));
        refused("socketTimeout", "is negative", () -> OptionParsers.duration("socketTimeout", "PT-1S"));
        refused("eventTtl", "a value is required", () -> OptionParsers.duration("eventTtl", " "));
        refused("eventTtl", "a value is required", () -> OptionParsers.duration("eventTtl", null));
    }

    @Test
    void sizesInBinaryUnits() {
        assertEquals(1_048_576, OptionParsers.size("databaseMaxSize", "1048576"));
        assertEquals(512L << 10, OptionParsers.size("databaseMaxSize", "512k"));
        assertEquals(100L << 20, OptionParsers.size("databaseMaxSize", "100MiB"));
        assertEquals(1L << 30, OptionParsers.size("databaseMaxSize", "1g"));
        refused("databaseMaxSize", "is not a size", () -> OptionParsers.size("databaseMaxSize", "big"));
        refused("databaseMaxSize", "is too large", () -> OptionParsers.size("databaseMaxSize", "99999999999g"));
        refused("databaseMaxSize", "is too large",
                () -> OptionParsers.size("databaseMaxSize", "99999999999999999999"));
    }

    @Test
    void booleansIntegersPortsEnumsCharsets() {
        assertTrue(OptionParsers.bool("sslEnable", "Yes"));
        assertFalse(OptionParsers.bool("sslEnable", "off"));
        refused("sslEnable", "'maybe' is not a boolean; use true or false", () -> OptionParsers.bool("sslEnable", "maybe"));
        assertEquals(1000, OptionParsers.integer("flushCount", "1_000", 1, 10_000));
        refused("flushCount", "'ten' is not an integer", () -> OptionParsers.integer("flushCount", "ten", 1, 10));
        refused("flushCount", "11 is out of range; allowed: 1 to 10", () -> OptionParsers.integer("flushCount", "11", 1, 10));
        assertEquals(5959, OptionParsers.port("port", "5959"));
        refused("port", "out of range; allowed: 1 to 65535", () -> OptionParsers.port("port", "0"));
        refused("port", "out of range", () -> OptionParsers.port("port", "65536"));
        assertEquals(OverflowPolicy.DROP_NEWEST, OptionParsers.enumValue("overflowPolicy", "drop-newest",
                OverflowPolicy.class));
        refused("overflowPolicy", "'later' is not one of block, drop-newest",
                () -> OptionParsers.enumValue("overflowPolicy", "later", OverflowPolicy.class));
        assertEquals(StandardCharsets.ISO_8859_1, OptionParsers.charset("encoding", "latin1"));
        refused("encoding", "'klingon' is not a charset", () -> OptionParsers.charset("encoding", "klingon"));
        assertEquals(List.of("a", "b"), OptionParsers.list(" a, ,b ,"));
        assertEquals(List.of(), OptionParsers.list(null));
    }

    @Test
    void rateLimits() {
        assertEquals(new RateLimit(10, Duration.ofMinutes(1)), RateLimit.parse("errorLogRateLimit", "10 per minute"));
        assertEquals(new RateLimit(1, Duration.ofSeconds(1)), RateLimit.parse("errorLogRateLimit", "1/s"));
        assertEquals(new RateLimit(3, Duration.ofSeconds(30)), RateLimit.parse("errorLogRateLimit", "3 per 30s"));
        assertNull(RateLimit.parse("errorLogRateLimit", "off"), "off: no limit");
        refused("errorLogRateLimit", "is not a rate", () -> RateLimit.parse("errorLogRateLimit", "often"));
        refused("errorLogRateLimit", "a value is required", () -> RateLimit.parse("errorLogRateLimit", ""));
        refused("errorLogRateLimit", "must be positive", () -> RateLimit.parse("errorLogRateLimit", "1 per 0s"));
        refused("errorLogRateLimit", "out of range", () -> RateLimit.parse("errorLogRateLimit", "0 per minute"));
    }
}
