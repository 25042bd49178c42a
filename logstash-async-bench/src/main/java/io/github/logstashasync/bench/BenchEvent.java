package io.github.logstashasync.bench;

import io.github.logstashasync.api.Extras;
import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.Severity;
import io.github.logstashasync.core.LogstashFormatter;
import java.time.Instant;
import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The one benchmark event, the same on both sides: a message of about 80 characters and five extra fields
 * (a string, an integer, a decimal, a boolean and a second string), built anew for every call as an
 * application would.
 */
public final class BenchEvent {

    /** The message: 80 characters, ASCII, no placeholders. */
    public static final String MESSAGE =
            "Order 4711 for customer ACME-EU-0042 accepted; payment pending, warehouse DE-03.";

    private BenchEvent() {
    }

    /** Our side: the five fields as per-call {@link Extras}, passed as the log parameter. */
    public static Extras extras() {
        return Extras.of(
                "request_id", "5f0c3a7e-1b2d-4e6f-8a9b-0c1d2e3f4a5b",
                "user_id", 42_4242,
                "duration_ms", 12.75,
                "cached", Boolean.TRUE,
                "region", "eu-central-1");
    }

    /** The reference side: the same five fields as logstash-logback-encoder structured arguments. */
    public static Object[] structuredArguments() {
        return new Object[] {
            kv("request_id", "5f0c3a7e-1b2d-4e6f-8a9b-0c1d2e3f4a5b"),
            kv("user_id", 42_4242),
            kv("duration_ms", 12.75),
            kv("cached", Boolean.TRUE),
            kv("region", "eu-central-1"),
        };
    }

    /** The JSON document our default formatter writes for the event, as the worker would queue it. */
    public static String ourDocument() {
        Thread current = Thread.currentThread();
        LogEvent event = new LogEvent(Instant.now(), Severity.INFO, "INFO", "bench", current.getName(), current.getId(), MESSAGE,
                null, null, extras());
        return new LogstashFormatter().format(event);
    }
}
