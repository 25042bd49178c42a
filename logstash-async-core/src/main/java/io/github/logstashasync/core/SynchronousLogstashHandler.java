package io.github.logstashasync.core;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.spi.EventFormatter;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.core.internal.capture.EventCapture;
import io.github.logstashasync.core.internal.config.LoggingProperties;
import io.github.logstashasync.core.internal.transport.MultiDestinationTransport;
import io.github.logstashasync.core.internal.worker.ErrorReporter;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * A {@code java.util.logging} handler that sends each record at once, on the caller's thread, through the
 * configured transport, as the seed's {@code SynchronousLogstashHandler}: no queue, no retry, so a
 * record that cannot be sent is reported on the {@link ErrorManager} and lost. Prefer
 * {@link AsynchronousLogstashHandler}; this one suits short-lived tools and tests. Never throws into the
 * application.
 */
public final class SynchronousLogstashHandler extends java.util.logging.Handler {

    private final Transport transport;
    private final EventFormatter eventFormatter;
    private final Formatter foreignFormatter;
    private final boolean enabled;
    private final boolean includeCallerData;
    private final ErrorReporter reporter;
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean closed;

    /** Creates a handler from {@code logging.properties}, as {@code java.util.logging.LogManager} does. */
    public SynchronousLogstashHandler() {
        this(fromLoggingProperties());
    }

    private SynchronousLogstashHandler(Builder builder) {
        this.reporter = new ErrorReporter((message, error) -> HandlerSupport.report(this, message, error,
                ErrorManager.WRITE_FAILURE), builder.errorLogRateLimit);
        this.enabled = builder.enable;
        this.includeCallerData = builder.includeCallerData;
        this.foreignFormatter = HandlerSupport.foreignFormatter(builder);
        this.eventFormatter = HandlerSupport.configure(this, builder);
        this.transport = HandlerSupport.createTransport(builder, PipelineSettings.defaults(),
                message -> reporter.report("plugins", message, null),
                (message, error) -> reporter.report("destination", message, error));
    }

    private static Builder fromLoggingProperties() {
        Builder builder = builder();
        builder.read(LoggingProperties.of(SynchronousLogstashHandler.class));
        return builder;
    }

    /** Returns a builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Formats and sends the record now; a failure is reported, never thrown. */
    @Override
    public void publish(LogRecord record) {
        if (!enabled || closed || record == null || LogstashPipeline.isPipelineThread() || !isLoggable(record)) {
            return;
        }
        try {
            LogEvent event = EventCapture.capture(record, includeCallerData, foreignFormatter);
            String document = eventFormatter.format(event);
            String[] rejection = new String[1];
            synchronized (transport) {
                transport.send(List.of(document), (index, reason) -> rejection[0] = reason);
            }
            if (rejection[0] == null) {
                sent.increment();
            } else {
                failed.increment();
                reporter.report("rejected", "event rejected for good and lost: " + rejection[0], null);
            }
        } catch (TransportException e) {
            failed.increment();
            reporter.report("send", "cannot send a log record: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            failed.increment();
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed.increment();
            reporter.report("send", "cannot send a log record: " + e, e);
        }
    }

    /** Nothing is buffered: every record was sent when it was published. */
    @Override
    public void flush() {
        // every publish sends synchronously
    }

    /** Closes the connection, waiting at most {@code socketCloseWait} for unsent bytes. */
    @Override
    public void close() {
        closed = true;
        synchronized (transport) {
            transport.close();
        }
    }

    /**
     * The state and counters of each destination, in configuration order, when there are several
     * ({@code destinations} or {@code resolveAll}); empty with one destination.
     */
    public List<DestinationStatistics> destinations() {
        return transport instanceof MultiDestinationTransport multi ? multi.statistics() : List.of();
    }

    /** Records sent so far. */
    public long sentCount() {
        return sent.sum();
    }

    /** Records that could not be sent and were lost. */
    public long failedCount() {
        return failed.sum();
    }

    /** Builds a {@link SynchronousLogstashHandler}. */
    public static final class Builder extends LogstashHandlerBuilder<Builder> {

        private Builder() {
        }

        @Override
        boolean usesPipelineOptions() {
            return false;
        }

        /**
         * Checks every option and creates the transport, without connecting.
         *
         * @throws InvalidOptionException naming the first invalid option, or a queue option that was set: this
         *         handler has no queue
         */
        public SynchronousLogstashHandler build() {
            if (!touchedPipelineOptions.isEmpty()) {
                throw new InvalidOptionException(touchedPipelineOptions.iterator().next(), "the synchronous handler "
                        + "has no queue and sends on the caller's thread; use AsynchronousLogstashHandler");
            }
            return new SynchronousLogstashHandler(this);
        }
    }
}
