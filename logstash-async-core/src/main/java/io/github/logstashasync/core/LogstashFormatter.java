package io.github.logstashasync.core;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.spi.EventFormatter;
import io.github.logstashasync.core.internal.capture.EventCapture;
import io.github.logstashasync.core.internal.config.LoggingProperties;
import io.github.logstashasync.core.internal.format.FormatterOptions;
import io.github.logstashasync.core.internal.format.JsonEventLayout;
import io.github.logstashasync.core.internal.format.LogstashLayout;
import java.util.List;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Writes each event as the one-line JSON document of python-logstash-async's {@code LogstashFormatter}.
 *
 * <p>An example, with the default options:
 * <pre>{@code
 * {"@timestamp": "2016-10-23T15:11:16.853Z", "@version": "1", "host": "web1", "logsource": "web1", "pid": 23605,
 *  "program": "com.example.Main", "type": "java-logstash", "level": "WARNING", "message": "Not Found: /hosts/",
 *  "extra": {"logger_name": "com.example.Web", "process_name": "com.example.Main",
 *            "interpreter": "/usr/lib/jvm/java-17/bin/java", "interpreter_version": "17.0.15+6",
 *            "logstash_async_version": "0.1.0", "thread_name": "main", "func_name": "get", "line": 152,
 *            "path": "Web.java", "class_name": "com.example.Web", "status_code": 404}}
 * }</pre>
 *
 * <p>Fields: {@code @timestamp} (UTC, milliseconds), {@code @version}, {@code host} and {@code logsource} (the
 * host name, or the canonical FQDN with {@code fqdn}), {@code pid}, {@code program} (the main class, or the jar of
 * {@code java -jar}), {@code type} ({@code messageType}), {@code tags} and {@code @metadata} when configured,
 * {@code level} (SEVERE is {@code ERROR}, FINE and FINER {@code DEBUG}, FINEST {@code TRACE}; WARNING, INFO,
 * CONFIG and custom levels keep their names) and {@code message}. Under {@code extraPrefix} (default
 * {@code extra}; empty for the top level): {@code logger_name}, {@code thread_name}, {@code process_name},
 * {@code interpreter} and {@code interpreter_version} (the JVM), {@code logstash_async_version}; when the event
 * has a source location {@code func_name}, {@code line}, {@code path} (the source file name) and
 * {@code class_name}; with a throwable {@code error_type} and {@code stack_trace} (as
 * {@link Throwable#printStackTrace()} prints it, unless {@code includeStackTrace} is off); then the static
 * extras of the configuration and the per-call {@link io.github.logstashasync.api.Extras}, a per-call field
 * replacing a static one of the same name.
 *
 * <p><b>Reserved names.</b> An extra field (static or per-call) whose name is a field this formatter writes at
 * the same level ({@code logger_name}, {@code line} ...; with an empty {@code extraPrefix} also {@code message},
 * {@code level}, {@code @timestamp}, {@code host} ...) never replaces the formatter's field: it is written as
 * {@code user_<name>} instead (with another {@code user_} while that name is taken too).
 *
 * <p><b>Values.</b> Extra values are written as their natural JSON: strings, numbers (BigDecimal and BigInteger
 * exactly), booleans, null, maps (keys by {@code String.valueOf}), collections, iterables, arrays (primitive
 * too), optionals, enums (their name), dates and {@code java.time} values (ISO-8601 strings), UUIDs, paths and
 * Jackson trees; anything else as its {@code toString()}. Formatting never throws: a {@code toString()} that
 * throws gives {@code "<unserialisable com.example.Type: java.lang.IllegalStateException: reason>"}; a map or
 * collection that contains itself gives {@code "<cycle>"} where it repeats; nesting deeper than 32 levels gives
 * {@code "<too deep>"}; NaN and infinities, which JSON lacks, are the strings {@code "NaN"}, {@code "Infinity"}
 * and {@code "-Infinity"}; a lone UTF-16 surrogate in any text becomes U+FFFD, so the document is always valid
 * UTF-8; line breaks inside values stay escaped, so the document is always one line. Messages have no size
 * limit here; the transports enforce theirs.
 *
 * <p>Options, from {@link #builder()} or from {@code logging.properties} as
 * {@code io.github.logstashasync.core.LogstashFormatter.<option>=...} (a subclass reads its own class name):
 * {@code messageType}, {@code tags} (comma-separated), {@code fqdn}, {@code extraPrefix} (an empty value puts
 * extras at the top level), {@code extra} and {@code metadata} (a JSON object, or {@code key=value,key2=value2}),
 * {@code ensureAscii} (escape every non-ASCII character as {@code \\uXXXX}, as Python's {@code json.dumps}
 * does by default) and {@code includeStackTrace}.
 *
 * <p>Thread-safe. As a JUL {@link Formatter} (for a {@code FileHandler}, say) each document ends with a newline.
 */
public class LogstashFormatter extends Formatter implements EventFormatter {

    /** The default {@code type}: {@value}. */
    public static final String DEFAULT_MESSAGE_TYPE = "java-logstash";
    /** By default there are no tags, and no {@code tags} field. */
    public static final List<String> DEFAULT_TAGS = List.of();
    /** By default {@code host} is the host name, not the fully qualified domain name. */
    public static final boolean DEFAULT_FQDN = false;
    /** The default name of the object holding extra fields: {@value}. */
    public static final String DEFAULT_EXTRA_PREFIX = "extra";
    /** By default there are no static extra fields. */
    public static final Map<String, Object> DEFAULT_EXTRA = Map.of();
    /** By default non-ASCII characters are escaped, as Python's {@code json.dumps} does. */
    public static final boolean DEFAULT_ENSURE_ASCII = true;
    /** By default there is no {@code @metadata} field. */
    public static final Map<String, Object> DEFAULT_METADATA = Map.of();
    /** By default the stack trace of a throwable is written. */
    public static final boolean DEFAULT_INCLUDE_STACK_TRACE = true;
    /** Default {@code maxStackTraceLength}: 32,768 characters; longer stack traces are cut and marked. */
    public static final int DEFAULT_MAX_STACK_TRACE_LENGTH = 32_768;

    private final JsonEventLayout layout;

    /**
     * Creates a formatter with the options of this class in {@code logging.properties}.
     *
     * @throws InvalidOptionException naming the full key of an invalid option
     */
    public LogstashFormatter() {
        this.layout = new LogstashLayout(FormatterOptions.from(LoggingProperties.of(getClass())));
    }

    /** Creates a formatter with the options of {@code builder}; for subclasses configured in code. */
    protected LogstashFormatter(Builder builder) {
        this.layout = new LogstashLayout(builder.options.build());
    }

    /** Creates a formatter with options read from {@code properties}: tests and the command line. */
    LogstashFormatter(LoggingProperties properties) {
        this.layout = new LogstashLayout(FormatterOptions.from(properties));
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

    /** Builds a {@link LogstashFormatter}; every setter rejects an invalid value at once. Not thread-safe. */
    public static final class Builder extends JsonFormatterBuilder<Builder> {

        private Builder() {
        }

        /**
         * Returns the formatter.
         *
         * @throws InvalidOptionException when the extra prefix is a top-level field name
         */
        public LogstashFormatter build() {
            return new LogstashFormatter(this);
        }
    }
}
