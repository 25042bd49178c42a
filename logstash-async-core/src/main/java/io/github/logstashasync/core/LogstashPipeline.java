package io.github.logstashasync.core;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.spi.EventFormatter;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.core.internal.config.LoggingProperties;
import io.github.logstashasync.core.internal.queue.EventQueue;
import io.github.logstashasync.core.internal.queue.MemoryEventQueue;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.SqliteEventQueue;
import io.github.logstashasync.core.internal.transport.MultiDestinationTransport;
import io.github.logstashasync.core.internal.worker.Counters;
import io.github.logstashasync.core.internal.worker.DeferredQueue;
import io.github.logstashasync.core.internal.worker.ErrorReporter;
import io.github.logstashasync.core.internal.worker.Worker;
import io.github.logstashasync.core.internal.worker.WorkerThread;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The shipper behind every front-end (the JUL handler, the Logback and Log4j 2 appenders): takes captured
 * {@link LogEvent}s, keeps them in a SQLite database ({@code databasePath}) or a bounded memory queue, and sends
 * them in batches through the configured transport, on threads of its own. Knows nothing of any logging framework.
 *
 * <p>{@link #offer} is the only call on the application's path: it never throws and never blocks, except under
 * the {@code BLOCK} overflow policy. Problems go to the builder's {@link Builder#reporter reporter} (standard
 * error by default), rate-limited by {@code errorLogRateLimit}, never back through a logger.
 *
 * <pre>{@code
 * LogstashPipeline pipeline = LogstashPipeline.builder()
 *         .host("logstash.example.com").port(5959)
 *         .databasePath(Path.of("logstash.db"))
 *         .build();
 * pipeline.offer(event);
 * pipeline.close();
 * }</pre>
 */
public final class LogstashPipeline {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String name;
    private final Worker worker;
    private final boolean enabled;
    private final Path databasePath;
    private final PipelineListener listener;
    private final ErrorReporter reporter;
    private final PipelineMetrics metrics;
    /** The transport over several destinations, or null with one. */
    private final MultiDestinationTransport destinations;

    LogstashPipeline(AbstractPipelineBuilder<?> builder, String name, BiConsumer<String, Throwable> sink) {
        this.name = name != null ? name : Integer.toString(INSTANCES.incrementAndGet());
        this.reporter = new ErrorReporter(sink::accept, builder.errorLogRateLimit);
        this.listener = SafeListener.of(builder.listeners, reporter);
        PipelineSettings settings = builder.pipeline.socketTimeout(builder.socketTimeout)
                .socketCloseWait(builder.socketCloseWait).beatsBatchSize(builder.beatsBatchSize)
                .errorLogRateLimit(builder.errorLogRateLimit).build();
        this.enabled = builder.enable;
        this.databasePath = builder.databasePath;
        EventFormatter formatter = eventFormatter(builder);
        Transport transport = HandlerSupport.createTransport(builder, settings,
                message -> reporter.report("plugins", message, null),
                (message, error) -> reporter.report("destination", message, error));
        this.destinations = transport instanceof MultiDestinationTransport multi ? multi : null;
        EventQueue queue;
        try {
            queue = builder.databasePath == null ? new MemoryEventQueue(settings.memoryQueueCapacity())
                    : openDatabase(builder.databasePath, settings);
        } catch (QueueException e) {
            transport.close();
            throw new InvalidOptionException("databasePath", e.getMessage());
        }
        this.worker = new Worker(this.name, settings, formatter, queue, transport, reporter,
                new Counters(listener, this.name));
        this.metrics = new PipelineMetrics(this.name, builder.transport != null ? "custom" : builder.transportId,
                builder.databasePath, worker, reporter, this::destinations);
        metrics.register();
    }

    /**
     * Opens the queue database without waiting for another process's lock, so that a lock held when the
     * application starts never stalls it (it would wait {@code databaseTimeout}, on the thread that logged first
     * when JUL creates the handler). When locked, the database is opened later on the worker's threads, retried
     * and reported, while events wait in memory. Any other failure (a missing directory, a corrupt file) is
     * the configuration's and is thrown.
     */
    private EventQueue openDatabase(Path path, PipelineSettings settings) throws QueueException {
        PipelineSettings noWait = settings.toBuilder().databaseTimeout(Duration.ZERO).build();
        try {
            SqliteEventQueue queue = SqliteEventQueue.open(path, noWait, WorkerThread.factory());
            try {
                queue.busyTimeout(settings.databaseTimeout());
            } catch (QueueException e) {
                queue.close(false);
                throw e;
            }
            return queue;
        } catch (QueueException e) {
            if (!e.transientFailure()) {
                throw e;
            }
            reporter.report("queue", "the queue database " + path + " is locked by another process; events wait in"
                    + " memory until it can be opened, tried again waiting up to databaseTimeout each time", null);
            return new DeferredQueue(() -> SqliteEventQueue.open(path, settings, WorkerThread.factory()), reporter,
                    path.toString());
        }
    }

