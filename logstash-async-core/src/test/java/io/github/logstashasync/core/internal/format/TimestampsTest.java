package io.github.logstashasync.core.internal.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void matchesTheReferenceFormatterAcrossTheCalendar() {
        Timestamps timestamps = new Timestamps();
        Random random = new Random(42);
        long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 2_000; i++) {
            long second = min + (long) (random.nextDouble() * (max - min));
            Instant instant = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
            // sometimes the same second again, to exercise the cache
            Instant next = random.nextBoolean() ? instant.plusMillis(random.nextInt(999)) : instant;
            for (Instant t : new Instant[] {instant, next}) {
                int length = timestamps.format(t);
                assertEquals(REFERENCE.format(t), new String(timestamps.chars(), 0, length), "timestamp of " + t);
            }
        }
    }

    @Test
    void extremeYearsStillFormat() {
        assertEquals("+10000-01-01T00:00:00.000Z", Timestamps.toString(Instant.parse("+10000-01-01T00:00:00Z")),
                "a five-digit year gets a sign, as ISO-8601 wants");
        assertEquals("-1000000000-01-01T00:00:00.000Z", Timestamps.toString(Instant.MIN), "Instant.MIN");
        assertEquals("+1000000000-12-31T23:59:59.999Z", Timestamps.toString(Instant.MAX), "Instant.MAX");
        assertEquals("-0001-12-31T23:59:59.500Z", Timestamps.toString(Instant.parse("-0001-12-31T23:59:59.500Z")),
                "a year before 0");
    }
}
