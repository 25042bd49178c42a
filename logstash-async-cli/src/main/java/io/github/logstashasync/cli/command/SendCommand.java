package io.github.logstashasync.cli.command;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.spi.EventFormatter;
import io.github.logstashasync.cli.internal.Durations;
import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.cli.internal.SeedEvents;
import io.github.logstashasync.cli.internal.StopSignal;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import io.github.logstashasync.core.DestinationStatistics;
import io.github.logstashasync.core.HandlerStatistics;
import io.github.logstashasync.core.LogstashEcsFormatter;
import io.github.logstashasync.core.LogstashFormatter;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueueInspector;
import io.github.logstashasync.core.internal.queue.QueueStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code send}: test events to a destination through {@code AsynchronousLogstashHandler}, with every handler option
 * as a flag; prints how many were sent and failed, and exits with 1 when not all were delivered.
 */
@Command(name = "send", description = {
    "Send test events to a receiver through AsynchronousLogstashHandler.",
    "By default the four examples of the python-logstash-async docs, or --count copies of --message. Every handler",
    "option is a flag (the kebab-case of its logging.properties name). Prints sent/failed; exits with 1 when not",
    "every event was delivered."})
final class SendCommand extends BaseCommand {

    private final CliContext context;
    private final HandlerFlags flags;

