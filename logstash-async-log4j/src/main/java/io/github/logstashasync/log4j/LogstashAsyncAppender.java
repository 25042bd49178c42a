package io.github.logstashasync.log4j;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.core.LogstashPipeline;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * A Log4j 2 appender that ships every event to Logstash through the core pipeline: element
 * {@code <LogstashAsync name="logstash" host="logstash.example.com" port="5959" databasePath="logstash.db"/>} in
 * {@code log4j2.xml}, with every option of {@code logging.properties} as an attribute of the same name and a
 * transport's own options as nested {@code <Property name="path" value="/logs"/>} elements.
 *
 * <p>The Log4j event is captured on the calling thread (the ThreadContext map, {@code MapMessage} fields, markers
 * with their parents, {@code Extras} parameters, the throwable, the caller when {@code includeLocation="true"}),
 * and everything after that happens on the pipeline's threads. An invalid option is reported to Log4j's
 * {@code StatusLogger} by name and the appender is not created; the application never gets an exception.
 */
@Plugin(name = LogstashAsyncAppender.PLUGIN_NAME, category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE,
        printObject = true)
public final class LogstashAsyncAppender extends AbstractAppender {

    /** The element name in {@code log4j2.xml}. */
    public static final String PLUGIN_NAME = "LogstashAsync";
    /** The option of this appender besides the pipeline's: whether events carry the caller's location. */
    public static final String INCLUDE_LOCATION = "includeLocation";

    private static final Logger STATUS = StatusLogger.getLogger();

    private final LogstashPipeline pipeline;
    private final boolean includeLocation;
    private final Layout<? extends Serializable> messageLayout;

    private LogstashAsyncAppender(String name, Filter filter, Layout<? extends Serializable> layout,
            boolean ignoreExceptions, Property[] properties, LogstashPipeline pipeline, boolean includeLocation) {
        super(name, filter, layout, ignoreExceptions, properties);
        this.pipeline = pipeline;
        this.includeLocation = includeLocation;
        this.messageLayout = layout;
    }

    /** Returns a builder; Log4j calls it for each {@code <LogstashAsync>} element. */
    @PluginBuilderFactory
    public static Builder newBuilder() {
        return new Builder();
    }

    /** Captures {@code event} and hands it to the pipeline; never throws, blocks only under overflowPolicy BLOCK. */
    @Override
    public void append(LogEvent event) {
        if (LogstashPipeline.isPipelineThread()) {
            return; // the pipeline's own threads must not feed it (a transport that logs through Log4j)
        }
        io.github.logstashasync.api.LogEvent captured;
        try {
            captured = Log4jCapture.capture(event, includeLocation, messageLayout);
        } catch (RuntimeException e) {
            error("cannot capture an event of logger " + event.getLoggerName() + ": " + e, event, e);
            return;
        }
        pipeline.offer(captured);
    }

    /** Whether Log4j must compute the caller's location for this appender (async loggers ask before the hand-off). */
    @Override
    public boolean requiresLocation() {
        return includeLocation || super.requiresLocation();
    }

    /**
     * Closes the pipeline: what is buffered is persisted, what is queued is sent within the pipeline's
     * {@code shutdownTimeout} (default 10 s), and what stays queued is reported (kept in the database for the next
     * start when {@code databasePath} is set).
     */
    @Override
    public boolean stop(long timeout, TimeUnit timeUnit) {
        setStopping();
        boolean stopped = super.stop(timeout, timeUnit, false);
        pipeline.close();
        setStopped();
        return stopped;
    }

    /**
     * Asks for a flush and waits until every event accepted so far has been sent, moved to failed or expired.
     *
     * @return whether that happened within {@code timeout}; false when the appender is stopped
     */
    public boolean flush(Duration timeout) {
        return isStarted() && pipeline.flush(timeout);
    }

    /** The pipeline behind this appender: its statistics, its metrics (a Micrometer binder takes it), a flush. */
    public LogstashPipeline pipeline() {
        return pipeline;
    }

