package io.github.logstashasync.core;

import io.github.logstashasync.core.internal.format.FormatterOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The options both JSON formatters share ({@link LogstashFormatter}, {@link LogstashEcsFormatter}); every
 * setter rejects an invalid value at once. Not thread-safe.
 *
 * @param <B> the concrete builder
 */
public abstract class JsonFormatterBuilder<B extends JsonFormatterBuilder<B>> {

    final FormatterOptions.Builder options = FormatterOptions.builder();

    JsonFormatterBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Sets {@code type}; default {@code java-logstash}. */
    public B messageType(String messageType) {
        options.messageType(messageType);
        return self();
    }

    /** Sets the tags; none by default. */
    public B tags(List<String> tags) {
        options.tags(tags);
        return self();
    }

    /** Sets the tags; none by default. */
    public B tags(String... tags) {
        options.tags(tags == null ? null : Arrays.asList(tags));
        return self();
    }

    /** Writes the canonical fully qualified domain name as {@code host}; off by default. */
    public B fqdn(boolean fqdn) {
        options.fqdn(fqdn);
        return self();
    }

    /**
     * Sets the name of the object holding extra fields; empty for top-level extras. Default
     * {@code extra}.
     */
    public B extraPrefix(String extraPrefix) {
        options.extraPrefix(extraPrefix);
        return self();
    }

    /** Replaces the static extra fields, written into every event. */
    public B extra(Map<String, ?> extra) {
        options.extra(extra);
        return self();
    }

    /** Adds one static extra field. */
    public B putExtra(String name, Object value) {
        options.putExtra(name, value);
        return self();
    }

    /** Escapes non-ASCII characters; on by default. */
    public B ensureAscii(boolean ensureAscii) {
        options.ensureAscii(ensureAscii);
        return self();
    }

    /** Replaces the fields written under {@code @metadata}. */
    public B metadata(Map<String, ?> metadata) {
        options.metadata(metadata);
        return self();
    }

    /** Adds one field under {@code @metadata}. */
    public B putMetadata(String name, Object value) {
        options.putMetadata(name, value);
        return self();
    }

    /**
     * Sets the longest stack trace written, in characters (default 32,768; 0: no limit); a longer one is cut and
     * its last line says how much was left out.
     */
    public B maxStackTraceLength(int maxLength) {
        options.maxStackTraceLength(maxLength);
        return self();
    }

    /** Writes stack traces of throwables; on by default. */
    public B includeStackTrace(boolean includeStackTrace) {
        options.includeStackTrace(includeStackTrace);
        return self();
    }
}
