package io.github.logstashasync.cli.command;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.core.DestinationStatistics;
import io.github.logstashasync.core.internal.queue.QueueException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Assembles the command tree, each command with its collaborators, and the error handling: a one-line message on
 * standard error (secrets masked) and an exit code from {@link ExitCodes}.
 */
public final class Commands {

    /** The tool's name, as the launcher script is called. */
    public static final String NAME = "logstash-async";

    private Commands() {
    }

    /** Returns the {@code logstash-async} command line, ready to {@code execute}. */
    public static CommandLine commandLine(CliContext context) {
        CommandLine root = new CommandLine(new RootCommand());
        root.addSubcommand(new CommandLine(new DemoCommand(context)));

        HandlerFlags sendFlags = new HandlerFlags(EnumSet.allOf(HandlerFlags.Group.class));
        CommandLine send = new CommandLine(new SendCommand(context, sendFlags));
        sendFlags.addTo(send.getCommandSpec());
        root.addSubcommand(send);

        root.addSubcommand(new CommandLine(new ListenCommand(context)));

        CommandLine queue = new CommandLine(new QueueCommand());
        queue.addSubcommand(new CommandLine(new QueueStatsCommand()));
        queue.addSubcommand(new CommandLine(new QueueListCommand()));
        queue.addSubcommand(new CommandLine(new QueueShowCommand()));
        queue.addSubcommand(new CommandLine(new QueueExportCommand()));
        HandlerFlags flushFlags = new HandlerFlags(EnumSet.of(HandlerFlags.Group.DESTINATION, HandlerFlags.Group.TLS,
                HandlerFlags.Group.TRANSPORT));
        CommandLine flush = new CommandLine(new QueueFlushCommand(context, flushFlags));
        flushFlags.addTo(flush.getCommandSpec());
        queue.addSubcommand(flush);
        queue.addSubcommand(new CommandLine(new QueueRequeueCommand()));
        queue.addSubcommand(new CommandLine(new QueuePurgeCommand(context)));
        queue.addSubcommand(new CommandLine(new QueueExpireCommand(context)));
        queue.addSubcommand(new CommandLine(new QueueVacuumCommand()));
        root.addSubcommand(queue);
        root.addSubcommand(new CommandLine(new MonitorCommand()));
        root.addSubcommand(new CommandLine(new StatusCommand()));

        CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
        completion.getCommandSpec().usageMessage().hidden(true);
        root.addSubcommand("generate-completion", completion);

        root.setExecutionStrategy(parseResult -> {
            requireDecodedArguments(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        root.setParameterExceptionHandler((ex, args) -> usageError(ex, args, context));
        root.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                executionError(ex, commandLine, parseResult, context));
        return root;
    }

    /**
     * Refuses arguments with bytes that the platform's encoding could not decode: the JVM turns them into U+FFFD
     * without a word, and a message or a file name would silently be another one.
     */
    private static void requireDecodedArguments(ParseResult parseResult) {
        List<String> args = parseResult.expandedArgs();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).indexOf('\uFFFD') >= 0) {
                throw new ParameterException(parseResult.commandSpec().commandLine(), "argument " + (i + 1) + " ('"
                        + args.get(i) + "') has bytes that are not valid " + System.getProperty("sun.jnu.encoding",
                        Charset.defaultCharset().name()) + ", the encoding of the command line; give it in that"
                        + " encoding (a file name too)");
            }
        }
    }

    /** The flags whose values are secrets, for masking arguments that could not be parsed. */
    static List<String> secretFlags() {
        List<String> names = new ArrayList<>(HandlerFlags.secretFlagNames());
        names.addAll(List.of("--key-password", "--key-store-password", "--password"));
        return names;
    }

    private static int usageError(ParameterException ex, String[] args, CliContext context) {
        context.secrets().addFromArguments(args, secretFlags());
        context.secrets().addFromEnvironment(context.env(), HandlerFlags.secretVariables());
        CommandLine commandLine = ex.getCommandLine();
        // picocli says "Value for option option '--extra' ..." of a map option's bad entry: once is enough
        String message = oneLine(context.secrets().mask(ex.getMessage())).replace("option option '", "option '");
        commandLine.getErr().println(commandLine.getColorScheme().errorText("error: " + message));
        UnmatchedArgumentException.printSuggestions(ex, commandLine.getErr());
        commandLine.getErr().println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more.");
        commandLine.getErr().flush();
        return ExitCodes.USAGE;
    }

    private static int executionError(Exception ex, CommandLine commandLine, ParseResult parseResult,
            CliContext context) {
        context.secrets().addFromEnvironment(context.env(), HandlerFlags.secretVariables());
        int code;
        String message;
        if (ex instanceof CliException cli) {
            code = cli.exitCode();
            message = cli.getMessage();
        } else if (ex instanceof InvalidOptionException invalid) {
            code = ExitCodes.USAGE;
            message = "invalid " + flagName(invalid.option(), commandLine) + ": " + invalid.detail();
        } else if (ex instanceof QueueException || ex instanceof IOException || ex instanceof UncheckedIOException) {
            code = ExitCodes.IO;
            message = ex.getMessage();
        } else if (ex instanceof InterruptedException) {
            code = ExitCodes.INTERRUPTED;
            message = "interrupted";
        } else {
            code = ExitCodes.INTERNAL;
            message = "internal error: " + ex;
            if ("1".equals(context.env().get("LOGSTASH_ASYNC_DEBUG"))) {
                ex.printStackTrace(commandLine.getErr());
            }
        }
        commandLine.getErr().println(commandLine.getColorScheme().errorText("error: "
                + oneLine(context.secrets().mask(message))));
        commandLine.getErr().flush();
        return code;
    }

    /** The state of each destination of several, for {@code --json} output. */
    static List<Map<String, Object>> destinationRows(List<DestinationStatistics> destinations) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DestinationStatistics d : destinations) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("destination", d.destination());
            row.put("connected", d.connected());
            row.put("backingOffUntil", d.backingOffUntil() == null ? null : d.backingOffUntil().toString());
            row.put("sent", d.sent());
            row.put("batches", d.batches());
            row.put("failures", d.failures());
            row.put("lastError", d.lastError());
            row.put("lastErrorTime", d.lastErrorTime() == null ? null : d.lastErrorTime().toString());
            rows.add(row);
        }
        return rows;
    }

    /**
     * The flag of a handler option, e.g. {@code --flush-interval} for {@code flushInterval}; for an option that is
     * no flag of {@code commandLine} (a transport plugin's, such as kafka's {@code topic}) {@code -o topic}.
     */
    static String flagName(String option, CommandLine commandLine) {
        for (HandlerFlags.Flag flag : HandlerFlags.ALL) {
            if (flag.option().equals(option)) {
                return flag.names().get(0);
            }
        }
        String kebab = HandlerFlags.kebab(option);
        if (commandLine.getCommandSpec().findOption(kebab) == null
                && commandLine.getCommandSpec().findOption("-o") != null) {
            return "-o " + option;
        }
        return kebab;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
