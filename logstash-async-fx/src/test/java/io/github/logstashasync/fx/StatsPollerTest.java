package io.github.logstashasync.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StatsPollerTest {

    @Test
    void aSlowReadingStretchesThePeriodSoCountingTakesAtMostAFifthOfACore() {
        assertEquals(1000, StatsPoller.periodMillis(1000, TimeUnit.MILLISECONDS.toNanos(20)), "quick: as configured");
        assertEquals(6500, StatsPoller.periodMillis(1000, TimeUnit.MILLISECONDS.toNanos(1300)),
                "a 1.3 s count of a million rows: read again after 6.5 s");
        assertEquals(1000, StatsPoller.periodMillis(1000, TimeUnit.MILLISECONDS.toNanos(150)), "and back when quick");
    }
}
