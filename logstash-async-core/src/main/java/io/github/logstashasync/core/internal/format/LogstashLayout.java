package io.github.logstashasync.core.internal.format;

import io.github.logstashasync.api.LogEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The document of python-logstash-async's {@code LogstashFormatter}, field for field. */
public final class LogstashLayout extends JsonEventLayout {

    /** The top-level fields this layout writes. */
    public static final Set<String> TOP_LEVEL_FIELDS = Set.of("@timestamp", "@version", "@metadata", "host", "level",
            "logsource", "message", "pid", "program", "type", "tags");
    /** The fields this layout writes under the extra prefix (or at the top level when it is empty). */
    public static final Set<String> EXTRA_FIELDS = Set.of("logger_name", "thread_name", "func_name", "line", "path",
            "class_name", "process_name", "interpreter", "interpreter_version", "logstash_async_version",
            "stack_trace", "error_type");

    private static final char[] LEVEL = JsonWriter.encodeName("level", true);
    private static final char[] MESSAGE = JsonWriter.encodeName("message", true);
    private static final char[] LOGGER_NAME = JsonWriter.encodeName("logger_name", true);
    private static final char[] THREAD_NAME = JsonWriter.encodeName("thread_name", true);
    private static final char[] FUNC_NAME = JsonWriter.encodeName("func_name", true);
    private static final char[] LINE = JsonWriter.encodeName("line", true);
    private static final char[] PATH = JsonWriter.encodeName("path", true);
    private static final char[] CLASS_NAME = JsonWriter.encodeName("class_name", true);
    private static final char[] STACK_TRACE = JsonWriter.encodeName("stack_trace", true);
    private static final char[] ERROR_TYPE = JsonWriter.encodeName("error_type", true);

    private final ConstantFields topConstants;
    /** {@link #topConstants} without the static tags, for events whose markers add tags. */
    private final ConstantFields topConstantsWithoutTags;
    private final ConstantFields extraConstants;
    private final boolean includeStackTrace;
    private final int maxStackTraceLength;

    /**
     * Prepares the layout: host, process and JVM facts and the options' constant fields are serialised now.
     *
     * @throws io.github.logstashasync.api.InvalidOptionException when the extra prefix is a top-level field
     */
    public LogstashLayout(FormatterOptions options) {
        super(options, TOP_LEVEL_FIELDS, EXTRA_FIELDS);
        String host = options.fqdn() ? RuntimeInfo.fqdn() : RuntimeInfo.hostName();
        String program = RuntimeInfo.program();
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("@version", "1");
        top.put("host", host);
        top.put("logsource", host);
        top.put("pid", RuntimeInfo.pid());
        top.put("program", program);
        top.put("type", options.messageType());
        if (!options.tags().isEmpty()) {
            top.put("tags", options.tags());
        }
        if (!options.metadata().isEmpty()) {
            top.put("@metadata", options.metadata());
        }
        topConstants = constants(top);
        top.remove("tags");
        topConstantsWithoutTags = constants(top);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("process_name", program);
        extra.put("interpreter", RuntimeInfo.interpreter());
        extra.put("interpreter_version", RuntimeInfo.interpreterVersion());
        extra.put("logstash_async_version", RuntimeInfo.libraryVersion());
        extraConstants = constants(extra);
        includeStackTrace = options.includeStackTrace();
        maxStackTraceLength = options.maxStackTraceLength();
    }

    @Override
    protected void writeFields(JsonWriter g, LogEvent event, ThreadState state) {
        writeTimestamp(g, event.timestamp(), state);
        writeTopConstants(g, event, topConstants, topConstantsWithoutTags);
        writeLevel(g, LEVEL, event);
        writeString(g, MESSAGE, event.message());
        startExtras(g);
        writeString(g, LOGGER_NAME, event.loggerName());
        extraConstants.writeTo(g);
        writeString(g, THREAD_NAME, event.threadName());
        LogEvent.SourceLocation source = event.source();
        if (source != null) {
            if (source.methodName() != null) {
                writeString(g, FUNC_NAME, source.methodName());
            }
            if (source.lineNumber() >= 0) {
                g.name(LINE);
                g.number(source.lineNumber());
            }
            if (source.fileName() != null) {
                writeString(g, PATH, source.fileName());
            }
            if (source.className() != null) {
                writeString(g, CLASS_NAME, source.className());
            }
        }
        Throwable thrown = event.thrown();
        if (thrown != null) {
            writeString(g, ERROR_TYPE, thrown.getClass().getName());
            if (includeStackTrace) {
                writeString(g, STACK_TRACE, StackTraces.of(thrown, maxStackTraceLength));
            }
        }
        writeExtrasAndEnd(g, event, state);
    }
}
