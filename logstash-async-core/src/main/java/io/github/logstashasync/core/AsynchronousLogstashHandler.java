package io.github.logstashasync.core;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.api.OverflowPolicy;
import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.spi.EventFormatter;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.core.internal.capture.EventCapture;
import io.github.logstashasync.core.internal.config.LoggingProperties;
import io.github.logstashasync.core.internal.queue.EventQueue;
import io.github.logstashasync.core.internal.queue.MemoryEventQueue;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.SqliteEventQueue;
import io.github.logstashasync.core.internal.worker.Counters;
import io.github.logstashasync.core.internal.worker.ErrorReporter;
import io.github.logstashasync.core.internal.worker.Worker;
import io.github.logstashasync.core.internal.worker.WorkerThread;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * A {@code java.util.logging} handler that ships records to Logstash without blocking the application:
 * {@link #publish} takes a snapshot and hands it to a bounded buffer; a worker of this handler's own
 * persists events to a SQLite database ({@code databasePath}) or a bounded memory queue, and sends them in
 * batches through the configured transport.
 *
 * <p>Configure it with {@link #builder()} or in {@code logging.properties} with keys
 * {@code io.github.logstashasync.core.AsynchronousLogstashHandler.<option>}; the option names are the
 * builder's method names. It never throws into the application: problems go to its {@link ErrorManager}.
 */
public final class AsynchronousLogstashHandler extends java.util.logging.Handler {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Worker worker;
    private final boolean enabled;
    private final boolean includeCallerData;
    private final Formatter foreignFormatter;
    private final Path databasePath;

    /** Creates a handler from {@code logging.properties}, as {@code java.util.logging.LogManager} does. */
    public AsynchronousLogstashHandler() {
        this(fromLoggingProperties());
    }

    private AsynchronousLogstashHandler(Builder builder) {
        ErrorReporter reporter = new ErrorReporter((message, error) -> reportError(message, error,
                ErrorManager.GENERIC_FAILURE), builder.errorLogRateLimit);
        PipelineSettings settings = builder.pipeline.socketTimeout(builder.socketTimeout)
                .socketCloseWait(builder.socketCloseWait).beatsBatchSize(builder.beatsBatchSize)
                .errorLogRateLimit(builder.errorLogRateLimit).build();
        this.enabled = builder.enable;
        this.includeCallerData = builder.includeCallerData;
        this.databasePath = builder.databasePath;
        this.foreignFormatter = HandlerSupport.foreignFormatter(builder);
        EventFormatter eventFormatter = HandlerSupport.configure(this, builder);
        Transport transport = HandlerSupport.createTransport(builder, message -> reporter.report("plugins", message, null));
        EventQueue queue;
        try {
            queue = builder.databasePath == null ? new MemoryEventQueue(settings.memoryQueueCapacity())
                    : SqliteEventQueue.open(builder.databasePath, settings, WorkerThread.factory());
        } catch (QueueException e) {
            transport.close();
            throw new InvalidOptionException("databasePath", e.getMessage());
        }
        this.worker = new Worker(Integer.toString(INSTANCES.incrementAndGet()), settings, eventFormatter, queue,
                transport, reporter);
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

    /** Takes a snapshot of the record and hands it to the worker; never throws, never does I/O. */
    @Override
    public void publish(LogRecord record) {
        if (!enabled || record == null || WorkerThread.current() || !isLoggable(record)) {
            return;
        }
        try {
            worker.offer(EventCapture.capture(record, includeCallerData, foreignFormatter));
        } catch (RuntimeException e) {
            reportError("logstash-async: cannot capture a log record: " + e, e, ErrorManager.FORMAT_FAILURE);
        }
    }

    /**
     * Asks the worker to send queued events now instead of waiting for {@code flushInterval} or
     * {@code flushCount}, as the seed's {@code flush()}; returns at once. A failed flush is retried as usual.
     */
    @Override
    public void flush() {
        worker.requestFlush();
    }

    /**
     * Asks for a flush and waits until every event this handler accepted has been sent, moved to failed or
     * expired.
     *
     * @return whether that happened within {@code timeout}
     */
    public boolean flush(Duration timeout) {
        try {
            return worker.flush(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops accepting records, persists what the buffer holds, sends what it can within
     * {@code shutdownTimeout}, and reports on the {@link ErrorManager} what stays queued.
     */
    @Override
    public void close() {
        worker.close();
    }

    /** Returns the counters of this handler since it was created. */
    public HandlerStatistics statistics() {
        Counters c = worker.counters();
        return new HandlerStatistics(c.accepted(), c.droppedBuffer(), c.droppedQueue(), c.persisted(), c.sent(),
                c.failed(), c.expired(), c.retries(), worker.pending());
    }

    /** Returns the database file, or null when the memory queue is used. */
    public Path databasePath() {
        return databasePath;
    }

    /** Builds an {@link AsynchronousLogstashHandler}. */
    public static final class Builder extends LogstashHandlerBuilder<Builder> {

        private static final Set<String> OPTIONS = Set.of("databasePath", "eventTtl", "queueCheckInterval",
                "flushInterval", "flushCount", "batchSize", "databaseChunkSize", "databaseTimeout", "vacuumOnShutdown",
                "bufferSize", "overflowPolicy", "blockTimeout", "memoryQueueCapacity", "claimLease",
                "retryInitialDelay", "retryMaxDelay", "shutdownTimeout");

        private final PipelineSettings.Builder pipeline = PipelineSettings.builder();
        private Path databasePath;

        private Builder() {
        }

        /** Sets the SQLite database that keeps events across restarts (seed {@code database_path}); null: memory queue. */
        public Builder databasePath(Path value) {
            databasePath = value;
            return this;
        }

        /** Sets the age after which queued events expire instead of being sent (seed {@code event_ttl}); null: never. */
        public Builder eventTtl(Duration value) {
            pipeline.eventTtl(value);
            return this;
        }

        /** Sets how often an idle worker checks the queue (seed {@code QUEUE_CHECK_INTERVAL}, default 2 s). */
        public Builder queueCheckInterval(Duration value) {
            pipeline.queueCheckInterval(value);
            return this;
        }

        /** Sets the longest time between flushes (seed {@code QUEUED_EVENTS_FLUSH_INTERVAL}, default 10 s). */
        public Builder flushInterval(Duration value) {
            pipeline.flushInterval(value);
            return this;
        }

        /** Sets how many queued events trigger a flush (seed {@code QUEUED_EVENTS_FLUSH_COUNT}, default 50). */
        public Builder flushCount(int value) {
            pipeline.flushCount(value);
            return this;
        }

        /** Sets how many events are handed to the transport at once (seed {@code QUEUED_EVENTS_BATCH_SIZE}, default 50). */
        public Builder batchSize(int value) {
            pipeline.batchSize(value);
            return this;
        }

        /** Sets rows per SQL statement (seed {@code DATABASE_EVENT_CHUNK_SIZE}, default 750). */
        public Builder databaseChunkSize(int value) {
            pipeline.databaseChunkSize(value);
            return this;
        }

        /** Sets how long SQLite waits for another process's lock (seed {@code DATABASE_TIMEOUT}, default 5 s). */
        public Builder databaseTimeout(Duration value) {
            pipeline.databaseTimeout(value);
            return this;
        }

        /** Whether to compact the database on close (seed {@code DATABASE_VACUUM_ON_SHUTDOWN}, default false). */
        public Builder vacuumOnShutdown(boolean value) {
            pipeline.vacuumOnShutdown(value);
            return this;
        }

        /** Sets the capacity of the hand-off buffer in events (default 8192). */
        public Builder bufferSize(int value) {
            pipeline.bufferSize(value);
            return this;
        }

        /** Sets what a log call does when the buffer is full (default {@link OverflowPolicy#BLOCK}). */
        public Builder overflowPolicy(OverflowPolicy value) {
            pipeline.overflowPolicy(value);
            return this;
        }

        /** Sets the longest a log call waits for room under {@link OverflowPolicy#BLOCK} (default 5 s). */
        public Builder blockTimeout(Duration value) {
            pipeline.blockTimeout(value);
            return this;
        }

        /** Sets how many events the memory queue holds (default 100,000); more are dropped and counted. */
        public Builder memoryQueueCapacity(int value) {
            pipeline.memoryQueueCapacity(value);
            return this;
        }

        /** Sets how long a claimed batch stays claimed before it may be sent again (default 2 min). */
        public Builder claimLease(Duration value) {
            pipeline.claimLease(value);
            return this;
        }

        /** Sets the first back-off after a failed send (default 200 ms). */
        public Builder retryInitialDelay(Duration value) {
            pipeline.retryInitialDelay(value);
            return this;
        }

        /** Sets the longest back-off between retries (default 30 s). */
        public Builder retryMaxDelay(Duration value) {
            pipeline.retryMaxDelay(value);
            return this;
        }

        /** Sets the longest {@code close()} spends sending what is queued (default 10 s). */
        public Builder shutdownTimeout(Duration value) {
            pipeline.shutdownTimeout(value);
            return this;
        }

        /** Sets every pipeline setting at once; socket and error-log settings come from this builder. */
        public Builder pipeline(PipelineSettings value) {
            pipeline.queueCheckInterval(value.queueCheckInterval()).flushInterval(value.flushInterval())
                    .flushCount(value.flushCount()).batchSize(value.batchSize())
                    .databaseChunkSize(value.databaseChunkSize()).databaseTimeout(value.databaseTimeout())
                    .vacuumOnShutdown(value.vacuumOnShutdown()).bufferSize(value.bufferSize())
                    .overflowPolicy(value.overflowPolicy()).blockTimeout(value.blockTimeout())
                    .memoryQueueCapacity(value.memoryQueueCapacity()).claimLease(value.claimLease())
                    .retryInitialDelay(value.retryInitialDelay()).retryMaxDelay(value.retryMaxDelay())
                    .shutdownTimeout(value.shutdownTimeout()).eventTtl(value.eventTtl());
            socketTimeout(value.socketTimeout());
            socketCloseWait(value.socketCloseWait());
            beatsBatchSize(value.beatsBatchSize());
            errorLogRateLimit(value.errorLogRateLimit());
            return this;
        }

        @Override
        boolean applySpecific(String name, String value) {
            switch (name) {
                case "databasePath" -> databasePath(value.isBlank() ? null : Path.of(value.trim()));
                case "eventTtl" -> eventTtl(isOff(value) ? null : OptionParsers.duration(name, value));
                case "queueCheckInterval" -> queueCheckInterval(OptionParsers.duration(name, value));
                case "flushInterval" -> flushInterval(OptionParsers.duration(name, value));
                case "flushCount" -> flushCount(OptionParsers.integer(name, value, 1, 1_000_000));
                case "batchSize" -> batchSize(OptionParsers.integer(name, value, 1, 1_000_000));
                case "databaseChunkSize" -> databaseChunkSize(OptionParsers.integer(name, value, 1, 32_766));
                case "databaseTimeout" -> databaseTimeout(OptionParsers.duration(name, value));
                case "vacuumOnShutdown" -> vacuumOnShutdown(OptionParsers.bool(name, value));
                case "bufferSize" -> bufferSize(OptionParsers.integer(name, value, 1, 1 << 24));
                case "overflowPolicy" -> overflowPolicy(OptionParsers.enumValue(name, value, OverflowPolicy.class));
                case "blockTimeout" -> blockTimeout(OptionParsers.duration(name, value));
                case "memoryQueueCapacity" -> memoryQueueCapacity(OptionParsers.integer(name, value, 1, Integer.MAX_VALUE));
                case "claimLease" -> claimLease(OptionParsers.duration(name, value));
                case "retryInitialDelay" -> retryInitialDelay(OptionParsers.duration(name, value));
                case "retryMaxDelay" -> retryMaxDelay(OptionParsers.duration(name, value));
                case "shutdownTimeout" -> shutdownTimeout(OptionParsers.duration(name, value));
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static boolean isOff(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            return v.equals("off") || v.equals("none") || v.equals("never");
        }

        @Override
        Set<String> optionNames() {
            return OPTIONS;
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
