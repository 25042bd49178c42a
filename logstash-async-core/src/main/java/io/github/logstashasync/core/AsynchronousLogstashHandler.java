package io.github.logstashasync.core;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.core.internal.capture.EventCapture;
import io.github.logstashasync.core.internal.config.LoggingProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * A {@code java.util.logging} handler that ships records to Logstash without blocking the application:
 * {@link #publish} takes a snapshot and offers it to a {@link LogstashPipeline}, which persists events to a SQLite
 * database ({@code databasePath}) or a bounded memory queue and sends them in batches through the configured
 * transport, on threads of its own.
 *
 * <p>Configure it with {@link #builder()} or in {@code logging.properties} with keys
 * {@code io.github.logstashasync.core.AsynchronousLogstashHandler.<option>}; the option names are the
 * builder's method names. It never throws into the application: problems go to its {@link ErrorManager}
 * (every one, rate-limited by {@code errorLogRateLimit}: JUL's default {@code ErrorManager} would show only the
 * first, so while it is the default the handler writes to standard error itself).
 */
public final class AsynchronousLogstashHandler extends java.util.logging.Handler {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final LogstashPipeline pipeline;
    private final boolean enabled;
    private final boolean includeCallerData;
    private final Formatter foreignFormatter;

    /** Creates a handler from {@code logging.properties}, as {@code java.util.logging.LogManager} does. */
    public AsynchronousLogstashHandler() {
        this(fromLoggingProperties());
    }

    private AsynchronousLogstashHandler(Builder builder) {
        this.enabled = builder.enable;
        this.includeCallerData = builder.includeCallerData;
        this.foreignFormatter = HandlerSupport.foreignFormatter(builder);
        HandlerSupport.configure(this, builder);
        this.pipeline = new LogstashPipeline(builder, Integer.toString(INSTANCES.incrementAndGet()),
                (message, error) -> HandlerSupport.report(this, message, error, ErrorManager.GENERIC_FAILURE));
    }

    private static Builder fromLoggingProperties() {
        Builder builder = builder();
        builder.read(LoggingProperties.of(AsynchronousLogstashHandler.class));
        return builder;
    }

    /** Returns a builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Takes a snapshot of the record and hands it to the pipeline; never throws, never does I/O. */
    @Override
    public void publish(LogRecord record) {
        if (!enabled || record == null || LogstashPipeline.isPipelineThread() || !isLoggable(record)) {
            return;
        }
        try {
            pipeline.offer(EventCapture.capture(record, includeCallerData, foreignFormatter));
        } catch (RuntimeException e) {
            pipeline.captureFailed(e);
        }
    }

    /**
     * Asks the worker to send queued events now instead of waiting for {@code flushInterval} or
     * {@code flushCount}, as the seed's {@code flush()}; returns at once. A failed flush is retried as usual.
     */
    @Override
    public void flush() {
        pipeline.flush();
    }

    /**
     * Asks for a flush and waits until every event this handler accepted has been sent, moved to failed or
     * expired.
     *
     * @return whether that happened within {@code timeout}
     */
    public boolean flush(Duration timeout) {
        return pipeline.flush(timeout);
    }

    /**
     * Stops accepting records, persists what the buffer holds, sends what it can within
     * {@code shutdownTimeout}, and reports on the {@link ErrorManager} what stays queued.
     */
    @Override
    public void close() {
        pipeline.close();
    }

    /** Returns the counters of this handler since it was created. */
    public HandlerStatistics statistics() {
        return pipeline.statistics();
    }

    /** Returns the database file, or null when the memory queue is used. */
    public Path databasePath() {
        return pipeline.databasePath();
    }

    /** The pipeline behind this handler. */
    public LogstashPipeline pipeline() {
        return pipeline;
    }

    /** Builds an {@link AsynchronousLogstashHandler}. */
    public static final class Builder extends LogstashHandlerBuilder<Builder> {

        private Builder() {
        }

        /**
         * Checks every option, creates the transport (without connecting) and opens the queue.
         *
         * @throws InvalidOptionException naming the first invalid option, or {@code databasePath} when the
         *         database cannot be opened (unwritable, corrupt, missing directory)
         */
        public AsynchronousLogstashHandler build() {
            return new AsynchronousLogstashHandler(this);
        }
    }
}
