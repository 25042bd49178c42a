package io.github.logstashasync.cli.command;

import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.cli.internal.Receiver;
import io.github.logstashasync.cli.internal.ReceiverSettings;
import io.github.logstashasync.cli.internal.Receivers;
import io.github.logstashasync.cli.internal.SeedEvents;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import io.github.logstashasync.core.HandlerStatistics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the whole path in one command. A {@code json_lines} receiver on a free loopback port, the four
 * examples of the python-logstash-async documentation logged through {@code AsynchronousLogstashHandler} with a
 * SQLite queue in a temporary directory, and what arrived, printed.
 */
@Command(name = "demo", description = {
    "Show the whole path: a local receiver, and the python-logstash-async examples sent to it through a SQLite queue.",
    "Starts a TCP receiver on 127.0.0.1, logs the four examples of the python-logstash-async docs (error, info,",
    "warning, extra fields) through AsynchronousLogstashHandler with a SQLite queue in a temporary directory, and",
    "prints the JSON documents that arrived."})
final class DemoCommand extends BaseCommand {

    private final CliContext context;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = Converters.DurationConverter.class,
            description = "how long to wait for the events to arrive (default ${DEFAULT-VALUE})")
    Duration timeout;

    DemoCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("logstash-async-demo");
        List<String> received = new CopyOnWriteArrayList<>();
        try (Receiver receiver = Receivers.start("tcp", new ReceiverSettings(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, false, null, null, null,
                message -> warn(context, message)), received::add)) {
            context.listening().accept(receiver.address());
            int port = receiver.address().getPort();
            Path database = dir.resolve("logstash.db");
            List<SeedEvents.SeedEvent> events = SeedEvents.all();
            if (!json()) {
                out().println(styled("@|bold 1.|@ A json_lines receiver listens on tcp://127.0.0.1:" + port + "."));
                out().println(styled("@|bold 2.|@ Logging " + events.size() + " events (error, info, warning, extra"
                        + " fields) through AsynchronousLogstashHandler,"));
                out().println("   queued in the SQLite database " + database);
                out().flush();
            }
            HandlerErrors errors = new HandlerErrors(message -> warn(context, message));
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(port).databasePath(database).errorManager(errors).build();
            Logger logger = Logger.getLogger(SeedEvents.LOGGER_NAME);
            logger.setUseParentHandlers(false);
            logger.setLevel(Level.ALL);
            logger.addHandler(handler);
            HandlerStatistics statistics;
            try {
                for (SeedEvents.SeedEvent event : events) {
                    SeedEvents.log(logger, event.level(), event.message(), event.extras(), Map.of());
                }
                handler.flush(timeout);
            } finally {
                logger.removeHandler(handler);
                handler.close();
                statistics = handler.statistics();
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (received.size() < events.size() && System.nanoTime() - deadline < 0) {
                Thread.sleep(20);
            }
            return report(events.size(), new ArrayList<>(received), statistics);
        } finally {
            deleteRecursively(dir);
        }
    }

    private int report(int expected, List<String> received, HandlerStatistics statistics) {
        if (json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("sent", statistics.sent());
            result.put("received", received.stream().map(text -> {
                Object parsed = Json.parse(text);
                return parsed == null ? text : parsed;
            }).toList());
            out().println(Json.pretty(result));
        } else {
            out().println(styled("@|bold 3.|@ The handler sent " + statistics.sent() + " of " + expected
                    + "; the receiver got " + received.size() + ":"));
            for (int i = 0; i < received.size(); i++) {
                out().println(styled("@|faint --- event " + (i + 1) + " of " + received.size() + " ---|@"));
                out().println(Json.pretty(received.get(i)));
            }
        }
        out().flush();
        if (received.size() < expected) {
            throw new CliException(ExitCodes.SEND_FAILED, "only " + received.size() + " of " + expected
                    + " events arrived within " + timeout.toMillis() + " ms");
        }
        if (!json()) {
            out().println(styled("@|green,bold Done.|@ Next: logstash-async send --help, logstash-async listen --help"));
        }
        return ExitCodes.OK;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary directory left behind is no reason to fail the demo
        }
    }
}
