package io.github.logstashasync.core.internal.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpBodiesTest {

    private static List<String> bodies(HttpBodies plan) {
        return plan.bodies().stream().map(b -> new String(b.bytes(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void bodiesFillUpToTheLimitExactly() {
        // ["a","b"] is 9 bytes: both events fit a limit of 9, not of 8
        assertEquals(List.of("[\"a\",\"b\"]"), bodies(HttpBodies.split(List.of("\"a\"", "\"b\""), StandardCharsets.UTF_8, 9)),
                "exactly at the limit");
        assertEquals(List.of("[\"a\"]", "[\"b\"]"),
                bodies(HttpBodies.split(List.of("\"a\"", "\"b\""), StandardCharsets.UTF_8, 8)), "one byte short");
    }

    @Test
    void sizesCountEncodedBytes() {
        String snowman = "\"\u2603\"";
        HttpBodies plan = HttpBodies.split(List.of(snowman, snowman), StandardCharsets.UTF_8, 11);
        assertEquals(2, plan.bodies().size(), "5 UTF-8 bytes each: 2 + 5 + 1 + 5 = 13 > 11");
        assertEquals(1, plan.bodies().get(1).first(), "second body starts at index 1");
    }

    @Test
    void rejectionsAreReportedInOrderUpToAPoint() {
        HttpBodies plan = HttpBodies.split(List.of("\"toolong\"", "1", "\"toolong\"", "2"), StandardCharsets.UTF_8, 4);
        assertEquals(List.of("[1]", "[2]"), bodies(plan), "the fitting events");
        List<String> reported = new ArrayList<>();
        plan.reportBefore(1, (index, reason) -> reported.add(index + ":" + reason));
        assertEquals(List.of("0:event of 9 bytes exceeds maxContentLength of 4 bytes"), reported, "up to index 1");
        plan.reportBefore(4, (index, reason) -> reported.add(index + ":" + reason));
        assertEquals(2, reported.size(), "then the next, once");
        assertEquals("2:event of 9 bytes exceeds maxContentLength of 4 bytes", reported.get(1), "index 2");
    }
}
