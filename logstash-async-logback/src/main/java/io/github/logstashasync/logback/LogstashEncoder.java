package io.github.logstashasync.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.spi.EventFormatter;
import io.github.logstashasync.core.LogstashPipeline;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Logback encoder that writes each event as the JSON document {@link LogstashAppender} ships, one per line
 * (UTF-8, a newline after each), for Logback's own {@code ConsoleAppender}, {@code FileAppender} and
 * {@code RollingFileAppender}: for applications that ship through files or a container's standard output.
 *
 * <pre>{@code
 * <appender name="JSON" class="ch.qos.logback.core.ConsoleAppender">
 *   <encoder class="io.github.logstashasync.logback.LogstashEncoder">
 *     <tags>app</tags>
 *     <extra>{"application": "example-app"}</extra>
 *   </encoder>
 * </appender>
 * }</pre>
 *
 * <p>It takes the formatter options of the appender, by the same names, and the appender's {@code include*}
 * switches. An invalid option is an error status naming it, and the encoder then writes documents with the
 * default options rather than nothing. The document is written on the appender's thread, under its lock; for
 * the fastest path, with a queue that survives crashes, use {@link LogstashAppender}.
 */
public class LogstashEncoder extends EncoderBase<ILoggingEvent> {

    private final Map<String, String> options = new LinkedHashMap<>();
    private String includeCallerData;
    private String includeMdc;
    private String includeKeyValues;
    private String includeMarkers;
    private volatile EventFormatter formatter;
    private volatile LogbackCapture capture;

    /** Creates an encoder with the default options; Logback then calls the setters of {@code logback.xml}. */
    public LogstashEncoder() {
    }

    /** Checks the options and builds the formatter; an invalid option is reported and the defaults are used. */
    @Override
    public void start() {
        try {
            LogstashPipeline.Builder builder = LogstashPipeline.builder();
            for (Map.Entry<String, String> option : options.entrySet()) {
                builder.formatterOption(option.getKey(), option.getValue());
            }
            LogbackCapture newCapture = new LogbackCapture(getContext(),
                    LogstashAppender.flag("includeCallerData", includeCallerData, false),
                    LogstashAppender.flag("includeMdc", includeMdc, true),
                    LogstashAppender.flag("includeKeyValues", includeKeyValues, true),
                    LogstashAppender.flag("includeMarkers", includeMarkers, true));
            formatter = builder.buildFormatter();
            capture = newCapture;
        } catch (InvalidOptionException e) {
            addError("logstash-async: option '" + e.option() + "': " + e.detail()
                    + "; the encoder writes documents with the default options");
            formatter = LogstashPipeline.builder().buildFormatter();
            capture = new LogbackCapture(getContext(), false, true, true, true);
        }
        super.start();
    }

    /** No header: a file of JSON lines. */
    @Override
    public byte[] headerBytes() {
        return null;
    }

    /** One JSON document and a newline, in UTF-8; never throws. */
    @Override
    public byte[] encode(ILoggingEvent event) {
        EventFormatter current = formatter;
        if (current == null) {
            // used without start(), as some programmatic set-ups do
            start();
            current = formatter;
        }
        String document;
        try {
            document = current.format(capture.capture(event));
        } catch (RuntimeException e) {
            addError("logstash-async: cannot encode an event of logger " + event.getLoggerName() + ": " + e, e);
            return new byte[0];
        }
        byte[] text = document.getBytes(StandardCharsets.UTF_8);
        byte[] line = Arrays.copyOf(text, text.length + 1);
        line[text.length] = '\n';
        return line;
    }

    /** No footer. */
    @Override
    public byte[] footerBytes() {
        return null;
    }

    /** Sets a formatter option by its {@code logging.properties} name, checked at {@link #start()}; null removes it. */
    public void option(String name, String value) {
        if (value == null) {
            options.remove(name);
        } else {
            options.put(name, value);
        }
    }

    /**
     * Adds an {@code <option>}: a formatter option by name. Without a {@code <value>} it sets the empty text, which
     * is the way to write one in {@code logback.xml} (Logback skips an empty {@code <extraPrefix></extraPrefix>}):
     * {@code <option><name>extraPrefix</name><value></value></option>} puts extra fields at the top level.
     */
    public void addOption(Option option) {
        if (option == null || option.getName() == null || option.getName().isEmpty()) {
            addError("logstash-async: an <option> of the encoder has no <name>; it is ignored");
            return;
        }
        option(option.getName(), option.getValue() == null ? "" : option.getValue());
    }

    /** Sets {@code includeCallerData}: whether class, method, file and line of each call are written (default {@code false}). */
    public void setIncludeCallerData(String value) {
        includeCallerData = value;
    }

    /** Sets {@code includeMdc}: whether the MDC's entries are written as extra fields (default {@code true}). */
    public void setIncludeMdc(String value) {
        includeMdc = value;
    }

    /** Sets {@code includeKeyValues}: whether SLF4J 2 key-value pairs are written as extra fields (default {@code true}). */
    public void setIncludeKeyValues(String value) {
        includeKeyValues = value;
    }

    /** Sets {@code includeMarkers}: whether the markers' names are written as tags (default {@code true}). */
    public void setIncludeMarkers(String value) {
        includeMarkers = value;
    }

    /** Sets {@code messageType}: the {@code type} field (default {@code java-logstash}). */
    public void setMessageType(String value) {
        option("messageType", value);
    }

    /** Sets {@code tags}: comma-separated tags for the {@code tags} field, before the markers' names (default none). */
    public void setTags(String value) {
        option("tags", value);
    }

    /** Sets {@code fqdn}: {@code host} as the fully qualified domain name (default {@code false}). */
    public void setFqdn(String value) {
        option("fqdn", value);
    }

    /** Sets {@code extraPrefix}: the object that holds extra fields; empty puts them at the top level (default {@code extra}). */
    public void setExtraPrefix(String value) {
        option("extraPrefix", value);
    }

    /** Sets {@code extra}: static extra fields: a JSON object, or {@code key=value,key2=value2} (default none). */
    public void setExtra(String value) {
        option("extra", value);
    }

    /** Sets {@code ensureAscii}: escape non-ASCII characters as {@code \\uXXXX} (default {@code true}). */
    public void setEnsureAscii(String value) {
        option("ensureAscii", value);
    }

    /** Sets {@code metadata}: fields for {@code @metadata}: a JSON object, or {@code key=value,...} (default none). */
    public void setMetadata(String value) {
        option("metadata", value);
    }

    /** Sets {@code includeStackTrace}: whether a throwable's stack trace is written (default {@code true}). */
    public void setIncludeStackTrace(String value) {
        option("includeStackTrace", value);
    }

    /** Sets {@code maxStackTraceLength}: the longest stack trace written, in characters (default 32768; 0: no limit). */
    public void setMaxStackTraceLength(String value) {
        option("maxStackTraceLength", value);
    }

    /** Sets {@code ecs}: {@code true} writes Elastic Common Schema field names instead (default {@code false}). */
    public void setEcs(String value) {
        option("ecs", value);
    }
}
