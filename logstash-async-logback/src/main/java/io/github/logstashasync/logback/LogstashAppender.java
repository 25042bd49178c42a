package io.github.logstashasync.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.core.HandlerStatistics;
import io.github.logstashasync.core.LogstashPipeline;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Logback appender that ships events to Logstash without blocking the application: {@link #append} takes an
 * immutable snapshot of the event on the caller's thread (message, level, logger, thread, MDC, SLF4J 2 key-value
 * pairs, markers, {@link io.github.logstashasync.api.Extras} arguments, the throwable, and the caller's location
 * with {@code includeCallerData}) and offers it to a {@link LogstashPipeline}, which persists events to a SQLite
 * database ({@code databasePath}) or a bounded memory queue and sends them in batches through the configured
 * transport, on threads of its own.
 *
 * <pre>{@code
 * <appender name="LOGSTASH" class="io.github.logstashasync.logback.LogstashAppender">
 *   <host>logstash.example.com</host>
 *   <port>5959</port>
 *   <databasePath>/var/lib/app/logstash.db</databasePath>
 *   <tags>app,java</tags>
 *   <option><name>path</name><value>/logs</value></option>   <!-- a transport's own option -->
 * </appender>
 * }</pre>
 *
 * <p>Every option has the name it has in {@code logging.properties}, each a setter here taking text, parsed and
 * checked by the pipeline when the appender starts: an invalid one is an error status of Logback that names it
 * ({@code logstash-async: option 'port': ...}), and the appender does not start (Logback then never calls it);
 * the application never sees an exception. The pipeline's own diagnostics (failed sends, drops, what stays queued
 * at the end) go to Logback's status manager too: events lost or moved to failed as errors, the rest as warnings.
 *
 * <p>The document written is the one of the JUL handler: MDC entries, then key-value pairs, then {@code Extras}
 * fields as extra fields (a later one of the same name wins), markers (with the markers they reference) as tags
 * after the static {@code tags}, and {@code level} with Logback's name ({@code WARN}, not {@code WARNING}).
 *
 * <p>Unsynchronized: the pipeline is thread-safe, so no lock of Logback's is taken on the log call's path. Events
 * logged on the pipeline's own threads are ignored (the library's diagnostics never go back through it).
 */
