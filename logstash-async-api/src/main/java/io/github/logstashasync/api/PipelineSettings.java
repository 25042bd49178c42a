package io.github.logstashasync.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The tuning of one handler's pipeline: the seed's module constants, made immutable and per handler, plus
 * the hand-off buffer, retry and shutdown settings. Build with {@link #builder()}; every setter checks its
 * value and names the option when it rejects one.
 *
 * @param socketTimeout       connect and write timeout of stream transports (seed {@code SOCKET_TIMEOUT})
 * @param socketCloseWait     how long closing a connection waits for unsent bytes (seed {@code SOCKET_CLOSE_WAIT})
 * @param queueCheckInterval  how often an idle worker looks at the queue for work written by other
 *                            processes and for expired claims (seed {@code QUEUE_CHECK_INTERVAL})
 * @param flushInterval       queued events are sent at least this often (seed {@code QUEUED_EVENTS_FLUSH_INTERVAL})
 * @param flushCount          queued events are sent as soon as this many wait (seed {@code QUEUED_EVENTS_FLUSH_COUNT})
 * @param batchSize           events claimed and handed to the transport at once (seed {@code QUEUED_EVENTS_BATCH_SIZE})
 * @param beatsBatchSize      events in one Beats window (seed {@code QUEUED_EVENTS_BEATS_BATCH_SIZE})
 * @param databaseChunkSize   rows changed by one SQL statement (seed {@code DATABASE_EVENT_CHUNK_SIZE})
 * @param databaseTimeout     how long SQLite waits for a lock held by another connection (seed {@code DATABASE_TIMEOUT})
 * @param errorLogRateLimit   limit on the library's own error messages per kind; null means off
 *                            (seed {@code ERROR_LOG_RATE_LIMIT})
 * @param vacuumOnShutdown    run {@code VACUUM} when the handler closes (seed {@code DATABASE_VACUUM_ON_SHUTDOWN})
 * @param bufferSize          capacity of the hand-off buffer between log calls and the worker, in events
 * @param overflowPolicy      what a log call does when the buffer is full
 * @param blockTimeout        the longest a log call waits for room under {@link OverflowPolicy#BLOCK}
 * @param memoryQueueCapacity events the memory queue holds (no database configured); more are dropped and counted
 * @param claimLease          how long a batch claimed for sending stays claimed before another worker
 *                            (or this one after a crash) may send it again
 * @param retryInitialDelay   the first back-off after a failed send
 * @param retryMaxDelay       the cap of the exponential back-off
 * @param shutdownTimeout     the longest {@code close()} spends sending what is queued
 * @param eventTtl            events older than this are expired instead of sent; null means never
 * @param databaseMaxSize     the most bytes the events of the SQLite queue may take (its pages in use); when they
 *                            reach it, the queue takes no more until the sender has made room, so the log calls
 *                            meet the overflow policy, as with a full memory queue; 0 means no cap
 * @param failedEventTtl      failed events (rejected for good by the receiver) older than this are deleted from
 *                            the SQLite queue's failed table, and the deletion reported; null keeps them
 */
public record PipelineSettings(
        Duration socketTimeout,
        Duration socketCloseWait,
        Duration queueCheckInterval,
        Duration flushInterval,
        int flushCount,
        int batchSize,
        int beatsBatchSize,
        int databaseChunkSize,
        Duration databaseTimeout,
        RateLimit errorLogRateLimit,
        boolean vacuumOnShutdown,
        int bufferSize,
        OverflowPolicy overflowPolicy,
        Duration blockTimeout,
        int memoryQueueCapacity,
        Duration claimLease,
        Duration retryInitialDelay,
        Duration retryMaxDelay,
        Duration shutdownTimeout,
        Duration eventTtl,
        long databaseMaxSize,
        Duration failedEventTtl) {

    /** Default {@code socketTimeout}: 5 s. */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(5);
    /** Default {@code socketCloseWait}: 30 s. */
    public static final Duration DEFAULT_SOCKET_CLOSE_WAIT = Duration.ofSeconds(30);
    /** Default {@code queueCheckInterval}: 2 s. */
    public static final Duration DEFAULT_QUEUE_CHECK_INTERVAL = Duration.ofSeconds(2);
    /** Default {@code flushInterval}: 10 s. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(10);
    /** Default {@code flushCount}: 50. */
    public static final int DEFAULT_FLUSH_COUNT = 50;
    /** Default {@code batchSize}: 50. */
    public static final int DEFAULT_BATCH_SIZE = 50;
    /** Default {@code beatsBatchSize}: 25. */
    public static final int DEFAULT_BEATS_BATCH_SIZE = 25;
    /** Default {@code databaseChunkSize}: 750. */
    public static final int DEFAULT_DATABASE_CHUNK_SIZE = 750;
    /** Default {@code databaseTimeout}: 5 s. */
    public static final Duration DEFAULT_DATABASE_TIMEOUT = Duration.ofSeconds(5);
    /** Default {@code errorLogRateLimit}: off (null). */
    public static final RateLimit DEFAULT_ERROR_LOG_RATE_LIMIT = null;
    /** Default {@code vacuumOnShutdown}: false. */
    public static final boolean DEFAULT_VACUUM_ON_SHUTDOWN = false;
    /** Default {@code bufferSize}: 8192 events. */
    public static final int DEFAULT_BUFFER_SIZE = 8192;
    /** Default {@code overflowPolicy}: {@link OverflowPolicy#BLOCK}, so a burst is absorbed, not dropped. */
    public static final OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.BLOCK;
    /** Default {@code blockTimeout}: 5 s. */
    public static final Duration DEFAULT_BLOCK_TIMEOUT = Duration.ofSeconds(5);
    /**
     * A {@code blockTimeout} without limit ({@code blockTimeout=forever} in configuration): under
     * {@link OverflowPolicy#BLOCK} a log call waits for room as long as it takes and no event is ever dropped
     * for a full buffer, at the price of an application that stalls while the queue cannot take events (as
     * logstash-logback-encoder's {@code appendTimeout=-1}).
     */
    public static final Duration BLOCK_FOREVER = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    /** Default {@code memoryQueueCapacity}: 100,000 events. */
    public static final int DEFAULT_MEMORY_QUEUE_CAPACITY = 100_000;
    /** Default {@code claimLease}: 2 min. */
    public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofMinutes(2);
    /** Default {@code retryInitialDelay}: 200 ms. */
    public static final Duration DEFAULT_RETRY_INITIAL_DELAY = Duration.ofMillis(200);
    /** Default {@code retryMaxDelay}: 30 s. */
    public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(30);
    /** Default {@code shutdownTimeout}: 10 s. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@code eventTtl}: none (null). */
    public static final Duration DEFAULT_EVENT_TTL = null;
    /** Default {@code databaseMaxSize}: no cap (0). */
    public static final long DEFAULT_DATABASE_MAX_SIZE = 0;
    /** Default {@code failedEventTtl}: failed events are kept (null). */
    public static final Duration DEFAULT_FAILED_EVENT_TTL = null;
    /** The smallest {@code databaseMaxSize} other than 0: 64 KiB, a few pages beside the schema. */
    public static final long MIN_DATABASE_MAX_SIZE = 64L << 10;

    /** Checks every component; the message of a failure names the option. */
    public PipelineSettings {
        positive("socketTimeout", socketTimeout);
        notNegative("socketCloseWait", socketCloseWait);
        positive("queueCheckInterval", queueCheckInterval);
        positive("flushInterval", flushInterval);
        OptionParsers.checkRange("flushCount", flushCount, 1, 1_000_000);
        OptionParsers.checkRange("batchSize", batchSize, 1, 1_000_000);
        OptionParsers.checkRange("beatsBatchSize", beatsBatchSize, 1, 1_000_000);
        OptionParsers.checkRange("databaseChunkSize", databaseChunkSize, 1, 32_766);
        notNegative("databaseTimeout", databaseTimeout);
        OptionParsers.checkRange("bufferSize", bufferSize, 1, 1 << 24);
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        notNegative("blockTimeout", blockTimeout);
        OptionParsers.checkRange("memoryQueueCapacity", memoryQueueCapacity, 1, Integer.MAX_VALUE);
        positive("claimLease", claimLease);
        positive("retryInitialDelay", retryInitialDelay);
        positive("retryMaxDelay", retryMaxDelay);
        if (retryMaxDelay.compareTo(retryInitialDelay) < 0) {
            throw new InvalidOptionException("retryMaxDelay", retryMaxDelay + " is shorter than retryInitialDelay "
                    + retryInitialDelay);
        }
        notNegative("shutdownTimeout", shutdownTimeout);
        if (eventTtl != null) {
            positive("eventTtl", eventTtl);
        }
        if (databaseMaxSize != 0 && databaseMaxSize < MIN_DATABASE_MAX_SIZE) {
            throw new InvalidOptionException("databaseMaxSize", databaseMaxSize + " bytes is out of range; allowed: 0 "
                    + "(no cap) or at least 64KiB");
        }
        if (failedEventTtl != null) {
            positive("failedEventTtl", failedEventTtl);
        }
    }

    /** Returns the settings with every default. */
    public static PipelineSettings defaults() {
        return builder().build();
    }

    /** Returns a builder preset with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder preset with these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.socketTimeout = socketTimeout;
        b.socketCloseWait = socketCloseWait;
        b.queueCheckInterval = queueCheckInterval;
        b.flushInterval = flushInterval;
        b.flushCount = flushCount;
        b.batchSize = batchSize;
        b.beatsBatchSize = beatsBatchSize;
        b.databaseChunkSize = databaseChunkSize;
        b.databaseTimeout = databaseTimeout;
        b.errorLogRateLimit = errorLogRateLimit;
        b.vacuumOnShutdown = vacuumOnShutdown;
        b.bufferSize = bufferSize;
        b.overflowPolicy = overflowPolicy;
        b.blockTimeout = blockTimeout;
        b.memoryQueueCapacity = memoryQueueCapacity;
        b.claimLease = claimLease;
        b.retryInitialDelay = retryInitialDelay;
        b.retryMaxDelay = retryMaxDelay;
        b.shutdownTimeout = shutdownTimeout;
        b.eventTtl = eventTtl;
        b.databaseMaxSize = databaseMaxSize;
        b.failedEventTtl = failedEventTtl;
        return b;
    }

    private static void positive(String option, Duration value) {
        if (value == null) {
            throw new InvalidOptionException(option, "a value is required");
        }
        if (value.isZero() || value.isNegative()) {
            throw new InvalidOptionException(option, value + " must be positive");
        }
    }

    private static void notNegative(String option, Duration value) {
        if (value == null) {
            throw new InvalidOptionException(option, "a value is required");
        }
        if (value.isNegative()) {
            throw new InvalidOptionException(option, value + " must not be negative");
        }
    }

    /** Builds {@link PipelineSettings}; values are checked by {@link #build()}. */
    public static final class Builder {
        private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
        private Duration socketCloseWait = DEFAULT_SOCKET_CLOSE_WAIT;
        private Duration queueCheckInterval = DEFAULT_QUEUE_CHECK_INTERVAL;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private int flushCount = DEFAULT_FLUSH_COUNT;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int beatsBatchSize = DEFAULT_BEATS_BATCH_SIZE;
        private int databaseChunkSize = DEFAULT_DATABASE_CHUNK_SIZE;
        private Duration databaseTimeout = DEFAULT_DATABASE_TIMEOUT;
        private RateLimit errorLogRateLimit = DEFAULT_ERROR_LOG_RATE_LIMIT;
        private boolean vacuumOnShutdown = DEFAULT_VACUUM_ON_SHUTDOWN;
        private int bufferSize = DEFAULT_BUFFER_SIZE;
        private OverflowPolicy overflowPolicy = DEFAULT_OVERFLOW_POLICY;
        private Duration blockTimeout = DEFAULT_BLOCK_TIMEOUT;
        private int memoryQueueCapacity = DEFAULT_MEMORY_QUEUE_CAPACITY;
        private Duration claimLease = DEFAULT_CLAIM_LEASE;
        private Duration retryInitialDelay = DEFAULT_RETRY_INITIAL_DELAY;
        private Duration retryMaxDelay = DEFAULT_RETRY_MAX_DELAY;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private Duration eventTtl = DEFAULT_EVENT_TTL;
        private long databaseMaxSize = DEFAULT_DATABASE_MAX_SIZE;
        private Duration failedEventTtl = DEFAULT_FAILED_EVENT_TTL;

        private Builder() {
        }

        /** Sets {@code socketTimeout}. */
        public Builder socketTimeout(Duration value) {
            socketTimeout = value;
            return this;
        }

        /** Sets {@code socketCloseWait}. */
        public Builder socketCloseWait(Duration value) {
            socketCloseWait = value;
            return this;
        }

        /** Sets {@code queueCheckInterval}. */
        public Builder queueCheckInterval(Duration value) {
            queueCheckInterval = value;
            return this;
        }

        /** Sets {@code flushInterval}. */
        public Builder flushInterval(Duration value) {
            flushInterval = value;
            return this;
        }

        /** Sets {@code flushCount}. */
        public Builder flushCount(int value) {
            flushCount = value;
            return this;
        }

        /** Sets {@code batchSize}. */
        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        /** Sets {@code beatsBatchSize}. */
        public Builder beatsBatchSize(int value) {
            beatsBatchSize = value;
            return this;
        }

        /** Sets {@code databaseChunkSize}. */
        public Builder databaseChunkSize(int value) {
            databaseChunkSize = value;
            return this;
        }

        /** Sets {@code databaseTimeout}. */
        public Builder databaseTimeout(Duration value) {
            databaseTimeout = value;
            return this;
        }

        /** Sets {@code errorLogRateLimit}; null turns the limit off. */
        public Builder errorLogRateLimit(RateLimit value) {
            errorLogRateLimit = value;
            return this;
        }

        /** Sets {@code vacuumOnShutdown}. */
        public Builder vacuumOnShutdown(boolean value) {
            vacuumOnShutdown = value;
            return this;
        }

        /** Sets {@code bufferSize}. */
        public Builder bufferSize(int value) {
            bufferSize = value;
            return this;
        }

        /** Sets {@code overflowPolicy}. */
        public Builder overflowPolicy(OverflowPolicy value) {
            overflowPolicy = value;
            return this;
        }

        /** Sets {@code blockTimeout}. */
        public Builder blockTimeout(Duration value) {
            blockTimeout = value;
            return this;
        }

        /** Sets {@code memoryQueueCapacity}. */
        public Builder memoryQueueCapacity(int value) {
            memoryQueueCapacity = value;
            return this;
        }

        /** Sets {@code claimLease}. */
        public Builder claimLease(Duration value) {
            claimLease = value;
            return this;
        }

        /** Sets {@code retryInitialDelay}. */
        public Builder retryInitialDelay(Duration value) {
            retryInitialDelay = value;
            return this;
        }

        /** Sets {@code retryMaxDelay}. */
        public Builder retryMaxDelay(Duration value) {
            retryMaxDelay = value;
            return this;
        }

        /** Sets {@code shutdownTimeout}. */
        public Builder shutdownTimeout(Duration value) {
            shutdownTimeout = value;
            return this;
        }

        /** Sets {@code eventTtl}; null means events never expire. */
        public Builder eventTtl(Duration value) {
            eventTtl = value;
            return this;
        }

        /** Sets {@code databaseMaxSize}, in bytes; 0 means no cap. */
        public Builder databaseMaxSize(long value) {
            databaseMaxSize = value;
            return this;
        }

        /** Sets {@code failedEventTtl}; null keeps failed events. */
        public Builder failedEventTtl(Duration value) {
            failedEventTtl = value;
            return this;
        }

        /** Returns the settings; throws {@link InvalidOptionException} naming the first invalid option. */
        public PipelineSettings build() {
            return new PipelineSettings(socketTimeout, socketCloseWait, queueCheckInterval, flushInterval, flushCount,
                    batchSize, beatsBatchSize, databaseChunkSize, databaseTimeout, errorLogRateLimit,
                    vacuumOnShutdown, bufferSize, overflowPolicy, blockTimeout, memoryQueueCapacity, claimLease,
                    retryInitialDelay, retryMaxDelay, shutdownTimeout, eventTtl, databaseMaxSize,
                    failedEventTtl);
        }
    }
}
