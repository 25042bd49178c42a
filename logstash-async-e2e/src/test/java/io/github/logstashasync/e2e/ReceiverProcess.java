package io.github.logstashasync.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A receiver running as a child process in the foreground, with its output in a log file; stopped with SIGTERM,
 * and killed (with the children it started) if it does not stop in time.
 */
final class ReceiverProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_OUTPUT = 4000;

    private final String name;
    private final Process process;
    private final Path log;

    private ReceiverProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} and waits until every port in {@code ports} accepts connections.
     *
     * @param name    for messages
     * @param command the command line, the binary first
     * @param dir     the working directory, which also gets the log file {@code <name>.log}
     * @param ports   TCP ports the receiver must listen on before it counts as started
     * @throws AssertionError when the process exits or the ports stay closed for 10 s, quoting its log
     */
    static ReceiverProcess start(String name, List<String> command, Path dir, List<Integer> ports)
            throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        ReceiverProcess receiver = new ReceiverProcess(name, process, log);
        try {
            Receivers.await(Duration.ofSeconds(10), () -> !process.isAlive() || ports.stream().allMatch(Receivers::accepts),
                    () -> name + " did not open ports " + ports + "; its output:\n" + receiver.output());
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with code " + process.exitValue() + " at start: " + command
                        + "\n" + receiver.output());
            }
        } catch (AssertionError | InterruptedException e) {
            receiver.close();
            throw e;
        }
        return receiver;
    }

    /** Whether the process still runs. */
    boolean alive() {
        return process.isAlive();
    }

    /** The last 4000 characters the receiver printed, enough for an assertion message. */
    String output() {
        try {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            return text.length() <= MAX_OUTPUT ? text : "..." + text.substring(text.length() - MAX_OUTPUT);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Stops the receiver with SIGTERM, then SIGKILL for it and its children when it does not stop in 10 s. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println(name + " did not stop on SIGTERM within " + STOP_TIMEOUT + "; killing it");
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // nginx's workers leave with their master; this catches any that a killed master left behind
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
