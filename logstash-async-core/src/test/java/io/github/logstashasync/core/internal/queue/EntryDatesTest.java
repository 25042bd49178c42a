package io.github.logstashasync.core.internal.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EntryDatesTest {

    @Test
    void readsAndWritesPythonsFormatInUtc() {
        Instant instant = Instant.parse("2024-02-29T23:59:58.750Z");
        assertEquals("2024-02-29 23:59:58", EntryDates.format(instant), "datetime('now') format, whole seconds");
        assertEquals(Instant.parse("2024-02-29T23:59:58Z"), EntryDates.parse("2024-02-29 23:59:58"), "parsed as UTC");
    }

    @Test
    void acceptsIsoAndFractionsAndRejectsNonsenseQuietly() {
        assertEquals(Instant.parse("2024-01-02T03:04:05.5Z"), EntryDates.parse("2024-01-02T03:04:05.5"), "ISO form");
        assertNull(EntryDates.parse("yesterday"), "no date: null, not an exception");
        assertNull(EntryDates.parse("2024-13-02 03:04:05"), "month 13: null");
        assertNull(EntryDates.parse(null), "null: null");
    }
}
