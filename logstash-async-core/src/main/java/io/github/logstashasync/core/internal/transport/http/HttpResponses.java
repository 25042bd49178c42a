package io.github.logstashasync.core.internal.transport.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** What an HTTP status means for a batch, and the receiver's {@code Retry-After}. */
final class HttpResponses {

    /** The longest {@code Retry-After} honoured, so that a broken header cannot stop sending for years. */
    static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

    /** 413 Content Too Large: the receiver's limit on a request body is below this one. */
    static final int CONTENT_TOO_LARGE = 413;

    private HttpResponses() {
    }

    /** Whether the receiver accepted the body. */
    static boolean accepted(int status) {
        return status >= 200 && status < 300;
    }

    /**
     * Whether sending the same body again may succeed: 408 Request Timeout, 429 Too Many Requests and every 5xx.
     * Other statuses say the receiver will not take this content (400, 413) or this client (401, 403, 404).
     */
    static boolean retryable(int status) {
        return status == 408 || status == 429 || (status >= 500 && status < 600);
    }

    /**
     * Parses a {@code Retry-After} value, delay-seconds or an HTTP-date (RFC 9110); null when absent or
     * unreadable. A date in the past means no wait; waits are capped at {@link #MAX_RETRY_AFTER}.
     */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (text.chars().allMatch(Character::isDigit)) {
            long seconds = text.length() > 18 ? Long.MAX_VALUE : Long.parseLong(text);
            return Duration.ofSeconds(Math.min(seconds, MAX_RETRY_AFTER.toSeconds()));
        }
        try {
            Instant when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            if (!when.isAfter(now)) {
                return Duration.ZERO;
            }
            Duration wait = Duration.between(now, when);
            return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Makes a body excerpt printable on one line: control characters become spaces, the length is bounded. */
    static String printable(String text, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars + 3));
        for (int i = 0; i < text.length() && out.length() < maxChars; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (text.length() > maxChars) {
            out.append("...");
        }
        return out.toString().strip();
    }
}
