package io.github.logstashasync.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The filter's time fields accept ages, local dates and times, and ISO instants. */
class TimeBoundsTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void readsAges() {
        assertEquals(Instant.parse("2025-03-01T11:59:30Z"), parse("30s"), "seconds");
        assertEquals(Instant.parse("2025-03-01T11:45:00Z"), parse("15m"), "minutes");
        assertEquals(Instant.parse("2025-03-01T10:00:00Z"), parse(" 2H "), "hours, any case, trimmed");
        assertEquals(Instant.parse("2025-02-22T12:00:00Z"), parse("7d"), "days");
    }

    @Test
    void readsLocalDatesAndTimesInTheMonitorsZone() {
        assertEquals(Instant.parse("2025-03-01T13:30:00Z"), parse("2025-03-01 14:30"), "minutes, Berlin is UTC+1");
        assertEquals(Instant.parse("2025-03-01T13:30:15Z"), parse("2025-03-01T14:30:15"), "seconds, T separator");
        assertEquals(Instant.parse("2025-02-28T23:00:00Z"), parse("2025-03-01"), "a date is its start");
    }

    @Test
    void readsInstants() {
        assertEquals(Instant.parse("2025-03-01T14:30:00Z"), parse("2025-03-01T14:30:00Z"), "UTC");
        assertEquals(Instant.parse("2025-03-01T12:30:00Z"), parse("2025-03-01T14:30:00+02:00"), "an offset");
    }

    @Test
    void blankIsNoBound() {
        assertNull(parse(""), "empty");
        assertNull(parse("   "), "blank");
        assertNull(parse(null), "null");
    }

    @Test
    void rejectsOtherTextNamingTheField() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TimeBounds.parse("from", "yesterday", NOW, BERLIN));
        assertTrue(error.getMessage().startsWith("from: 'yesterday' is no time; use an age such as 15m"),
                "names the field and the forms: " + error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("2025-13-01 10:00"), "month 13");
        assertThrows(IllegalArgumentException.class, () -> parse("15 minutes"), "a unit spelled out");
    }

    private static Instant parse(String text) {
        return TimeBounds.parse("from", text, NOW, BERLIN);
    }
}