public class LogstashAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private final Map<String, String> options = new LinkedHashMap<>();
    private String includeCallerData;
    private String includeMdc;
    private String includeKeyValues;
    private String includeMarkers;
    // written before super.start() sets Logback's volatile "started", read only after append() has seen it set
    private LogstashPipeline pipeline;
    private LogbackCapture capture;

    /** Creates an appender with every default; Logback then calls the setters of {@code logback.xml}. */
    public LogstashAppender() {
    }

    /**
     * Checks every option, creates the transport (without connecting), opens the queue and starts the pipeline's
     * threads. An invalid option is reported as an error status naming it, and the appender stays stopped.
     */
    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        String name = getName();
        try {
            LogstashPipeline.Builder builder = LogstashPipeline.builder().reporter(this::report);
            if (name != null && !name.isBlank()) {
                builder.name(name);
            }
            for (Map.Entry<String, String> option : options.entrySet()) {
                builder.option(option.getKey(), option.getValue());
            }
            LogbackCapture newCapture = new LogbackCapture(getContext(),
                    flag("includeCallerData", includeCallerData, false), flag("includeMdc", includeMdc, true),
                    flag("includeKeyValues", includeKeyValues, true), flag("includeMarkers", includeMarkers, true));
            pipeline = builder.build();
            capture = newCapture;
        } catch (InvalidOptionException e) {
            addError("logstash-async: option '" + e.option() + "': " + e.detail()
                    + "; appender '" + name + "' not started");
            return;
        } catch (RuntimeException | LinkageError e) {
            addError("logstash-async: appender '" + name + "' cannot start: " + e, e);
            return;
        }
        super.start();
    }

    static boolean flag(String option, String value, boolean defaultValue) {
        return value == null ? defaultValue : OptionParsers.bool(option, value);
    }

    /** Takes a snapshot of the event and offers it to the pipeline; never throws, never does I/O. */
    @Override
    protected void append(ILoggingEvent event) {
        if (LogstashPipeline.isPipelineThread()) {
            return;
        }
        LogstashPipeline target = pipeline;
        try {
            target.offer(capture.capture(event));
        } catch (RuntimeException e) {
            target.captureFailed(e);
        }
    }

    /**
     * Stops accepting events, persists what the buffer holds, sends what it can within {@code shutdownTimeout}
     * (the whole stop takes at most a second more), and reports as an info status what was sent and what stays
     * queued: in the database for the next start, or lost with the memory queue.
     */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        LogstashPipeline stopped = pipeline;
        long remaining = stopped.close();
        HandlerStatistics statistics = stopped.statistics();
        addInfo("logstash-async: appender '" + getName() + "' stopped: " + statistics.sent() + " events sent, "
                + statistics.dropped() + " dropped, " + statistics.failed() + " failed, " + remaining
                + (stopped.databasePath() != null ? " stay queued in " + stopped.databasePath() : " unsent (memory queue)"));
    }

    /**
     * Asks for a flush and waits until every event accepted so far has been sent, moved to failed or expired.
     *
     * @return whether that happened within {@code timeout}; false when the appender is not started
     */
    public boolean flush(Duration timeout) {
        LogstashPipeline current = pipeline;
        return isStarted() && current != null && current.flush(timeout);
    }

    /** The pipeline behind this appender (for its statistics, or a metrics binder), or null before it started. */
    public LogstashPipeline pipeline() {
        return pipeline;
    }

    /** The pipeline's diagnostics as Logback statuses: lost and failed events are errors, the rest warnings. */
    private void report(String message, Throwable error) {
        if (message.contains(" lost") || message.contains(" dropped") || message.contains(" failed for good")
                || message.contains(" moved to failed")) {
            addError(message, error);
        } else if (message.endsWith(" is open now")) {
            addInfo(message);
        } else {
            addWarn(message, error);
        }
    }

    /** Sets an option by its {@code logging.properties} name, checked at {@link #start()}; null removes it. */
    public void option(String name, String value) {
        if (value == null) {
            options.remove(name);
        } else {
            options.put(name, value);
        }
    }

    /**
     * Adds an {@code <option>}: any option by name, for a transport's own options ({@code path}, {@code username},
     * {@code password} ... of {@code http}, {@code compressionLevel} of {@code beats}) and plugin transports'.
     * Without a {@code <value>} it sets the empty text, which is the way to write one in {@code logback.xml}
     * (Logback skips an empty element such as {@code <extraPrefix></extraPrefix>}):
     * {@code <option><name>extraPrefix</name><value></value></option>} puts extra fields at the top level.
     */
    public void addOption(Option option) {
        if (option == null || option.getName() == null || option.getName().isEmpty()) {
            addError("logstash-async: an <option> of appender '" + getName() + "' has no <name>; it is ignored");
            return;
        }
        option(option.getName(), option.getValue() == null ? "" : option.getValue());
    }

    /** The options set so far by name, in the order set (for tests and diagnostics). */
    Map<String, String> options() {
        return Map.copyOf(options);
    }

    // ---- options of this appender's own

    /** Sets {@code includeCallerData}: whether class, method, file and line of each call are found (default {@code false}). */
    public void setIncludeCallerData(String value) {
        includeCallerData = value;
    }

    /** Sets {@code includeMdc}: whether the MDC's entries are written as extra fields (default {@code true}). */
    public void setIncludeMdc(String value) {
        includeMdc = value;
    }

    /** Sets {@code includeKeyValues}: whether SLF4J 2 key-value pairs are written as extra fields (default {@code true}). */
    public void setIncludeKeyValues(String value) {
        includeKeyValues = value;
    }

    /** Sets {@code includeMarkers}: whether the markers' names are written as tags (default {@code true}). */
    public void setIncludeMarkers(String value) {
        includeMarkers = value;
    }

    // ---- destination, transport and TLS

    /** Sets {@code host}: the receiver's host name or address (default {@code localhost}). */
    public void setHost(String value) {
        option("host", value);
    }

    /** Sets {@code port}: the receiver's port (default 5959). */
    public void setPort(String value) {
        option("port", value);
    }

    /**
     * Sets {@code destinations}: several receivers instead of {@code host} and {@code port}, comma-separated:
     * {@code host:port}, {@code [IPv6]:port}, or for {@code http} URLs. Each has its own connection, back-off and
     * counters; {@code connectionStrategy} picks the one of each batch, and a batch whose destination fails goes
     * on to the next.
     */
    public void setDestinations(String value) {
        option("destinations", value);
    }

    /**
     * Adds one destination: {@code <destination>127.0.0.1:5044</destination>}, repeatable, as in
     * logstash-logback-encoder; they add to those of {@code <destinations>}, in the order written.
     */
    public void addDestination(String value) {
        if (value == null || value.isBlank()) {
            addError("logstash-async: an empty <destination> of appender '" + getName() + "'; give host:port");
            return;
        }
        options.merge("destinations", value.trim(), (before, added) -> before + "," + added);
    }

    /**
     * Sets {@code connectionStrategy} of several destinations: {@code failover} (default: the first one not backing
     * off), {@code round-robin} or {@code random}, moving on every {@code rotateEvery} batches.
     */
    public void setConnectionStrategy(String value) {
        option("connectionStrategy", value);
    }

    /**
     * Sets {@code secondaryConnectionTtl}: under {@code failover}, how long batches keep going to a later destination
     * before the first is tried again (default {@code 5m}; {@code off}: until the later one fails).
     */
    public void setSecondaryConnectionTtl(String value) {
        option("secondaryConnectionTtl", value);
    }

    /** Sets {@code rotateEvery}: batches sent to one destination before the next, under round-robin and random (default 1). */
    public void setRotateEvery(String value) {
        option("rotateEvery", value);
    }

    /**
     * Sets {@code rotateInterval}: under round-robin and random, how long one destination gets the batches before the
     * next (default {@code off}; with {@code rotateEvery} too, whichever comes first).
     */
    public void setRotateInterval(String value) {
        option("rotateInterval", value);
    }

    /** Sets {@code resolveAll}: each address a destination's name resolves to is a destination of its own (default false). */
    public void setResolveAll(String value) {
        option("resolveAll", value);
    }

    /** Sets {@code resolveInterval}: with {@code resolveAll}, how often the names are resolved again (default 30s). */
    public void setResolveInterval(String value) {
        option("resolveInterval", value);
    }

    /**
     * Sets {@code transport}: the transport by provider id: {@code tcp} (default), {@code udp}, {@code http}, {@code
     * beats}, or a plugin's.
     */
    public void setTransport(String value) {
        option("transport", value);
    }

    /** Sets {@code enable}: {@code false} discards every event (default {@code true}). */
    public void setEnable(String value) {
        option("enable", value);
    }

    /** Sets {@code encoding}: the wire encoding (default UTF-8). */
    public void setEncoding(String value) {
        option("encoding", value);
    }

    /**
     * Sets {@code sslEnable}: TLS for {@code tcp}, {@code beats} and {@code http}; needs {@code
     * logstash-async-transport-ssl} (default {@code false}).
     */
    public void setSslEnable(String value) {
        option("sslEnable", value);
    }

    /** Sets {@code sslVerify}: whether the server's certificate chain and host name are checked (default {@code true}). */
    public void setSslVerify(String value) {
        option("sslVerify", value);
    }

    /** Sets {@code keyfile}: the PEM private key of the client certificate, for mutual TLS. */
    public void setKeyfile(String value) {
        option("keyfile", value);
    }

    /** Sets {@code certfile}: the PEM client certificate with its chain, for mutual TLS. */
    public void setCertfile(String value) {
        option("certfile", value);
    }

    /** Sets {@code caCerts}: the PEM bundle of trusted certificate authorities (default: the JDK's). */
    public void setCaCerts(String value) {
        option("caCerts", value);
    }

    /** Sets {@code keyPassword}: the password of an encrypted {@code keyfile}. */
    public void setKeyPassword(String value) {
        option("keyPassword", value);
    }

    /** Sets {@code keyStore}: a Java key store with the client key and certificate, instead of PEM. */
    public void setKeyStore(String value) {
        option("keyStore", value);
    }

    /** Sets {@code keyStorePassword}: the password of {@code keyStore}. */
    public void setKeyStorePassword(String value) {
        option("keyStorePassword", value);
    }

    /** Sets {@code keyStoreType}: the type of {@code keyStore} (default PKCS12). */
    public void setKeyStoreType(String value) {
        option("keyStoreType", value);
    }

    /** Sets {@code trustStore}: a Java trust store, instead of {@code caCerts}. */
    public void setTrustStore(String value) {
        option("trustStore", value);
    }

    /** Sets {@code trustStorePassword}: the password of {@code trustStore}. */
    public void setTrustStorePassword(String value) {
        option("trustStorePassword", value);
    }

    /** Sets {@code trustStoreType}: the type of {@code trustStore} (default PKCS12). */
    public void setTrustStoreType(String value) {
        option("trustStoreType", value);
    }

    /** Sets {@code sslProtocols}: the TLS versions offered, comma-separated (default {@code TLSv1.3,TLSv1.2}). */
    public void setSslProtocols(String value) {
        option("sslProtocols", value);
    }

    /** Sets {@code socketTimeout}: the connect and write timeout (default {@code 5s}). */
    public void setSocketTimeout(String value) {
        option("socketTimeout", value);
    }

    /** Sets {@code socketCloseWait}: how long closing a connection waits for unsent bytes (default {@code 30s}). */
    public void setSocketCloseWait(String value) {
        option("socketCloseWait", value);
    }

    /** Sets {@code beatsBatchSize}: events per Beats window (default 25). */
    public void setBeatsBatchSize(String value) {
        option("beatsBatchSize", value);
    }

    /**
     * Sets {@code errorLogRateLimit}: limits the library's own status messages per kind, for example {@code 10 per
     * minute} (default off).
     */
    public void setErrorLogRateLimit(String value) {
        option("errorLogRateLimit", value);
    }

    // ---- queue and worker

    /** Sets {@code databasePath}: the SQLite file that keeps events across restarts and crashes (default: the memory queue). */
    public void setDatabasePath(String value) {
        option("databasePath", value);
    }

    /** Sets {@code eventTtl}: queued events older than this expire, counted (default: never). */
    public void setEventTtl(String value) {
        option("eventTtl", value);
    }

    /**
     * Sets {@code databaseMaxSize}: the most bytes the SQLite queue's events may take; at the cap the log calls meet
     * the overflow policy, counted (default: no cap).
     */
    public void setDatabaseMaxSize(String value) {
        option("databaseMaxSize", value);
    }

    /** Sets {@code failedEventTtl}: failed events older than this are deleted from the database (default: kept). */
    public void setFailedEventTtl(String value) {
        option("failedEventTtl", value);
    }

    /** Sets {@code queueCheckInterval}: how often an idle worker re-reads the queue (default {@code 2s}). */
    public void setQueueCheckInterval(String value) {
        option("queueCheckInterval", value);
    }

    /** Sets {@code flushInterval}: queued events are sent at least this often (default {@code 10s}). */
    public void setFlushInterval(String value) {
        option("flushInterval", value);
    }

    /** Sets {@code flushCount}: queued events are sent as soon as this many wait (default 50). */
    public void setFlushCount(String value) {
        option("flushCount", value);
    }

    /** Sets {@code batchSize}: events handed to the transport at once (default 50). */
    public void setBatchSize(String value) {
        option("batchSize", value);
    }

    /** Sets {@code databaseChunkSize}: rows per SQL statement (default 750). */
    public void setDatabaseChunkSize(String value) {
        option("databaseChunkSize", value);
    }

    /** Sets {@code databaseTimeout}: how long SQLite waits for another process's lock (default {@code 5s}). */
    public void setDatabaseTimeout(String value) {
        option("databaseTimeout", value);
    }

    /** Sets {@code vacuumOnShutdown}: whether to compact the database when the appender stops (default {@code false}). */
    public void setVacuumOnShutdown(String value) {
        option("vacuumOnShutdown", value);
    }

    /** Sets {@code bufferSize}: the hand-off buffer between log calls and the worker, in events (default 8192). */
    public void setBufferSize(String value) {
        option("bufferSize", value);
    }

    /**
     * Sets {@code overflowPolicy}: what a log call does when the buffer is full: {@code block} (default), {@code
     * drop-newest}, {@code drop-oldest}.
     */
    public void setOverflowPolicy(String value) {
        option("overflowPolicy", value);
    }

    /**
     * Sets {@code blockTimeout}: the longest a log call waits under {@code block} (default {@code 5s}; {@code forever}
     * never drops).
     */
    public void setBlockTimeout(String value) {
        option("blockTimeout", value);
    }

    /** Sets {@code memoryQueueCapacity}: events the memory queue holds (default 100,000). */
    public void setMemoryQueueCapacity(String value) {
        option("memoryQueueCapacity", value);
    }

    /** Sets {@code claimLease}: how long a claimed batch stays claimed before it is sent again (default {@code 2m}). */
    public void setClaimLease(String value) {
        option("claimLease", value);
    }

    /** Sets {@code retryInitialDelay}: the first back-off after a failed send (default {@code 200ms}). */
    public void setRetryInitialDelay(String value) {
        option("retryInitialDelay", value);
    }

    /** Sets {@code retryMaxDelay}: the longest back-off between retries (default {@code 30s}). */
    public void setRetryMaxDelay(String value) {
        option("retryMaxDelay", value);
    }

    /** Sets {@code shutdownTimeout}: the longest {@link #stop()} spends sending what is queued (default {@code 10s}). */
    public void setShutdownTimeout(String value) {
        option("shutdownTimeout", value);
    }

    // ---- the document (LogstashFormatter, or LogstashEcsFormatter with ecs=true)

    /** Sets {@code messageType}: the {@code type} field (default {@code java-logstash}). */
    public void setMessageType(String value) {
        option("messageType", value);
    }

    /** Sets {@code tags}: comma-separated tags for the {@code tags} field, before the markers' names (default none). */
    public void setTags(String value) {
        option("tags", value);
    }

    /** Sets {@code fqdn}: {@code host} as the fully qualified domain name (default {@code false}). */
    public void setFqdn(String value) {
        option("fqdn", value);
    }

    /** Sets {@code extraPrefix}: the object that holds extra fields; empty puts them at the top level (default {@code extra}). */
    public void setExtraPrefix(String value) {
        option("extraPrefix", value);
    }

    /** Sets {@code extra}: static extra fields: a JSON object, or {@code key=value,key2=value2} (default none). */
    public void setExtra(String value) {
        option("extra", value);
    }

    /** Sets {@code ensureAscii}: escape non-ASCII characters as {@code \\uXXXX} (default {@code true}). */
    public void setEnsureAscii(String value) {
        option("ensureAscii", value);
    }

    /** Sets {@code metadata}: fields for {@code @metadata}: a JSON object, or {@code key=value,...} (default none). */
    public void setMetadata(String value) {
        option("metadata", value);
    }

    /** Sets {@code includeStackTrace}: whether a throwable's stack trace is written (default {@code true}). */
    public void setIncludeStackTrace(String value) {
        option("includeStackTrace", value);
    }

    /** Sets {@code maxStackTraceLength}: the longest stack trace written, in characters (default 32768; 0: no limit). */
    public void setMaxStackTraceLength(String value) {
        option("maxStackTraceLength", value);
    }

    /** Sets {@code ecs}: {@code true} writes Elastic Common Schema field names instead (default {@code false}). */
    public void setEcs(String value) {
        option("ecs", value);
    }
}
