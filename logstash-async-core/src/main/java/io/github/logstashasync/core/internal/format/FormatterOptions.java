package io.github.logstashasync.core.internal.format;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.core.LogstashFormatter;
import io.github.logstashasync.core.internal.config.LoggingProperties;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The immutable options shared by the Logstash and the ECS formatter; the defaults are the {@code DEFAULT_*}
 * constants of {@link LogstashFormatter}.
 */
public final class FormatterOptions {

    /** Option names, as they appear in builders and (after the class name) in {@code logging.properties}. */
    public static final String MESSAGE_TYPE = "messageType";
    /** See {@link #MESSAGE_TYPE}. */
    public static final String TAGS = "tags";
    /** See {@link #MESSAGE_TYPE}. */
    public static final String FQDN = "fqdn";
    /** See {@link #MESSAGE_TYPE}. */
    public static final String EXTRA_PREFIX = "extraPrefix";
    /** See {@link #MESSAGE_TYPE}. */
    public static final String EXTRA = "extra";
    /** See {@link #MESSAGE_TYPE}. */
    public static final String ENSURE_ASCII = "ensureAscii";
    /** See {@link #MESSAGE_TYPE}. */
    public static final String METADATA = "metadata";
    /** See {@link #MESSAGE_TYPE}. */
    public static final String INCLUDE_STACK_TRACE = "includeStackTrace";
    /** Option name. */
    public static final String MAX_STACK_TRACE_LENGTH = "maxStackTraceLength";

    private final String messageType;
    private final List<String> tags;
    private final boolean fqdn;
    private final String extraPrefix;
    private final Map<String, Object> extra;
    private final boolean ensureAscii;
    private final Map<String, Object> metadata;
    private final boolean includeStackTrace;
    private final int maxStackTraceLength;
    private final UnaryOperator<String> optionNames;