    /** Returns a builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The formatter the builder describes: its instance, or a default one built from its formatter options. */
    static EventFormatter eventFormatter(AbstractPipelineBuilder<?> builder) {
        Map<String, String> options = builder.formatterOptions;
        if (builder.eventFormatter != null) {
            if (!options.isEmpty()) {
                String option = options.keySet().iterator().next();
                throw new InvalidOptionException(option, "a formatter option cannot be combined with a formatter "
                        + "instance (" + builder.eventFormatter.getClass().getName() + "); configure that one instead");
            }
            return builder.eventFormatter;
        }
        LoggingProperties properties = LoggingProperties.of("", options::get);
        String ecs = options.get("ecs");
        return ecs != null && OptionParsers.bool("ecs", ecs) ? new LogstashEcsFormatter(properties)
                : new LogstashFormatter(properties);
    }

    /**
     * Takes an event into the buffer; never throws, never does I/O, blocks only under the {@code BLOCK} policy.
     *
     * @return whether the event was accepted (false: dropped and counted, or the pipeline is disabled)
     */
    public boolean offer(LogEvent event) {
        if (!enabled || event == null) {
            return false;
        }
        try {
            boolean accepted = worker.offer(event);
            if (accepted && listener != null) {
                listener.accepted(event);
            }
            return accepted;
        } catch (RuntimeException e) {
            reporter.report("offer", "cannot take an event: " + e, e);
            return false;
        }
    }

    /**
     * Counts and reports a log call that a front-end could not capture (its snapshot threw): the event is lost, and
     * counted as dropped ({@link PipelineListener.Drop#CAPTURE_FAILED}). Never throws.
     */
    public void captureFailed(Throwable error) {
        try {
            worker.captureFailed();
            reporter.report("capture", "cannot capture a log call; the event is lost: " + error, error);
        } catch (RuntimeException e) {
            // nothing may reach the application
        }
    }

    /** Asks for queued events to be sent now instead of at {@code flushInterval} or {@code flushCount}; returns at once. */
    public void flush() {
        worker.requestFlush();
    }

