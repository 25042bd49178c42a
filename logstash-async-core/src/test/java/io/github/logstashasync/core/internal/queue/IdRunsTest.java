package io.github.logstashasync.core.internal.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdRunsTest {

    @Test
    void splitsIntoRangesAndPaddedChunks() {
        List<String> calls = new ArrayList<>();
        IdRuns.ofIds(List.of(7L, 1L, 2L, 3L, 9L, 3L, 11L, 12L, 20L, 22L, 24L))
                .forEach(2, (first, last) -> calls.add(first + ".." + last), chunk -> calls.add(Arrays.toString(chunk)));
        assertEquals(List.of("1..3", "[7, 9]", "11..12", "[20, 22]", "[24, 24]"), calls,
                "consecutive ids become ranges, lone ids chunks of 2 (the last padded), duplicates dropped");
    }

    @Test
    void nothingForNoIds() {
        assertTrue(IdRuns.ofIds(List.of()).isEmpty(), "no ids, no runs");
    }
}
