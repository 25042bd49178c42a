package io.github.logstashasync.core.internal.format;

import io.github.logstashasync.api.LogEvent;
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

    private static final char[] LOG = JsonWriter.encodeName("log", true);
    private static final char[] LEVEL = JsonWriter.encodeName("level", true);
    private static final char[] LOGGER = JsonWriter.encodeName("logger", true);
    private static final char[] ORIGIN = JsonWriter.encodeName("origin", true);
    private static final char[] FUNCTION = JsonWriter.encodeName("function", true);
    private static final char[] FILE = JsonWriter.encodeName("file", true);
    private static final char[] NAME = JsonWriter.encodeName("name", true);
    private static final char[] LINE = JsonWriter.encodeName("line", true);
    private static final char[] MESSAGE = JsonWriter.encodeName("message", true);
    private static final char[] PROCESS = JsonWriter.encodeName("process", true);
    private static final char[] THREAD = JsonWriter.encodeName("thread", true);
    private static final char[] ID = JsonWriter.encodeName("id", true);
    private static final char[] ERROR = JsonWriter.encodeName("error", true);
    private static final char[] TYPE = JsonWriter.encodeName("type", true);
    private static final char[] STACK_TRACE = JsonWriter.encodeName("stack_trace", true);

    private final ConstantFields topConstants;
    /** {@link #topConstants} without the static tags, for events whose markers add tags. */
    private final ConstantFields topConstantsWithoutTags;
    private final ConstantFields logConstants;
    private final ConstantFields processConstants;
    private final ConstantFields extraConstants;
    private final boolean includeStackTrace;
    private final int maxStackTraceLength;

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
        top.remove("tags");
        topConstantsWithoutTags = constants(top);
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
        maxStackTraceLength = options.maxStackTraceLength();
    }

    @Override
    protected void writeFields(JsonWriter g, LogEvent event, ThreadState state) {
        writeTimestamp(g, event.timestamp(), state);
        writeTopConstants(g, event, topConstants, topConstantsWithoutTags);

        g.name(LOG);
        g.startObject();
        writeLevel(g, LEVEL, event);
        writeString(g, LOGGER, event.loggerName());
        logConstants.writeTo(g);
        LogEvent.SourceLocation source = event.source();
        if (source != null) {
            g.name(ORIGIN);
            g.startObject();
            if (source.methodName() != null) {
                writeString(g, FUNCTION, source.methodName());
            }
            if (source.fileName() != null || source.lineNumber() >= 0) {
                g.name(FILE);
                g.startObject();
                if (source.fileName() != null) {
                    writeString(g, NAME, source.fileName());
                }
                if (source.lineNumber() >= 0) {
                    g.name(LINE);
                    g.number(source.lineNumber());
                }
                g.endObject();
            }
            g.endObject();
        }
        g.endObject();

        writeString(g, MESSAGE, event.message());

        g.name(PROCESS);
        g.startObject();
        processConstants.writeTo(g);
        g.name(THREAD);
        g.startObject();
        if (event.threadName() != null) {
            writeString(g, NAME, event.threadName());
        }
        g.name(ID);
        g.number(event.threadId());
        g.endObject();
        g.endObject();

        Throwable thrown = event.thrown();
        if (thrown != null) {
            g.name(ERROR);
            g.startObject();
            writeString(g, TYPE, thrown.getClass().getName());
            String message = StackTraces.message(thrown);
            if (message != null) {
                writeString(g, MESSAGE, message);
            }
            if (includeStackTrace) {
                writeString(g, STACK_TRACE, StackTraces.of(thrown, maxStackTraceLength));
            }
            g.endObject();
        }

        startExtras(g);
        extraConstants.writeTo(g);
        writeExtrasAndEnd(g, event, state);
    }
}
