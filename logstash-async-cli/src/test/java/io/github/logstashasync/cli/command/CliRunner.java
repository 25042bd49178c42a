package io.github.logstashasync.cli.command;

import io.github.logstashasync.cli.internal.Secrets;
import io.github.logstashasync.cli.internal.StopSignal;
import io.github.logstashasync.cli.internal.TerminalPrompt;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** Runs the tool in-process as a test would see it: captured output, given input and environment, a Ctrl-C button. */
final class CliRunner {

    /**
     * One run's outcome.
     *
     * @param exitCode the exit code
     * @param out      standard output
     * @param err      standard error
     */
    record Result(int exitCode, String out, String err) {
        String both() {
            return out + err;
        }
    }

    private final List<Runnable> stopActions = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<InetSocketAddress> listening = new LinkedBlockingQueue<>();
    private String input = "";
    private Map<String, String> env = Map.of();
    private boolean terminal;
    /** What the person at the terminal answers when asked for a password; null: there is no terminal. */
    private String answer;
    /** The questions the terminal was asked. */
    final List<String> questions = new CopyOnWriteArrayList<>();
    /** Standard error of every run so far, as it is written (a running command's too). */
    private final StringBuffer errSoFar = new StringBuffer();

    CliRunner input(String value) {
        input = value;
        return this;
    }

    CliRunner env(Map<String, String> value) {
        env = value;
        return this;
    }

    CliRunner terminal(boolean value) {
        terminal = value;
        return this;
    }

    /** A terminal where the person answers {@code value} to every password question. */
    CliRunner answer(String value) {
        answer = value;
        return this;
    }

    CliContext context() {
        StopSignal stops = action -> {
            stopActions.add(action);
            return () -> stopActions.remove(action);
        };
        TerminalPrompt prompt = question -> {
            questions.add(question);
            return answer == null ? null : answer.toCharArray();
        };
        return new CliContext(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), env, stops, terminal,
                listening::add, new Secrets(), prompt);
    }

    /** Runs the tool with {@code args}. */
    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Commands.commandLine(context());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) {
                err.write(buffer, offset, length);
                errSoFar.append(buffer, offset, length);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        }, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** What the runs so far, a running one included, have written to standard error. */
    String errSoFar() {
        return errSoFar.toString();
    }

    /** Runs the tool in the background. */
    CompletableFuture<Result> start(String... args) {
        return CompletableFuture.supplyAsync(() -> run(args));
    }

    /** Waits for the next local receiver to listen and returns its address. */
    InetSocketAddress awaitListening(Duration timeout) throws InterruptedException {
        InetSocketAddress address = listening.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (address == null) {
            throw new AssertionError("no receiver started listening within " + timeout);
        }
        return address;
    }

    /** Presses Ctrl-C: runs the stop actions of the commands running now. */
    void stop() {
        for (Runnable action : stopActions) {
            action.run();
        }
    }

    /** Whether a running command has registered for Ctrl-C. */
    boolean stoppable() {
        return !stopActions.isEmpty();
    }
}