    /**
     * Builds the appender from the attributes and {@code <Property>} elements of {@code log4j2.xml}, or
     * programmatically. Every attribute is a string parsed by the pipeline's option parser, so that an invalid
     * value is reported with the option's name instead of silently replaced by a default.
     */
    public static final class Builder extends AbstractAppender.Builder<Builder>
            implements org.apache.logging.log4j.core.util.Builder<LogstashAsyncAppender> {

        /**
         * Log4j's plugin processor wants a public setter for each attribute field, or this suppression on it: a
         * program sets options by name with {@link #setOption}, one method for every option (a transport's own
         * too) instead of fifty setters.
         */
        private static final String BY_NAME = "log4j.public.setter";

        // destination and transport
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String host;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String port;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String destinations;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String connectionStrategy;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String secondaryConnectionTtl;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String rotateEvery;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String rotateInterval;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String resolveAll;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String resolveInterval;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String transport;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String enable;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String encoding;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String socketTimeout;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String socketCloseWait;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String beatsBatchSize;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String errorLogRateLimit;
        // TLS
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String sslEnable;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String sslVerify;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String keyfile;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String certfile;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String caCerts;
        @PluginBuilderAttribute(sensitive = true) @SuppressWarnings(BY_NAME) private String keyPassword;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String keyStore;
        @PluginBuilderAttribute(sensitive = true) @SuppressWarnings(BY_NAME) private String keyStorePassword;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String keyStoreType;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String trustStore;
        @PluginBuilderAttribute(sensitive = true) @SuppressWarnings(BY_NAME) private String trustStorePassword;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String trustStoreType;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String sslProtocols;
        // the document
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String messageType;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String tags;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String fqdn;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String extraPrefix;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String extra;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String ensureAscii;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String metadata;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String includeStackTrace;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String ecs;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String includeLocation;
        // the queue and the worker
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String databasePath;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String eventTtl;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String databaseMaxSize;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String failedEventTtl;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String queueCheckInterval;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String flushInterval;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String flushCount;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String batchSize;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String databaseChunkSize;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String databaseTimeout;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String vacuumOnShutdown;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String bufferSize;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String overflowPolicy;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String blockTimeout;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String memoryQueueCapacity;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String claimLease;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String retryInitialDelay;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String retryMaxDelay;
        @PluginBuilderAttribute @SuppressWarnings(BY_NAME) private String shutdownTimeout;

        /** Options set with {@link #setOption}, applied after the attributes. */
        private final Map<String, String> options = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets an option by its {@code logging.properties} name (a transport's own too), as an attribute or a
         * {@code <Property>} of {@code log4j2.xml} would; null removes it. Checked in {@link #build()}.
         */
        public Builder setOption(String name, String value) {
            if (value == null) {
                options.remove(name);
            } else {
                options.put(name, value);
            }
            return this;
        }

        /**
         * Returns the options given so far, by name: the attributes, then the {@code <Property>} elements, then
         * {@link #setOption}; a later one wins.
         */
        Map<String, String> options() {
            Map<String, String> all = new LinkedHashMap<>();
            for (Field field : Builder.class.getDeclaredFields()) {
                PluginBuilderAttribute attribute = field.getAnnotation(PluginBuilderAttribute.class);
                if (attribute == null) {
                    continue;
                }
                try {
                    Object value = field.get(this);
                    if (value != null) {
                        all.put(attribute.value().isEmpty() ? field.getName() : attribute.value(), (String) value);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read the builder's own field " + field.getName(), e);
                }
            }
            Property[] properties = getPropertyArray();
            if (properties != null) {
                for (Property property : properties) {
                    if (property != null && property.getName() != null && property.getValue() != null) {
                        all.put(property.getName(), property.getValue());
                    }
                }
            }
            all.putAll(options);
            return all;
        }

        /**
         * Checks every option and starts the pipeline.
         *
         * @return the appender, or null after reporting the invalid option to the {@code StatusLogger} (Log4j then
         *         says the appender could not be created, and the application logs on without it)
         */
        @Override
        public LogstashAsyncAppender build() {
            String name = getName();
            if (name == null || name.isBlank()) {
                STATUS.error("{} appender: the attribute 'name' is required", PLUGIN_NAME);
                return null;
            }
            try {
                LogstashPipeline.Builder pipeline = LogstashPipeline.builder().name(name)
                        .reporter((message, error) -> report(name, message, error));
                boolean location = false;
                for (Map.Entry<String, String> option : options().entrySet()) {
                    if (option.getKey().equals(INCLUDE_LOCATION)) {
                        location = OptionParsers.bool(INCLUDE_LOCATION, option.getValue());
                    } else {
                        pipeline.option(option.getKey(), option.getValue());
                    }
                }
                return new LogstashAsyncAppender(name, getFilter(), getLayout(), isIgnoreExceptions(),
                        getPropertyArray(), pipeline.build(), location);
            } catch (InvalidOptionException e) {
                STATUS.error("{} appender '{}': {}", PLUGIN_NAME, name, e.getMessage());
                return null;
            }
        }

        private static void report(String name, String message, Throwable error) {
            if (error == null) {
                STATUS.error("{} appender '{}': {}", PLUGIN_NAME, name, message);
            } else {
                STATUS.error(PLUGIN_NAME + " appender '" + name + "': " + message, error);
            }
        }
    }
}