    /**
     * Asks for a flush and waits until every event accepted so far has been sent, moved to failed or expired.
     *
     * @return whether that happened within {@code timeout} (false also when interrupted, with the flag kept)
     */
    public boolean flush(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return worker.flush(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops accepting events, persists what the buffer holds, sends what it can within {@code shutdownTimeout},
     * and reports what stays queued. A second call returns at once.
     *
     * @return how many events stay queued (kept for the next start when the queue is a database)
     */
    public long close() {
        long remaining = worker.close();
        metrics.unregister();
        if (listener != null) {
            listener.closed(remaining);
        }
        return remaining;
    }

    /** Returns the counters of this pipeline since it was created. */
    public HandlerStatistics statistics() {
        Counters c = worker.counters();
        return new HandlerStatistics(c.accepted(), c.droppedBuffer(), c.droppedQueue(), c.persisted(), c.sent(),
                c.failed(), c.expired(), c.retries(), worker.pending(), worker.sentTwice(), destinations());
    }

    /**
     * The state and counters of each destination, in configuration order, when there are several
     * ({@code destinations} or {@code resolveAll}); empty with one destination.
     */
    public List<DestinationStatistics> destinations() {
        return destinations == null ? List.of() : destinations.statistics();
    }

    /** The live figures of this pipeline, as its MXBean shows them (for metrics bridges such as Micrometer). */
    public PipelineMXBean metrics() {
        return metrics;
    }

    /** The JMX name this pipeline's MXBean is registered under, or null when it could not be registered. */
    public javax.management.ObjectName objectName() {
        return metrics.objectName();
    }

    /** The name of this pipeline: its threads are {@code logstash-async-persist-NAME} and {@code -send-NAME}. */
    public String name() {
        return name;
    }

    /** Returns the database file, or null when the memory queue is used. */
    public Path databasePath() {
        return databasePath;
    }

    /** Whether the current thread is one of any pipeline's own (a front-end must not capture their events). */
    public static boolean isPipelineThread() {
        return WorkerThread.current();
    }

    /** Builds a {@link LogstashPipeline}; not thread-safe. */
    public static final class Builder extends AbstractPipelineBuilder<Builder> {

        private String name;
        private BiConsumer<String, Throwable> reporter = Builder::toStandardError;

        private Builder() {
        }

        /** Names the pipeline (and its threads); default: a number unique in this JVM. */
        public Builder name(String value) {
            if (value == null || value.isBlank()) {
                throw new InvalidOptionException("name", "a name must not be blank");
            }
            name = value.trim();
            return this;
        }

        /**
         * Sends the pipeline's diagnostics (failed sends, drops, the close summary) to {@code value} instead of
         * standard error: a front-end passes its framework's status channel. Never a logger of the same pipeline.
         */
        public Builder reporter(BiConsumer<String, Throwable> value) {
            reporter = Objects.requireNonNull(value, "reporter");
            return this;
        }

        @Override
        boolean applySpecific(String option, String value) {
            if (option.equals("name")) {
                name(value);
                return true;
            }
            return false;
        }

        @Override
        Set<String> optionNames() {
            return Set.of("name");
        }

        /** The names {@link #option(String, String)} understands besides the transport's own, sorted. */
        public Set<String> knownOptions() {
            return allOptionNames();
        }

        /**
         * Checks every option, creates the transport (without connecting), opens the queue and starts the
         * pipeline's threads.
         *
         * @throws InvalidOptionException naming the first invalid option, or {@code databasePath} when the
         *         database cannot be opened (unwritable, corrupt, missing directory)
         */
        public LogstashPipeline build() {
            return new LogstashPipeline(this, name, reporter);
        }

        /**
         * Builds only the formatter this builder describes (its formatter instance, or the default one from its
         * formatter options, {@code ecs=true} for the ECS one), without a queue, a transport or threads: for a
         * front-end that writes the documents itself, such as an encoder of a file appender. Other options are
         * not read.
         *
         * @throws InvalidOptionException naming the first invalid formatter option
         */
        public EventFormatter buildFormatter() {
            return eventFormatter(this);
        }

        private static void toStandardError(String message, Throwable error) {
            System.err.println(error == null || message.contains(String.valueOf(error.getMessage())) ? message
                    : message + " (" + error + ")");
        }
    }

    /** The listeners behind one, each call guarded: a failing listener is reported, never propagated. */
    private static final class SafeListener implements PipelineListener {
        private final PipelineListener[] listeners;
        private final ErrorReporter reporter;

        private SafeListener(List<PipelineListener> listeners, ErrorReporter reporter) {
            this.listeners = listeners.toArray(new PipelineListener[0]);
            this.reporter = reporter;
        }

        static PipelineListener of(List<PipelineListener> listeners, ErrorReporter reporter) {
            return listeners.isEmpty() ? null : new SafeListener(listeners, reporter);
        }

        private void each(java.util.function.Consumer<PipelineListener> call) {
            for (PipelineListener l : listeners) {
                try {
                    call.accept(l);
                } catch (RuntimeException e) {
                    reporter.report("listener", "a pipeline listener failed (" + l.getClass().getName() + "): " + e, e);
                }
            }
        }

        @Override
        public void accepted(LogEvent event) {
            // a plain loop, not each(): this runs on the application's thread for every event
            for (PipelineListener l : listeners) {
                try {
                    l.accepted(event);
                } catch (RuntimeException e) {
                    reporter.report("listener", "a pipeline listener failed (" + l.getClass().getName() + "): " + e, e);
                }
            }
        }

        @Override
        public void dropped(long count, Drop reason) {
            each(l -> l.dropped(count, reason));
        }

        @Override
        public void persisted(int count) {
            each(l -> l.persisted(count));
        }

        @Override
        public void sent(int count) {
            each(l -> l.sent(count));
        }

        @Override
        public void sendFailed(String message, Throwable error) {
            each(l -> l.sendFailed(message, error));
        }

        @Override
        public void failed(int count, String reason) {
            each(l -> l.failed(count, reason));
        }

        @Override
        public void expired(int count) {
            each(l -> l.expired(count));
        }

        @Override
        public void closed(long remaining) {
            each(l -> l.closed(remaining));
        }
    }
}
