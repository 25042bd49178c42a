package io.github.logstashasync.core.internal.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HttpResponsesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void retryAfterInSeconds() {
        assertEquals(Duration.ofSeconds(120), HttpResponses.retryAfter(" 120 ", NOW), "delay-seconds");
        assertEquals(Duration.ZERO, HttpResponses.retryAfter("0", NOW), "zero");
        assertEquals(HttpResponses.MAX_RETRY_AFTER, HttpResponses.retryAfter("99999999999999999999999", NOW),
                "absurd values are capped");
    }

    @Test
    void retryAfterAsHttpDate() {
        assertEquals(Duration.ofSeconds(90), HttpResponses.retryAfter("Mon, 23 Nov 2026 10:01:30 GMT", NOW), "HTTP-date");
        assertEquals(Duration.ZERO, HttpResponses.retryAfter("Mon, 23 Nov 2026 09:00:00 GMT", NOW), "a past date: no wait");
        assertEquals(HttpResponses.MAX_RETRY_AFTER, HttpResponses.retryAfter("Fri, 23 Nov 2046 10:00:00 GMT", NOW),
                "far dates are capped");
    }

    @Test
    void unreadableRetryAfterIsIgnored() {
        assertNull(HttpResponses.retryAfter(null, NOW), "absent");
        assertNull(HttpResponses.retryAfter("", NOW), "empty");
        assertNull(HttpResponses.retryAfter("soon", NOW), "not a number or date");
        assertNull(HttpResponses.retryAfter("-5", NOW), "negative");
    }

    @Test
    void statusClasses() {
        for (int status : new int[] {200, 201, 202, 204}) {
            assertTrue(HttpResponses.accepted(status), status + " accepted");
        }
        for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
            assertTrue(HttpResponses.retryable(status), status + " retryable");
        }
        for (int status : new int[] {301, 400, 401, 403, 404, 413, 422}) {
            assertFalse(HttpResponses.accepted(status) || HttpResponses.retryable(status), status + " permanent");
        }
    }
}