    private FormatterOptions(Builder builder) {
        this.messageType = builder.messageType;
        this.tags = List.copyOf(builder.tags);
        this.fqdn = builder.fqdn;
        this.extraPrefix = builder.extraPrefix;
        this.extra = Collections.unmodifiableMap(new LinkedHashMap<>(builder.extra));
        this.ensureAscii = builder.ensureAscii;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(builder.metadata));
        this.includeStackTrace = builder.includeStackTrace;
        this.maxStackTraceLength = builder.maxStackTraceLength;
        this.optionNames = builder.optionNames;
    }

    /** Returns a builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the options from {@code properties}; absent options keep their defaults. An option that is present
     * but empty counts as absent, except {@code extraPrefix}, where an empty value puts extras at the top level.
     *
     * @throws InvalidOptionException naming the full key of the first invalid option
     */
    public static FormatterOptions from(LoggingProperties properties) {
        Builder builder = new Builder();
        builder.optionNames = properties::key;
        builder.messageType(properties.string(MESSAGE_TYPE, LogstashFormatter.DEFAULT_MESSAGE_TYPE));
        builder.tags(properties.list(TAGS));
        builder.fqdn(properties.bool(FQDN, LogstashFormatter.DEFAULT_FQDN));
        String prefix = properties.stringOrEmpty(EXTRA_PREFIX);
        builder.extraPrefix(prefix == null ? LogstashFormatter.DEFAULT_EXTRA_PREFIX : prefix);
        builder.extra(properties.map(EXTRA));
        builder.ensureAscii(properties.bool(ENSURE_ASCII, LogstashFormatter.DEFAULT_ENSURE_ASCII));
        builder.metadata(properties.map(METADATA));
        builder.includeStackTrace(properties.bool(INCLUDE_STACK_TRACE, LogstashFormatter.DEFAULT_INCLUDE_STACK_TRACE));
        String max = properties.string(MAX_STACK_TRACE_LENGTH);
        if (max != null) {
            builder.maxStackTraceLength(io.github.logstashasync.api.OptionParsers.integer(
                    properties.key(MAX_STACK_TRACE_LENGTH), max, 0, Integer.MAX_VALUE));
        }
        return builder.build();
    }

    /** The event type, written as {@code type} (Logstash) or {@code event.module} (ECS). */
    public String messageType() {
        return messageType;
    }

    /** The tags; empty when none. */
    public List<String> tags() {
        return tags;
    }

    /** Whether {@code host} is the canonical fully qualified domain name rather than the host name. */
    public boolean fqdn() {
        return fqdn;
    }

    /** The name of the object holding extra fields; empty to write them at the top level. */
    public String extraPrefix() {
        return extraPrefix;
    }

    /** The static extra fields, in insertion order. */
    public Map<String, Object> extra() {
        return extra;
    }

    /** Whether every non-ASCII character is written as a {@code \\uXXXX} escape. */
    public boolean ensureAscii() {
        return ensureAscii;
    }

    /** The fields written under {@code @metadata}; empty for none. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** Whether a throwable's stack trace is written (its type always is). */
    public boolean includeStackTrace() {
        return includeStackTrace;
    }

    /** The longest stack trace written, in characters; 0 is unlimited. */
    public int maxStackTraceLength() {
        return maxStackTraceLength;
    }

    /** The name to use for {@code option} in an error message: the full key when read from a properties file. */
    public String optionName(String option) {
        return optionNames.apply(option);
    }

    /** Builds {@link FormatterOptions}; each setter validates its value at once. Not thread-safe. */
    public static final class Builder {
        private String messageType = LogstashFormatter.DEFAULT_MESSAGE_TYPE;
        private List<String> tags = LogstashFormatter.DEFAULT_TAGS;
        private boolean fqdn = LogstashFormatter.DEFAULT_FQDN;
        private String extraPrefix = LogstashFormatter.DEFAULT_EXTRA_PREFIX;
        private final Map<String, Object> extra = new LinkedHashMap<>(LogstashFormatter.DEFAULT_EXTRA);
        private boolean ensureAscii = LogstashFormatter.DEFAULT_ENSURE_ASCII;
        private final Map<String, Object> metadata = new LinkedHashMap<>(LogstashFormatter.DEFAULT_METADATA);
        private boolean includeStackTrace = LogstashFormatter.DEFAULT_INCLUDE_STACK_TRACE;
        private int maxStackTraceLength = LogstashFormatter.DEFAULT_MAX_STACK_TRACE_LENGTH;
        private UnaryOperator<String> optionNames = UnaryOperator.identity();

        private Builder() {
        }

        /** Sets the message type; any string, not null. */
        public Builder messageType(String value) {
            if (value == null) {
                throw invalid(MESSAGE_TYPE, "must not be null");
            }
            this.messageType = value;
            return this;
        }

        /** Sets the tags; no element may be null. */
        public Builder tags(List<String> value) {
            if (value == null) {
                throw invalid(TAGS, "must not be null; use an empty list for no tags");
            }
            List<String> copy = new ArrayList<>(value.size());
            for (String tag : value) {
                if (tag == null) {
                    throw invalid(TAGS, "a tag must not be null");
                }
                copy.add(tag);
            }
            this.tags = copy;
            return this;
        }

        /** Sets whether the host is written as its fully qualified domain name. */
        public Builder fqdn(boolean value) {
            this.fqdn = value;
            return this;
        }

        /** Sets the extra prefix; empty puts extra fields at the top level. */
        public Builder extraPrefix(String value) {
            if (value == null) {
                throw invalid(EXTRA_PREFIX, "must not be null; use an empty string for top-level extra fields");
            }
            this.extraPrefix = value;
            return this;
        }

        /** Replaces the static extra fields; keys must be non-empty. */
        public Builder extra(Map<String, ?> value) {
            replace(EXTRA, extra, value);
            return this;
        }

        /** Adds or replaces one static extra field. */
        public Builder putExtra(String key, Object value) {
            put(EXTRA, extra, key, value);
            return this;
        }

        /** Sets whether non-ASCII characters are escaped. */
        public Builder ensureAscii(boolean value) {
            this.ensureAscii = value;
            return this;
        }

        /** Replaces the {@code @metadata} fields; keys must be non-empty. */
        public Builder metadata(Map<String, ?> value) {
            replace(METADATA, metadata, value);
            return this;
        }

        /** Adds or replaces one {@code @metadata} field. */
        public Builder putMetadata(String key, Object value) {
            put(METADATA, metadata, key, value);
            return this;
        }

        /** Sets the longest stack trace written, in characters (0: no limit); a longer one is cut and marked. */
        public Builder maxStackTraceLength(int value) {
            if (value < 0) {
                throw invalid(MAX_STACK_TRACE_LENGTH, value + " is negative; use 0 for no limit");
            }
            this.maxStackTraceLength = value;
            return this;
        }

        /** Sets whether stack traces are written. */
        public Builder includeStackTrace(boolean value) {
            this.includeStackTrace = value;
            return this;
        }

        /** Returns the options. */
        public FormatterOptions build() {
            return new FormatterOptions(this);
        }

        private void replace(String option, Map<String, Object> target, Map<String, ?> value) {
            if (value == null) {
                throw invalid(option, "must not be null; use an empty map for none");
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<String, ?> entry : value.entrySet()) {
                put(option, copy, entry.getKey(), entry.getValue());
            }
            target.clear();
            target.putAll(copy);
        }

        private void put(String option, Map<String, Object> target, String key, Object value) {
            if (key == null || key.isEmpty()) {
                throw invalid(option, "a field name must be a non-empty string");
            }
            target.put(key, value);
        }

        private InvalidOptionException invalid(String option, String message) {
            return new InvalidOptionException(optionNames.apply(option), message);
        }
    }
}
