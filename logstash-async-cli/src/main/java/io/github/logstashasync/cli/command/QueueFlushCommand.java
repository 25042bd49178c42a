package io.github.logstashasync.cli.command;

import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.core.internal.queue.QueueDrainer;
import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.cli.internal.Progress;
import io.github.logstashasync.cli.internal.StopSignal;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.SqliteEventQueue;
import io.github.logstashasync.core.DestinationStatistics;
import io.github.logstashasync.core.internal.transport.MultiDestinationTransport;
import io.github.logstashasync.core.internal.transport.TransportRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code queue flush DB}: drains the queue to a destination with a progress bar; stoppable with Ctrl-C and
 * resumable, since only confirmed events leave the queue.
 */
@Command(name = "flush", description = {
    "Send every queued event to a destination, deleting each once the transport confirms it.",
    "Rejected events move to failed. Shows progress on stderr (a bar on a terminal, a line every few seconds",
    "otherwise). Ctrl-C stops after the batch in hand; run the same command again to resume. Takes the",
    "destination, TLS and transport flags of 'send'. Exits with 1 when events remain or failed."})
final class QueueFlushCommand extends QueueBase {

    /** A drain sends larger batches than a live handler: nothing waits for them, and each costs one commit. */
    static final int DEFAULT_BATCH_SIZE = 500;

