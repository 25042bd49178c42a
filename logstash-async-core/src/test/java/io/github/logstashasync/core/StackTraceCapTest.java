package io.github.logstashasync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.api.InvalidOptionException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A stack trace is cut at {@code maxStackTraceLength} characters, and the cut is marked. */
class StackTraceCapTest {

    private static RuntimeException deep(int frames) {
        RuntimeException e = new RuntimeException("deep", new IllegalStateException("cause"));
        StackTraceElement[] trace = new StackTraceElement[frames];
        for (int i = 0; i < frames; i++) {
            trace[i] = new StackTraceElement("com.example.Recursive", "call" + i, "Recursive.java", i);
        }
        e.setStackTrace(trace);
        return e;
    }

    @Test
    void aDeepStackTraceIsCutAtTheDefaultAndTheCutIsMarked() {
        String doc = new LogstashFormatter().format(Events.withThrown(Events.event("ERROR", "boom", Map.of()),
                deep(20_000)));
        JsonNode trace = TestSupport.parse(doc).path("extra").path("stack_trace");
        String text = trace.asString();
        assertTrue(text.startsWith("java.lang.RuntimeException: deep"), "the trace starts as printed: " + text.substring(0, 40));
        assertTrue(text.length() < LogstashFormatter.DEFAULT_MAX_STACK_TRACE_LENGTH + 200,
                "cut near the default of 32,768 characters: " + text.length());
        assertTrue(text.contains("stack trace cut: ") && text.contains("more characters (maxStackTraceLength 32768)"),
                "the cut is marked with what was left out");
    }

    @Test
    void zeroMeansNoLimitAndAShortTraceIsUntouched() {
        String all = LogstashFormatter.builder().maxStackTraceLength(0).build()
                .format(Events.withThrown(Events.event("ERROR", "boom", Map.of()), deep(20_000)));
        assertTrue(TestSupport.parse(all).path("extra").path("stack_trace").asString().length() > 500_000,
                "0: the whole trace");
        String small = LogstashFormatter.builder().maxStackTraceLength(100_000).build()
                .format(Events.withThrown(Events.event("ERROR", "boom", Map.of()), deep(3)));
        String text = TestSupport.parse(small).path("extra").path("stack_trace").asString();
        assertTrue(!text.contains("stack trace cut"), "a short trace is not marked: " + text);
    }

    @Test
    void aNegativeLimitIsRejectedByName() {
        Executable negative = () -> LogstashFormatter.builder().maxStackTraceLength(-1);
        InvalidOptionException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidOptionException.class, negative);
        assertEquals("maxStackTraceLength", e.option(), "the option is named");
    }
}
