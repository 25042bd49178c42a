package io.github.logstashasync.core.internal.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.github.logstashasync.api.LogEvent;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Elastic Common Schema document of python-logstash-async's {@code LogstashEcsFormatter}, in its default
 * nested form ({@code {"log": {"level": ...}}} rather than {@code "log.level"}), because Logstash pipelines
 * address nested fields ({@code [log][level]}) while a dotted key would stay one literal field name there.
 */
public final class EcsLayout extends JsonEventLayout {

    /** The ECS version the documents declare in {@code ecs.version}. */
    public static final String ECS_VERSION = "8.11.0";
    /** The top-level fields this layout writes. */
    public static final Set<String> TOP_LEVEL_FIELDS = Set.of("@timestamp", "@version", "@metadata", "ecs", "event",
            "host", "log", "message", "process", "error", "tags");
    /** The fields this layout writes under the extra prefix (or at the top level when it is empty). */
    public static final Set<String> EXTRA_FIELDS = Set.of("interpreter", "interpreter_version",
            "logstash_async_version");

    private static final SerializedString LOG = new SerializedString("log");
    private static final SerializedString LEVEL = new SerializedString("level");
    private static final SerializedString LOGGER = new SerializedString("logger");
    private static final SerializedString ORIGIN = new SerializedString("origin");
    private static final SerializedString FUNCTION = new SerializedString("function");
    private static final SerializedString FILE = new SerializedString("file");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString LINE = new SerializedString("line");
    private static final SerializedString MESSAGE = new SerializedString("message");
    private static final SerializedString PROCESS = new SerializedString("process");
    private static final SerializedString THREAD = new SerializedString("thread");
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString ERROR = new SerializedString("error");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString STACK_TRACE = new SerializedString("stack_trace");

    private final ConstantFields topConstants;
    private final ConstantFields logConstants;
    private final ConstantFields processConstants;
    private final ConstantFields extraConstants;
    private final boolean includeStackTrace;

    /**
     * Prepares the layout: host, process and JVM facts and the options' constant fields are serialised now.
     *
     * @throws io.github.logstashasync.api.InvalidOptionException when the extra prefix is a top-level field
     */
    public EcsLayout(FormatterOptions options) {
        super(options, TOP_LEVEL_FIELDS, EXTRA_FIELDS);
        String host = options.fqdn() ? RuntimeInfo.fqdn() : RuntimeInfo.hostName();
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("@version", "1");
        top.put("ecs", Map.of("version", ECS_VERSION));
        top.put("event", Map.of("module", options.messageType()));
        top.put("host", Map.of("hostname", host));
        if (!options.tags().isEmpty()) {
            top.put("tags", options.tags());
        }
        if (!options.metadata().isEmpty()) {
            top.put("@metadata", options.metadata());
        }
        topConstants = constants(top);
        logConstants = constants(Map.of("syslog", Map.of("hostname", host)));
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("pid", RuntimeInfo.pid());
        process.put("name", RuntimeInfo.program());
        process.put("executable", RuntimeInfo.interpreter());
        processConstants = constants(process);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("interpreter", RuntimeInfo.interpreter());
        extra.put("interpreter_version", RuntimeInfo.interpreterVersion());
        extra.put("logstash_async_version", RuntimeInfo.libraryVersion());
        extraConstants = constants(extra);
        includeStackTrace = options.includeStackTrace();
    }

    @Override
    protected void writeFields(JsonGenerator g, LogEvent event, ThreadState state) throws IOException {
        writeTimestamp(g, event.timestamp(), state);
        topConstants.writeTo(g);

        g.writeFieldName(LOG);
        g.writeStartObject();
        writeLevel(g, LEVEL, event);
        writeString(g, LOGGER, event.loggerName());
        logConstants.writeTo(g);
        LogEvent.SourceLocation source = event.source();
        if (source != null) {
            g.writeFieldName(ORIGIN);
            g.writeStartObject();
            if (source.methodName() != null) {
                writeString(g, FUNCTION, source.methodName());
            }
            if (source.fileName() != null || source.lineNumber() >= 0) {
                g.writeFieldName(FILE);
                g.writeStartObject();
                if (source.fileName() != null) {
                    writeString(g, NAME, source.fileName());
                }
                if (source.lineNumber() >= 0) {
                    g.writeFieldName(LINE);
                    g.writeNumber(source.lineNumber());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndObject();

        writeString(g, MESSAGE, event.message());

        g.writeFieldName(PROCESS);
        g.writeStartObject();
        processConstants.writeTo(g);
        g.writeFieldName(THREAD);
        g.writeStartObject();
        if (event.threadName() != null) {
            writeString(g, NAME, event.threadName());
        }
        g.writeFieldName(ID);
        g.writeNumber(event.threadId());
        g.writeEndObject();
        g.writeEndObject();

        Throwable thrown = event.thrown();
        if (thrown != null) {
            g.writeFieldName(ERROR);
            g.writeStartObject();
            writeString(g, TYPE, thrown.getClass().getName());
            String message = StackTraces.message(thrown);
            if (message != null) {
                writeString(g, MESSAGE, message);
            }
            if (includeStackTrace) {
                writeString(g, STACK_TRACE, StackTraces.of(thrown));
            }
            g.writeEndObject();
        }

        startExtras(g);
        extraConstants.writeTo(g);
        writeExtrasAndEnd(g, event, state);
    }
}