    @Option(names = {"-n", "--count"}, paramLabel = "N",
            description = "how many events (default: 4, the examples, or 1 with --message)")
    Integer count;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0",
            description = "events per second; 0 sends as fast as possible (default)")
    double rate;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "the message of every event")
    String message;

    @Option(names = "--message-file", paramLabel = "FILE",
            description = "the message of every event from FILE (UTF-8; - for standard input), one final line end cut")
    String messageFile;

    @Option(names = {"-l", "--level"}, paramLabel = "LEVEL", converter = Converters.LevelConverter.class,
            description = "level of the --message events: SEVERE/ERROR, WARNING, INFO (default), FINE/DEBUG, ...")
    Level level;

    @Option(names = {"-e", "--extra"}, paramLabel = "KEY=VALUE",
            description = "an extra field on every event; typed: 42 and 1.5 are numbers, true/false booleans, "
                    + "{...} and [...] JSON, \"42\" a string; repeatable")
    Map<String, String> extras = new LinkedHashMap<>();

    @Option(names = "--logger", paramLabel = "NAME", defaultValue = SeedEvents.LOGGER_NAME,
            description = "logger name of the events (default ${DEFAULT-VALUE})")
    String loggerName;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            converter = Converters.DurationConverter.class,
            description = "the longest the whole command takes: logging, delivery and closing the handler (a second"
                    + " more at most when a database lock or a stuck write is cut short); what is not delivered by"
                    + " then counts as not delivered (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--message-type", paramLabel = "TYPE", description = "formatter: the type field (default "
            + LogstashFormatter.DEFAULT_MESSAGE_TYPE + ")")
    String messageType;

    @Option(names = "--tags", paramLabel = "LIST", split = ",", description = "formatter: tags, comma-separated")
    List<String> tags;

    @Option(names = "--fqdn", description = "formatter: host as the fully qualified domain name")
    boolean fqdn;

    @Option(names = "--extra-prefix", paramLabel = "NAME",
            description = "formatter: object holding the extra fields (default extra; empty: top level)")
    String extraPrefix;

    @Option(names = "--ensure-ascii", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "formatter: escape non-ASCII characters (default true)")
    Boolean ensureAscii;

    @Option(names = "--ecs", description = "write Elastic Common Schema fields (LogstashEcsFormatter)")
    boolean ecs;

    SendCommand(CliContext context, HandlerFlags flags) {
        this.context = context;
        this.flags = flags;
    }

    /** The most of {@code --timeout} that closing the handler may take: the rest is for logging and delivery. */
    static final Duration CLOSE_SHARE = Duration.ofSeconds(1);

    @Override
    public Integer call() throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (messageFile != null) {
            message = readMessage();
        }
        Map<String, String> values = flags.values(context);
        Map<String, Object> typedExtras = typedExtras();
        int total = count != null ? count : message != null ? 1 : SeedEvents.all().size();
        if (total < 0) {
            throw new CliException(ExitCodes.USAGE, "--count must be 0 or more");
        }
        if (rate < 0) {
            throw new CliException(ExitCodes.USAGE, "--rate must be 0 or more");
        }
        // closing gets its share of the timeout, at most a second (a --shutdown-timeout given wins)
        Duration closing = timeout.dividedBy(4).compareTo(CLOSE_SHARE) < 0 ? timeout.dividedBy(4) : CLOSE_SHARE;
        AsynchronousLogstashHandler.Builder builder = AsynchronousLogstashHandler.builder().shutdownTimeout(closing);
        Destinations.apply(builder, values, flags);
        EventFormatter formatter = formatter(values);
        if (formatter != null) {
            builder.formatter(formatter);
        }
        // events that an earlier run left in the database are sent too: counted apart, not as this run's
        long queuedBefore = Math.max(0, queuedInDatabase(values));
        // before the build: a database locked at start is reported while building, as a warning like the others
        HandlerErrors errors = new HandlerErrors(text -> warn(context, text));
        builder.errorManager(errors);
        AsynchronousLogstashHandler handler = build(builder, values);
        Logger logger = Logger.getLogger(loggerName);
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean stopped = new AtomicBoolean();
        HandlerStatistics statistics;
        StopSignal.Registration stop = context.stops().onStop(() -> {
            stopped.set(true);
            awaitQuietly(done, Duration.ofSeconds(3));
        });
        try {
            long deliveryDeadline = deadline - closing.toNanos();
            int logged = log(logger, total, typedExtras, stopped, deliveryDeadline);
            long left = Math.max(0, deliveryDeadline - System.nanoTime());
            handler.flush(stopped.get() ? Duration.ofMillis(Math.min(500, left / 1_000_000)) : Duration.ofNanos(left));
            logger.removeHandler(handler);
            handler.close();
            statistics = handler.statistics();
            // the Ctrl-C hook waits for done: the summary is printed before the process ends
            return report(values, logged, total, queuedBefore, statistics, errors);
        } finally {
            logger.removeHandler(handler);
            handler.close();
            done.countDown();
            stop.close();
        }
    }

    /** The text of {@code --message-file}: the file's, or standard input's for {@code -}. */
    private String readMessage() {
        if (message != null) {
            throw new CliException(ExitCodes.USAGE, "give --message or --message-file, not both");
        }
        byte[] bytes;
        try {
            bytes = messageFile.equals("-") ? context.in().readAllBytes() : Files.readAllBytes(Path.of(messageFile));
        } catch (IOException e) {
            throw new CliException(ExitCodes.IO, "cannot read --message-file " + messageFile + ": " + e, e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CliException(ExitCodes.USAGE, "--message-file " + messageFile + " is not UTF-8 text");
        }
        return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private Map<String, Object> typedExtras() {
        Map<String, Object> typed = new LinkedHashMap<>();
        extras.forEach((key, value) -> {
            if (key.isBlank()) {
                throw new CliException(ExitCodes.USAGE, "--extra " + key + "=" + value + ": the field has no name;"
                        + " use --extra NAME=VALUE");
            }
            try {
                typed.put(key, Json.typed(value));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, "--extra " + key + ": " + e.getMessage());
            }
        });
        return typed;
    }

    /**
     * Logs up to {@code total} events; stops early at Ctrl-C, or, when paced by {@code --rate}, at {@code deadline}
     * (a System.nanoTime).
     */
    private int log(Logger logger, int total, Map<String, Object> typedExtras, AtomicBoolean stopped, long deadline)
            throws InterruptedException {
        List<SeedEvents.SeedEvent> seed = SeedEvents.all();
        long interval = rate > 0 ? (long) (1_000_000_000L / rate) : 0;
        long next = System.nanoTime();
        for (int i = 0; i < total; i++) {
            // without --rate logging takes no time: every event is logged, also when the timeout is tight
            if (stopped.get() || interval > 0 && System.nanoTime() - deadline >= 0) {
                return i;
            }
            if (interval > 0) {
                long wait = next - System.nanoTime();
                if (next - deadline >= 0) {
                    return i;
                }
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                next += interval;
            }
            if (message != null) {
                SeedEvents.log(logger, level == null ? Level.INFO : level, message, Map.of(), typedExtras);
            } else {
                SeedEvents.SeedEvent event = seed.get(i % seed.size());
                SeedEvents.log(logger, level == null ? event.level() : level, event.message(), event.extras(),
                        typedExtras);
            }
        }
        return total;
    }

    private EventFormatter formatter(Map<String, String> values) {
        boolean any = messageType != null || tags != null || fqdn || extraPrefix != null || ensureAscii != null || ecs;
        if (!any) {
            return null;
        }
        if (values.containsKey("formatter")) {
            throw new CliException(ExitCodes.USAGE, "--formatter cannot be combined with the formatter flags"
                    + " (--message-type, --tags, --fqdn, --extra-prefix, --ensure-ascii, --ecs)");
        }
        if (ecs) {
            LogstashEcsFormatter.Builder ecsBuilder = LogstashEcsFormatter.builder().fqdn(fqdn);
            if (messageType != null) {
                ecsBuilder.messageType(messageType);
            }
            if (tags != null) {
                ecsBuilder.tags(tags);
            }
            if (extraPrefix != null) {
                ecsBuilder.extraPrefix(extraPrefix);
            }
            if (ensureAscii != null) {
                ecsBuilder.ensureAscii(ensureAscii);
            }
            return ecsBuilder.build();
        }
        LogstashFormatter.Builder logstash = LogstashFormatter.builder().fqdn(fqdn);
        if (messageType != null) {
            logstash.messageType(messageType);
        }
        if (tags != null) {
            logstash.tags(tags);
        }
        if (extraPrefix != null) {
            logstash.extraPrefix(extraPrefix);
        }
        if (ensureAscii != null) {
            logstash.ensureAscii(ensureAscii);
        }
        return logstash.build();
    }

    private static AsynchronousLogstashHandler build(AsynchronousLogstashHandler.Builder builder,
            Map<String, String> values) {
        try {
            return builder.build();
        } catch (InvalidOptionException e) {
            if ("databasePath".equals(e.option())) {
                // the detail names the database and says why, once
                throw new CliException(ExitCodes.IO, HandlerErrors.withLockHint(e.detail()), e);
            }
            throw e;
        }
    }

    private int report(Map<String, String> values, int logged, int total, long queuedBefore,
            HandlerStatistics statistics, HandlerErrors errors) {
        String destination = Destinations.describe(values);
        String database = values.get("databasePath");
        boolean durable = database != null && !database.isBlank();
        long inDatabase = queuedInDatabase(values);
        // with a database, what was not sent stays in it (counted there, or as the handler's pending events when the
        // file is locked right now); a memory queue's rest is dropped at close, so lost counts every drop
        long remaining = !durable ? 0 : inDatabase >= 0 ? inDatabase : statistics.pending();
        long lost = statistics.dropped();
        long notLogged = total - logged;
        boolean delivered = remaining == 0 && lost == 0 && statistics.failed() == 0 && statistics.expired() == 0
                && notLogged == 0;
        if (json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("destination", destination);
            result.put("requested", total);
            result.put("logged", logged);
            if (durable) {
                result.put("queuedBefore", queuedBefore);
            }
            result.put("sent", statistics.sent());
            result.put("failed", statistics.failed());
            result.put("dropped", statistics.dropped());
            result.put("expired", statistics.expired());
            result.put("remaining", remaining);
            result.put("lost", lost);
            if (!statistics.destinations().isEmpty()) {
                result.put("destinations", Commands.destinationRows(statistics.destinations()));
            }
            out().println(Json.pretty(result));
        } else {
            StringBuilder line = new StringBuilder("sent ");
            if (queuedBefore > 0) {
                line.append(count(statistics.sent(), "event")).append(" to ").append(destination).append(" (")
                        .append(total).append(" requested, ").append(queuedBefore).append(" queued before in ")
                        .append(database).append(")");
            } else {
                line.append(statistics.sent()).append(" of ").append(count(total, "event")).append(" to ")
                        .append(destination);
            }
            line.append(", failed ").append(statistics.failed());
            if (notLogged > 0) {
                line.append(", ").append(notLogged).append(" not logged before the timeout");
            }
            if (lost > 0) {
                line.append(", lost ").append(lost).append(durable ? "" : " (the memory queue keeps nothing)");
            }
            if (statistics.expired() > 0) {
                line.append(", expired ").append(statistics.expired());
            }
            if (remaining > 0) {
                line.append(", ").append(remaining).append(remaining == 1 ? " stays" : " stay").append(" queued in ")
                        .append(database);
            }
            out().println(delivered ? styled("@|green " + line + "|@") : styled("@|red " + line + "|@"));
            for (DestinationStatistics each : statistics.destinations()) {
                out().println("  " + each.summary());
            }
        }
        out().flush();
        if (!delivered) {
            // every report of the handler is a warning line above already: its cause is not said a second time
            String reason = errors.last() == null ? "" : " (the warnings above say why)";
            long missing = remaining + lost + statistics.failed() + statistics.expired() + notLogged;
            throw new CliException(ExitCodes.SEND_FAILED, count(missing, "event") + " not delivered within "
                    + Durations.human(timeout) + reason);
        }
        return ExitCodes.OK;
    }

    /**
     * How many events wait in the database, or -1 without one or when it cannot be read at once: a count for the
     * summary, which must not spend the timeout waiting for another process's lock.
     */
    private static long queuedInDatabase(Map<String, String> values) {
        String path = values.get("databasePath");
        if (path == null || path.isBlank() || !Files.isRegularFile(Path.of(path.trim()))) {
            return -1;
        }
        try (QueueInspector inspector = QueueInspector.openReadOnly(Path.of(path.trim()), Duration.ofMillis(100))) {
            QueueStats stats = inspector.stats();
            return stats.queued() + stats.inFlight();
        } catch (QueueException e) {
            return -1;
        }
    }

    private static void awaitQuietly(CountDownLatch latch, Duration wait) {
        try {
            latch.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
