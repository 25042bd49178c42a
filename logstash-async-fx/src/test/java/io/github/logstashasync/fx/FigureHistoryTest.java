package io.github.logstashasync.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.management.Attribute;
import javax.management.AttributeList;
import org.junit.jupiter.api.Test;

/** The rates a pipeline's charts draw, from the growth of its counters, and the figures read from its MXBean. */
class FigureHistoryTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void ratesComeFromTheGrowthOfTheCountersPerSecond() {
        FigureHistory history = new FigureHistory(Duration.ofMinutes(1));
        history.add(T0, figures(100, 0, 0, 10));
        history.add(T0.plusSeconds(2), figures(300, 4, 6, 25));
        List<FigureHistory.Point> points = history.points();
        assertEquals(2, points.size(), "one point per reading");
        assertEquals(new FigureHistory.Point(2, 0, 0, 0, 10, 0), points.get(0), "the first has no rates");
        assertEquals(new FigureHistory.Point(0, 100, 2, 3, 25, 0), points.get(1), "200 sent in 2 s: 100/s");
    }

    @Test
    void readingsMoreOftenThanASecondGiveRatesOverTheLastSecond() {
        FigureHistory history = new FigureHistory(Duration.ofMinutes(1));
        // 50 events delivered every 250 ms, read every 250 ms just after and just before a batch
        long[] sent = {0, 50, 50, 100, 100, 150, 150, 200, 200};
        for (int i = 0; i < sent.length; i++) {
            history.add(T0.plusMillis(250L * i), figures(sent[i], 0, 0, 0));
        }
        List<FigureHistory.Point> points = history.points();
        assertEquals(200, points.get(1).sentPerSec(), "before a second has passed: over what there is");
        assertEquals(100, points.get(4).sentPerSec(), "a second after the first: 100 in that second");
        assertEquals(100, points.get(8).sentPerSec(), "the rate over the last second, not 0 or 200");
    }

    @Test
    void aCounterThatWentDownIsNoGrowthAndOldReadingsFallOut() {
        FigureHistory history = new FigureHistory(Duration.ofSeconds(10));
        history.add(T0, figures(500, 0, 0, 0));
        history.add(T0.plusSeconds(1), figures(20, 0, 0, 0)); // a new pipeline of that name
        assertEquals(0, history.points().get(1).sentPerSec(), "no negative rate");
        history.add(T0.minusSeconds(5), figures(1, 0, 0, 0));
        assertEquals(2, history.points().size(), "a reading older than the newest is ignored");
        history.add(T0.plusSeconds(30), figures(40, 0, 0, 0));
        assertEquals(1, history.points().size(), "readings older than the window are gone");
    }

    @Test
    void figuresReadAsTheMxBeanNamesThemAndMissingOnesAsZero() {
        AttributeList attributes = new AttributeList();
        attributes.add(new Attribute("Name", "orders"));
        attributes.add(new Attribute("Transport", "tcp"));
        attributes.add(new Attribute("Sent", 42L));
        attributes.add(new Attribute("SendLatencyP99Millis", 3.5));
        attributes.add(new Attribute("LastError", "connection refused"));
        // a List<String> of an MXBean arrives as String[]
        attributes.add(new Attribute("Destinations", new String[] {"a:1 connected", "b:2 backing off"}));
        PipelineFigures figures = PipelineFigures.of("orders-2", attributes);
        assertEquals("orders", figures.name(), "the pipeline's name");
        assertEquals("orders-2", figures.key(), "the object name's key");
        assertEquals(42, figures.sent(), "sent");
        assertEquals(3.5, figures.latencyP99Millis(), "p99");
        assertEquals("connection refused", figures.lastError(), "last error");
        assertEquals(0, figures.sentTwice(), "an attribute an older library does not have");
        assertEquals("", figures.databasePath(), "the memory queue");
        assertEquals(List.of("a:1 connected", "b:2 backing off"), figures.destinations(), "a line per destination");
        assertEquals(List.of(), PipelineFigures.of("p", new AttributeList()).destinations(), "none from an older one");
    }

    @Test
    void everyAttributeReadIsOneThePipelineMxBeanHas() throws Exception {
        for (String attribute : PipelineFigures.ATTRIBUTES) {
            Class<?> type = io.github.logstashasync.core.PipelineMXBean.class.getMethod("get" + attribute).getReturnType();
            assertTrue(type == String.class || type == long.class || type == double.class || type == List.class,
                    attribute + " is a text, a number or a list of texts");
        }
        assertEquals(io.github.logstashasync.core.PipelineMXBean.class.getMethods().length,
                PipelineFigures.ATTRIBUTES.length, "every figure of the MXBean is read");
    }

    private static PipelineFigures figures(long sent, long failed, long retries, long depth) {
        return new PipelineFigures("p", "p", "tcp", "", sent, sent, sent, failed, 0, 0, retries, 0, 0, depth, 0, 0,
                0, 0, "", 0, List.of());
    }
}
