package io.github.logstashasync.cli.command;

import static io.github.logstashasync.cli.command.TestReceivers.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every {@code logstash-async ...} command of README.md and docs/*.md (code blocks and inline code) is parsed by the
 * real command line, so that a wrong option or a removed command fails here; the self-contained ones run for real,
 * on temporary databases and against a receiver on the loopback interface.
 */
class DocsCommandsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** The command's own name, or a path to the launcher ({@code bin/logstash-async}). */
    private static final Pattern TOOL = Pattern.compile("(.*/)?logstash-async");
    private static final Pattern INLINE = Pattern.compile("`((?:[\\w./-]*/)?logstash-async [^`]+)`");

    /**
     * The commands run for real, by their command path, with the exit codes the docs promise: purge and expire ask
     * first when they would delete something, and nobody answers here (5, not confirmed); the event the docs show
     * (1234) exists in the database.
     */
    private static final Map<String, Set<Integer>> RUN = Map.ofEntries(
            Map.entry("demo", Set.of(0)),
            Map.entry("send", Set.of(0)),
            Map.entry("queue stats", Set.of(0)),
            Map.entry("queue list", Set.of(0)),
            Map.entry("queue show", Set.of(0)),
            Map.entry("queue export", Set.of(0)),
            Map.entry("queue flush", Set.of(0)),
            Map.entry("queue requeue", Set.of(0)),
            Map.entry("queue purge", Set.of(0, ExitCodes.ABORTED)),
            Map.entry("queue expire", Set.of(0, ExitCodes.ABORTED)),
            Map.entry("queue vacuum", Set.of(0)));

    @TempDir
    Path dir;

    /** Placeholders of inline code ({@code logstash-async status PID}) and values of their kind. */
    private static final Map<String, String> PLACEHOLDERS = Map.of("PID", "4242", "DB", "logstash.db", "ID", "1");

    /**
     * A command as the docs show it.
     *
     * @param where  file and line
     * @param args   the arguments after the tool's name
     * @param inline whether it is inline code, which may name a command without its required arguments
     */
    record DocCommand(String where, List<String> args, boolean inline) {
        @Override
        public String toString() {
            return where + ": logstash-async " + String.join(" ", args);
        }
    }

    @Test
    void everyCommandInTheDocsParsesAndTheSelfContainedOnesRun() throws Exception {
        List<DocCommand> commands = commands();
        assertTrue(commands.size() >= 40, "the docs' commands found: " + commands.size());
        List<String> failures = new ArrayList<>();
        int ran = 0;
        try (TestReceivers.Lines receiver = new TestReceivers.Lines()) {
            for (DocCommand command : commands) {
                List<String> args = localFiles(command.args());
                String path;
                try {
                    CommandLine.ParseResult parsed = Commands.commandLine(new CliRunner().context())
                            .parseArgs(args.toArray(String[]::new));
                    path = commandPath(parsed);
                } catch (CommandLine.MissingParameterException e) {
                    if (!command.inline()) {
                        failures.add(command + "\n    does not parse: " + e.getMessage());
                    }
                    continue;
                } catch (CommandLine.ParameterException e) {
                    failures.add(command + "\n    does not parse: " + e.getMessage());
                    continue;
                }
                if (!RUN.containsKey(path) || !selfContained(args)) {
                    continue;
                }
                List<String> local = loopback(args, receiver.port());
                CliRunner.Result result = new CliRunner().run(local.toArray(String[]::new));
                ran++;
                if (!RUN.get(path).contains(result.exitCode())) {
                    failures.add(command + "\n    ran as " + local + "\n    exited " + result.exitCode()
                            + ", expected one of " + RUN.get(path) + ": " + result.both());
                }
            }
            if (ran > 0) {
                await(Duration.ofSeconds(10), () -> !receiver.lines.isEmpty(), "the sends' events at the receiver");
            }
        }
        assertEquals(List.of(), failures, "commands of the docs that fail");
        assertTrue(ran >= 12, "the self-contained commands ran: " + ran);
    }

    /** Every command line in the code blocks and the inline code of README.md and docs/*.md. */
    static List<DocCommand> commands() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<DocCommand> commands = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            boolean inBlock = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = ROOT.relativize(file) + ":" + (i + 1);
                if (line.startsWith("```")) {
                    inBlock = !inBlock;
                    continue;
                }
                if (inBlock) {
                    StringBuilder joined = new StringBuilder(line);
                    while (joined.toString().stripTrailing().endsWith("\\") && i + 1 < lines.size()) {
                        String text = joined.toString().stripTrailing();
                        joined.setLength(0);
                        joined.append(text, 0, text.length() - 1).append(' ').append(lines.get(++i));
                    }
                    add(commands, where, joined.toString(), false);
                } else {
                    Matcher m = INLINE.matcher(line);
                    while (m.find()) {
                        add(commands, where, m.group(1), true);
                    }
                }
            }
        }
        return commands;
    }

    private static void add(List<DocCommand> commands, String where, String line, boolean inline) {
        List<String> tokens = tokens(line.replace("<(", " ").replace("$(", " ").replace(")", " "));
        for (int i = 0; i < tokens.size(); i++) {
            if (TOOL.matcher(tokens.get(i)).matches()) {
                List<String> args = new ArrayList<>();
                for (String token : tokens.subList(i + 1, tokens.size())) {
                    args.add(inline ? PLACEHOLDERS.getOrDefault(token, token) : token);
                }
                commands.add(new DocCommand(where, args, inline));
                return;
            }
        }
    }

    /** Shell words up to the end of the command: a comment, a pipe, a redirection or a list operator. */
    static List<String> tokens(String line) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    tokens.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (!inWord && "#|><;&".indexOf(c) >= 0) {
                break;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            tokens.add(word.toString());
        }
        return tokens;
    }

    private static String commandPath(CommandLine.ParseResult parsed) {
        List<String> names = new ArrayList<>();
        for (CommandLine.ParseResult sub = parsed.subcommand(); sub != null; sub = sub.subcommand()) {
            names.add(sub.commandSpec().name());
        }
        return String.join(" ", names);
    }

    /** Not self-contained: another host, another transport than tcp, a password to ask for, a TLS file, a PID. */
    private static boolean selfContained(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--transport") && !args.get(i + 1).equals("tcp") || arg.startsWith("--destination")
                    || arg.equals("--password") || arg.startsWith("--ssl") || arg.equals("--rate")
                    || arg.startsWith("--ca-certs") || arg.startsWith("--keyfile") || arg.equals("-o")
                    && !args.get(0).equals("queue")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The files the docs name, made real in the temporary folder: a database of 1,300 Python-format events for each
     * {@code .db}, a message file, an argument file, an output file.
     */
    private List<String> localFiles(List<String> args) throws Exception {
        List<String> local = new ArrayList<>();
        for (String arg : args) {
            if (arg.endsWith(".db")) {
                Path db = Files.createTempFile(dir, "docs", ".db");
                Files.delete(db);
                List<String> texts = new ArrayList<>();
                for (int i = 0; i < 1_300; i++) {
                    texts.add(PythonDatabase.event(i % 10 == 0 ? "ERROR" : "INFO", "from the docs", i));
                }
                PythonDatabase.create(db, texts);
                local.add(db.toString());
            } else if (arg.endsWith(".txt") && !arg.startsWith("@")) {
                Path file = dir.resolve(arg);
                Files.writeString(file, "a message from a file\n", StandardCharsets.UTF_8);
                local.add(file.toString());
            } else if (arg.startsWith("@")) {
                Path file = dir.resolve(arg.substring(1));
                Files.writeString(file, "send\n--host logstash.example --port 5959\n", StandardCharsets.UTF_8);
                local.add("@" + file);
            } else if (arg.endsWith(".jsonl") || arg.endsWith(".ndjson")) {
                local.add(dir.resolve(arg).toString());
            } else {
                local.add(arg);
            }
        }
        return local;
    }

    /** The receiver the docs name, replaced by the one on the loopback interface; argument files' contents too. */
    private static List<String> loopback(List<String> args, int port) throws IOException {
        List<String> local = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("@")) {
                local.addAll(tokens(Files.readString(Path.of(arg.substring(1)), StandardCharsets.UTF_8)
                        .replace('\n', ' ')));
            } else {
                local.add(arg);
            }
        }
        boolean sends = local.contains("send") || local.contains("flush");
        List<String> result = new ArrayList<>();
        for (int i = 0; i < local.size(); i++) {
            String arg = local.get(i);
            if (sends && (arg.equals("--host") || arg.equals("--port")) && i + 1 < local.size()) {
                i++;
                continue;
            }
            result.add(arg);
        }
        if (sends) {
            result.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
        }
        return result;
    }
}