    private final CliContext context;
    private final HandlerFlags flags;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + DEFAULT_BATCH_SIZE,
            description = "events per batch (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--max-retries", paramLabel = "N", defaultValue = "5",
            description = "failed sends in a row retried before giving up (default ${DEFAULT-VALUE})")
    int maxRetries;

    @Option(names = "--retry-initial-delay", paramLabel = "DURATION", defaultValue = "200ms",
            converter = Converters.DurationConverter.class, description = "first back-off (default ${DEFAULT-VALUE})")
    Duration retryInitialDelay;

    @Option(names = "--retry-max-delay", paramLabel = "DURATION", defaultValue = "5s",
            converter = Converters.DurationConverter.class, description = "longest back-off (default ${DEFAULT-VALUE})")
    Duration retryMaxDelay;

    @Option(names = "--claim-lease", paramLabel = "DURATION", defaultValue = "2m",
            converter = Converters.DurationConverter.class,
            description = "a batch claimed by a process that stopped is sent again after this (default ${DEFAULT-VALUE})")
    Duration claimLease;

    @Option(names = "--progress", paramLabel = "STYLE", defaultValue = "auto",
            description = "auto (a bar on a terminal, else lines), bar, lines or none (default ${DEFAULT-VALUE})")
    String progressStyle;

    @Option(names = "--progress-interval", paramLabel = "DURATION", defaultValue = "2s", hidden = true,
            converter = Converters.DurationConverter.class, description = "how often 'lines' prints")
    Duration progressInterval;

    QueueFlushCommand(CliContext context, HandlerFlags flags) {
        this.context = context;
        this.flags = flags;
    }

    @Override
    public Integer call() {
        if (batchSize < 1 || maxRetries < 0) {
            throw new CliException(ExitCodes.USAGE, "--batch-size must be 1 or more and --max-retries 0 or more");
        }
        Progress.Style style = style();
        requireFile(); // before a password is asked for
        Map<String, String> values = flags.values(context);
        TransportSettings settings = Destinations.settings(values, flags);
        String id = Destinations.transportId(values);
        TransportRegistry registry = TransportRegistry.discover(message -> warn(context, message));
        if (settings.tls().enabled() && registry.tlsProvider() == null) {
            throw new CliException(ExitCodes.USAGE, "--ssl-enable needs the module io.github.logstashasync.transport.ssl");
        }
        Transport transport = Destinations.transport(registry, values, settings, retryInitialDelay, retryMaxDelay,
                (message, error) -> warn(context, message));
        // several destinations name themselves; one is named by its provider (kafka: its bootstrap servers and topic)
        String destination = values.containsKey("destinations") ? Destinations.describe(values)
                : registry.provider(id).destination(settings);
        SqliteEventQueue queue;
        try {
            queue = SqliteEventQueue.openExisting(database,
                    PipelineSettings.builder().databaseTimeout(databaseTimeout).build());
        } catch (QueueException e) {
            transport.close();
            throw ioError(e);
        }
        Progress progress = new Progress(err(), style, progressInterval.toNanos(), System::nanoTime);
        QueueDrainer drainer = new QueueDrainer(queue, transport, batchSize, claimLease, retryInitialDelay, retryMaxDelay,
                maxRetries, progress);
        QueueDrainer.Result result;
        CountDownLatch reported = new CountDownLatch(1);
        StopSignal.Registration stop = context.stops().onStop(() -> {
            // at once, so that the person (or the script) who pressed Ctrl-C knows it was heard
            err().println();
            err().println("stopping after the batch in hand (up to 5 s)...");
            err().flush();
            drainer.stop(Duration.ofSeconds(5));
            // the process ends when this returns (a shutdown hook): the final lines are printed first
            awaitQuietly(reported, Duration.ofSeconds(5));
        });
        try {
            result = drainer.run();
            progress.finish(result.delivered(), result.failed(), result.delivered() + result.failed()
                    + result.remaining());
        } catch (QueueException e) {
            reported.countDown();
            transport.close();
            queue.close();
            throw ioError(e);
        } finally {
            stop.close();
        }
        try {
            // before the transport is closed: that waits up to socketCloseWait for a receiver that does not read
            return report(result, destination, transport instanceof MultiDestinationTransport multi
                    ? multi.statistics() : List.of());
        } finally {
            reported.countDown();
            transport.close();
            queue.close();
        }
    }

    private static void awaitQuietly(CountDownLatch latch, Duration wait) {
        try {
            latch.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Progress.Style style() {
        return switch (progressStyle.toLowerCase(Locale.ROOT)) {
            case "auto" -> context.terminal() ? Progress.Style.BAR : Progress.Style.LINES;
            case "bar" -> Progress.Style.BAR;
            case "lines" -> Progress.Style.LINES;
            case "none" -> Progress.Style.NONE;
            default -> throw new CliException(ExitCodes.USAGE, "--progress takes auto, bar, lines or none, not '"
                    + progressStyle + "'");
        };
    }

    private int report(QueueDrainer.Result result, String destination, List<DestinationStatistics> destinations) {
        if (json()) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("destination", destination);
            map.put("delivered", result.delivered());
            map.put("failed", result.failed());
            map.put("remaining", result.remaining());
            map.put("seconds", result.elapsed().toMillis() / 1000.0);
            map.put("eventsPerSecond", Math.round(result.rate()));
            map.put("stopped", result.stopped());
            map.put("error", result.lastError());
            if (!destinations.isEmpty()) {
                map.put("destinations", Commands.destinationRows(destinations));
            }
            out().println(Json.pretty(map));
        } else {
            String line = String.format(Locale.ROOT, "delivered %,d events to %s in %.1f s (%,d events/s), failed %,d,"
                    + " remaining %,d", result.delivered(), destination, result.elapsed().toMillis() / 1000.0,
                    Math.round(result.rate()), result.failed(), result.remaining());
            boolean clean = result.failed() == 0 && result.remaining() == 0;
            out().println(styled(clean ? "@|green " + line + "|@" : "@|red " + line + "|@"));
            for (DestinationStatistics each : destinations) {
                out().println("  " + each.summary());
            }
        }
        out().flush();
        if (result.stopped()) {
            // printed here, not as an error after call() returns: at Ctrl-C the process may be gone by then
            err().println(styled("@|yellow stopped:|@ ") + count(result.remaining(), "event") + " remain queued"
                    + " (nothing claimed is kept); run the same command again to resume");
            err().flush();
            return ExitCodes.INTERRUPTED;
        }
        if (result.lastError() != null) {
            throw new CliException(ExitCodes.SEND_FAILED, "gave up after " + (maxRetries + 1) + " failed sends in a row: "
                    + result.lastError() + "; " + result.remaining() + " events remain queued");
        }
        if (result.failed() > 0 || result.remaining() > 0) {
            throw new CliException(ExitCodes.SEND_FAILED, result.failed() + " events failed (see 'queue list --state"
                    + " failed'), " + result.remaining() + " remain queued");
        }
        return ExitCodes.OK;
    }
}
