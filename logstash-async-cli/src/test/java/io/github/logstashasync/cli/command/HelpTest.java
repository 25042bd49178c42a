package io.github.logstashasync.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HelpTest {

    private final CliRunner cli = new CliRunner();

    /** Every command path, e.g. [queue, flush]; the hidden completion generator included. */
    private static List<List<String>> commandPaths(CommandLine commandLine, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        for (Map.Entry<String, CommandLine> sub : commandLine.getSubcommands().entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(sub.getKey());
            paths.add(path);
            paths.addAll(commandPaths(sub.getValue(), path));
        }
        return paths;
    }

    @Test
    void everyCommandHasHelp() {
        List<List<String>> paths = commandPaths(Commands.commandLine(cli.context()), List.of());
        assertTrue(paths.size() >= 13, "demo, send, listen, queue and its 8 subcommands expected: " + paths);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRunner.Result result = cli.run(args.toArray(String[]::new));
            assertEquals(0, result.exitCode(), "--help of " + path + " should exit 0: " + result.err());
            assertTrue(result.out().contains("Usage: logstash-async " + String.join(" ", path)),
                    "usage of " + path + " expected on stdout: " + result.out());
            if (!path.contains("generate-completion")) {
                assertTrue(result.out().contains("Exit codes: 0 ok"), "exit codes in the help of " + path);
            }
            assertFalse(result.out().contains("\u001b["), "no colour when not on a terminal: " + path);
        }
    }

    @Test
    void rootAndQueueAloneListTheirCommandsOnStandardErrorAndExitWith2() {
        CliRunner.Result result = cli.run();
        assertEquals(ExitCodes.USAGE, result.exitCode(), "no command is a usage error");
        assertEquals("", result.out());
        // a command's line in the "Commands:" section, not a word of the description above it
        for (String command : List.of("demo", "send", "listen", "queue", "monitor", "status")) {
            assertTrue(result.err().lines().anyMatch(line -> line.startsWith("  " + command + " ")),
                    command + " listed as a command in " + result.err());
        }
        CliRunner.Result queue = cli.run("queue");
        assertEquals(ExitCodes.USAGE, queue.exitCode());
        for (String command : List.of("stats", "list", "show", "export", "flush", "requeue", "purge", "expire", "vacuum")) {
            assertTrue(queue.err().lines().anyMatch(line -> line.startsWith("  " + command + " ")),
                    command + " listed as a command in " + queue.err());
        }
    }

    @Test
    void sendHelpListsEveryHandlerOptionAsAKebabCaseFlag() {
        String help = cli.run("send", "--help").out();
        for (String flag : List.of("--flush-interval", "--ssl-enable", "--ca-certs", "--database", "--event-ttl",
                "--flush-count", "--batch-size", "--overflow-policy", "--claim-lease", "--socket-timeout",
                "--beats-batch-size", "--key-store-password", "--path", "--username", "--password",
                "--compression-level", "--max-datagram-size", "--transport-option", "--handler-level")) {
            assertTrue(help.contains(flag), flag + " expected in the help of send");
        }
        assertTrue(help.contains("TLS (tcp, http, beats"), "flags grouped in sections: " + help);
    }

    @Test
    void everyFlagIsTheKebabCaseOfAnOptionTheHandlerBuilderAccepts(@TempDir Path dir) {
        for (HandlerFlags.Flag flag : HandlerFlags.ALL) {
            assertEquals(flag.names().get(0).equals("--handler-level") ? "--level"
                    : flag.option().equals("databasePath") ? "--database-path"
                    : flag.option().equals("destinations") ? "--destinations" : flag.names().get(0),
                    HandlerFlags.kebab(flag.option()), "flag of " + flag.option() + " is its kebab-case");
            // the builder takes an unknown name as a transport option, which the transport refuses when built:
            // build with the transport the flag belongs to, and accept any complaint but that one
            String transport = TRANSPORT_OF.getOrDefault(flag.option(), "tcp");
            AsynchronousLogstashHandler.Builder builder = AsynchronousLogstashHandler.builder().transport(transport)
                    .host("127.0.0.1").port(9).shutdownTimeout(Duration.ZERO);
            try {
                builder.option(flag.option(), sample(flag, dir));
                if (flag.option().equals("password")) {
                    builder.option("username", "user");
                }
                builder.build().close();
            } catch (InvalidOptionException e) {
                assertFalse(e.getMessage().contains("unknown option") || e.getMessage().contains("not an option"),
                        flag.names().get(0) + " is no option of the builder: " + e.getMessage());
            }
        }
    }

    /** The transports whose own options the TRANSPORT group's flags are. */
    private static final Map<String, String> TRANSPORT_OF = Map.of("path", "http", "username", "http", "password", "http",
            "maxContentLength", "http", "connectTimeout", "http", "requestTimeout", "http", "compressionLevel", "beats",
            "readTimeout", "beats", "maxDatagramSize", "udp");

    /** A value of the flag's kind that the builder can parse. */
    private static String sample(HandlerFlags.Flag flag, Path dir) {
        return switch (flag.label()) {
            case "DURATION" -> "1s";
            case "N", "0-9" -> "1";
            case "BOOL" -> flag.option().equals("sslEnable") ? "false" : "true";
            case "SIZE" -> "1MiB";
            case "FILE" -> flag.option().equals("databasePath") ? dir.resolve("flags.db").toString()
                    : dir.resolve("none.pem").toString();
            case "LEVEL" -> "INFO";
            case "LIMIT" -> "10 per minute";
            case "POLICY" -> "drop-newest";
            case "ID" -> flag.option().equals("transport") ? "tcp" : "x";
            case "PATH" -> "/logs";
            default -> "x";
        };
    }

    @Test
    void versionNamesTheToolTheTransportsAndTls() {
        CliRunner.Result result = cli.run("--version");
        assertEquals(0, result.exitCode());
        assertTrue(result.out().startsWith("logstash-async "), result.out());
        assertTrue(result.out().contains("transports: beats, http, kafka, tcp, udp"), result.out());
        assertTrue(result.out().contains("TLS: pem"), result.out());
        assertEquals(0, cli.run("queue", "stats", "--version").exitCode(), "--version on a subcommand too");
    }

    @Test
    void usageErrorsAreOneLineWithExitCode2() {
        CliRunner.Result unknown = cli.run("sned");
        assertEquals(ExitCodes.USAGE, unknown.exitCode());
        assertTrue(unknown.err().startsWith("error: Unmatched argument"), unknown.err());
        assertTrue(unknown.err().contains("Try 'logstash-async --help'"), "a hint expected: " + unknown.err());

        CliRunner.Result badValue = cli.run("send", "--flush-interval", "soon");
        assertEquals(ExitCodes.USAGE, badValue.exitCode(), badValue.err());
        assertEquals("error: invalid --flush-interval: 'soon' is not a duration; use for example 500ms, 10s, 2m, 1h or"
                + " ISO-8601 like PT10S", badValue.err().strip());

        CliRunner.Result missing = cli.run("queue", "show");
        assertEquals(ExitCodes.USAGE, missing.exitCode());
        assertTrue(missing.err().contains("Missing required parameter"), missing.err());
    }

    @Test
    void completionScriptIsGenerated() {
        CliRunner.Result result = cli.run("generate-completion");
        assertEquals(0, result.exitCode());
        assertTrue(result.out().contains("complete -F _complete_logstash-async"), "a bash completion script");
        assertTrue(result.out().contains("flush"), "it completes subcommands");
    }
}
