package io.github.logstashasync.core;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.api.spi.EventFormatter;
import java.util.Objects;
import java.util.Set;
import java.util.logging.ErrorManager;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Level;

/**
 * The options both {@code java.util.logging} handlers share: everything a pipeline has, and the JUL handler's
 * own level, filter, formatter and caller data. Every option can also be set by name with
 * {@link #option(String, String)}, with the names used in {@code logging.properties}.
 *
 * @param <B> the concrete builder
 */
public abstract class LogstashHandlerBuilder<B extends LogstashHandlerBuilder<B>> extends AbstractPipelineBuilder<B> {

    /** The options of the JUL handlers' own. */
    static final Set<String> HANDLER_OPTIONS = Set.of("level", "filter", "formatter", "includeCallerData");

    Formatter formatter;
    Level level = Level.ALL;
    Filter filter;
    boolean includeCallerData;
    ErrorManager errorManager;

    LogstashHandlerBuilder() {
    }

    /** Sets the formatter that writes each event's JSON document (default {@link LogstashFormatter}). */
    @Override
    public B formatter(EventFormatter value) {
        super.formatter(value);
        formatter = value instanceof Formatter julFormatter ? julFormatter : null;
        return self();
    }

    /** Sets a {@link LogstashFormatter} (or a subclass) as the formatter; it is both kinds, so it needs its own overload. */
    public B formatter(LogstashFormatter value) {
        return formatter((EventFormatter) value);
    }

    /** Sets a {@link LogstashEcsFormatter} (or a subclass) as the formatter. */
    public B formatter(LogstashEcsFormatter value) {
        return formatter((EventFormatter) value);
    }

    /**
     * Sets a plain JUL formatter: its output, computed on the caller's thread, becomes the event's
     * {@code message}; the document is still written by the default {@link LogstashFormatter}.
     */
    public B formatter(Formatter value) {
        Objects.requireNonNull(value, "formatter");
        if (value instanceof EventFormatter event) {
            return formatter(event);
        }
        formatter = value;
        eventFormatter = null;
        return self();
    }

    /** Sets the handler's level (default ALL). */
    public B level(Level value) {
        level = Objects.requireNonNull(value, "level");
        return self();
    }

    /** Sets the handler's filter; may be null. */
    public B filter(Filter value) {
        filter = value;
        return self();
    }

    /**
     * Sets the handler's {@link ErrorManager} before its pipeline starts, so that what building finds (a queue
     * database locked by another process) reaches it too, not only what comes later ({@code setErrorManager});
     * null (the default) reports to standard error.
     */
    public B errorManager(ErrorManager value) {
        errorManager = value;
        return self();
    }

    /** Whether to find the calling class, method, file and line of every call (a stack walk; off by default). */
    public B includeCallerData(boolean value) {
        includeCallerData = value;
        return self();
    }

    @Override
    boolean applySpecific(String name, String value) {
        switch (name) {
            case "level" -> level(parseLevel(value));
            case "filter" -> filter(HandlerSupport.instantiate(name, value, Filter.class));
            case "formatter" -> formatter(HandlerSupport.instantiate(name, value, Formatter.class));
            case "includeCallerData" -> includeCallerData(OptionParsers.bool(name, value));
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    Set<String> optionNames() {
        return HANDLER_OPTIONS;
    }

    static Level parseLevel(String value) {
        try {
            return Level.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("level", "'" + value + "' is not a level; use SEVERE, WARNING, INFO, CONFIG, "
                    + "FINE, FINER, FINEST, ALL or OFF");
        }
    }
}
