package io.github.logstashasync.core;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Small helpers shared by the handler tests. */
final class TestSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    private TestSupport() {
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + line, e);
        }
    }

    static List<JsonNode> parseAll(List<String> lines) {
        List<JsonNode> docs = new ArrayList<>();
        for (String line : lines) {
            docs.add(parse(line));
        }
        return docs;
    }

    /** A logger of its own, not propagating to the root logger, with only {@code handler}. */
    static Logger logger(String name, Handler handler) {
        Logger logger = Logger.getLogger(name);
        for (Handler h : logger.getHandlers()) {
            logger.removeHandler(h);
        }
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        return logger;
    }

    /** Collects what a handler reports on its ErrorManager. */
    /** The live thread named {@code name}, waited for up to 10 s. */
    static Thread thread(String name) throws InterruptedException {
        Thread[] found = new Thread[1];
        LineReceiver.await(Duration.ofSeconds(10), () -> {
            found[0] = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name))
                    .findFirst().orElse(null);
            return found[0] != null;
        }, "a thread named " + name);
        return found[0];
    }

    /** Waits until {@code thread}'s stack shows it in a frame of {@code className}'s {@code methodPrefix} method. */
    static void awaitInFrame(Thread thread, String className, String methodPrefix, String expectation)
            throws InterruptedException {
        awaitInFrame(List.of(thread), className, methodPrefix, expectation);
    }

    /** Waits until one of {@code threads} is in a frame of {@code className}'s {@code methodPrefix} method. */
    static void awaitInFrame(List<Thread> threads, String className, String methodPrefix, String expectation)
            throws InterruptedException {
        try {
            LineReceiver.await(Duration.ofSeconds(20), () -> threads.stream().anyMatch(thread -> java.util.Arrays
                    .stream(thread.getStackTrace()).anyMatch(f -> f.getClassName().endsWith(className)
                            && f.getMethodName().startsWith(methodPrefix))), expectation);
        } catch (AssertionError e) {
            StringBuilder stacks = new StringBuilder(e.getMessage());
            Thread.getAllStackTraces().forEach((t, frames) -> {
                if (t.getName().startsWith("logstash-async")) {
                    stacks.append("\n").append(t.getName()).append(' ').append(t.getState());
                    for (StackTraceElement frame : frames) {
                        stacks.append("\n    at ").append(frame);
                    }
                }
            });
            throw new AssertionError(stacks.toString(), e);
        }
    }

    static final class Errors extends ErrorManager {
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public void error(String msg, Exception ex, int code) {
            messages.add(msg);
        }

        boolean any(String fragment) {
            return messages.stream().anyMatch(m -> m.contains(fragment));
        }
    }
}
