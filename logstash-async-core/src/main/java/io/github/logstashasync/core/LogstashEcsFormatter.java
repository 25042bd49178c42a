package io.github.logstashasync.core;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.spi.EventFormatter;
import io.github.logstashasync.core.internal.capture.EventCapture;
import io.github.logstashasync.core.internal.config.LoggingProperties;
import io.github.logstashasync.core.internal.format.EcsLayout;
import io.github.logstashasync.core.internal.format.FormatterOptions;
import io.github.logstashasync.core.internal.format.JsonEventLayout;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Writes each event as a one-line JSON document with Elastic Common Schema field names, as python-logstash-async's
 * {@code LogstashEcsFormatter} does, in nested form.
 *
 * <p>An example, with the default options:
 * <pre>{@code
 * {"@timestamp": "2016-10-23T15:11:16.853Z", "@version": "1", "ecs": {"version": "8.11.0"},
 *  "event": {"module": "java-logstash"}, "host": {"hostname": "web1"},
 *  "log": {"level": "ERROR", "logger": "com.example.Web", "syslog": {"hostname": "web1"},
 *          "origin": {"function": "get", "file": {"name": "Web.java", "line": 152}}},
 *  "message": "request failed",
 *  "process": {"pid": 23605, "name": "com.example.Main", "executable": "/usr/lib/jvm/java-17/bin/java",
 *              "thread": {"name": "main", "id": 1}},
 *  "error": {"type": "java.io.IOException", "message": "reset", "stack_trace": "java.io.IOException: reset\n..."},
 *  "extra": {"interpreter": "/usr/lib/jvm/java-17/bin/java", "interpreter_version": "17.0.15+6",
 *            "logstash_async_version": "0.1.0", "status_code": 500}}
 * }</pre>
 *
 * <p>{@code event.module} is the {@code messageType}; {@code log.level} uses the same names as
 * {@link LogstashFormatter} (SEVERE is {@code ERROR}, FINE and FINER {@code DEBUG}, FINEST {@code TRACE}), so
 * Kibana recognises them; {@code log.origin} is written when the event has a source location, {@code error} when
 * it has a throwable; {@code tags} and {@code @metadata} when configured. Extra fields go under
 * {@code extraPrefix} (default {@code extra}), or at the top level when it is empty, where a name such as
 * {@code log.level} or {@code http.request.method} is simply a dotted field that Elasticsearch maps like a nested
 * one.
 *
 * <p>The options, their defaults (the {@code DEFAULT_*} constants of {@link LogstashFormatter}), the reserved
 * names rule (an extra named like a field this formatter writes at that level, such as {@code log} or
 * {@code message} at the top level, is written as {@code user_<name>}) and the safe rendering of values are those
 * of {@link LogstashFormatter}. In {@code logging.properties} the options are read as
 * {@code io.github.logstashasync.core.LogstashEcsFormatter.<option>=...}.
 *
 * <p>Thread-safe. As a JUL {@link Formatter} each document ends with a newline.
 */
public class LogstashEcsFormatter extends Formatter implements EventFormatter {

    private final JsonEventLayout layout;

    /**
     * Creates a formatter with the options of this class in {@code logging.properties}.
     *
     * @throws InvalidOptionException naming the full key of an invalid option
     */
    public LogstashEcsFormatter() {
        this.layout = new EcsLayout(FormatterOptions.from(LoggingProperties.of(getClass())));
    }

    /** Creates a formatter with the options of {@code builder}; for subclasses configured in code. */
    protected LogstashEcsFormatter(Builder builder) {
        this.layout = new EcsLayout(builder.options.build());
    }

    /** Creates a formatter with options read from {@code properties}: tests and the command line. */
    LogstashEcsFormatter(LoggingProperties properties) {
        this.layout = new EcsLayout(FormatterOptions.from(properties));
    }

    /** Returns a builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Formats an event as one JSON document without a trailing newline; never throws. */
    @Override
    public String format(LogEvent event) {
        return layout.format(event);
    }

    /** Formats a JUL record as one JSON document followed by a newline, for JUL's own handlers. */
    @Override
    public String format(LogRecord record) {
        return format(EventCapture.capture(record, false)) + "\n";
    }

    /** Builds a {@link LogstashEcsFormatter}; every setter rejects an invalid value at once. Not thread-safe. */
    public static final class Builder extends JsonFormatterBuilder<Builder> {

        private Builder() {
        }

        /**
         * Returns the formatter.
         *
         * @throws InvalidOptionException when the extra prefix is a top-level field name
         */
        public LogstashEcsFormatter build() {
            return new LogstashEcsFormatter(this);
        }
    }
}
