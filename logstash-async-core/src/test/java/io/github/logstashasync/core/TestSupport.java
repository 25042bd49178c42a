package io.github.logstashasync.core;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.util.ArrayList;
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
