package io.github.logstashasync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.logstashasync.api.Extras;
import io.github.logstashasync.core.LogstashFormatter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Events a test logs through a real {@link Logger} into a handler, and the documents the receiver must get for
 * them: for each event the one-line JSON document the handler's formatter writes (computed on the logging
 * thread right after the call, so every field matches, including the time and thread), and checks of the
 * fields a user looks at: message, level, logger name and per-call extras of every JSON type, with non-ASCII
 * text. Each event carries its number in extra field {@code seq}, which is how received documents are matched.
 */
final class LoggedEvents {

    /** Text with German, Japanese, an emoji (a surrogate pair), quotes, a backslash and a tab. */
    static final String UNICODE = "Grüße, 日本語, emoji \uD83C\uDF89, \"quoted\", back\\slash, tab\tend";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Level[] LEVELS = {Level.INFO, Level.WARNING, Level.SEVERE, Level.FINE};
    private static final Map<Level, String> LEVEL_NAMES = Map.of(Level.INFO, "INFO", Level.WARNING, "WARNING",
            Level.SEVERE, "ERROR", Level.FINE, "DEBUG");

    private final String via;
    private final Logger logger;
    private final LogstashFormatter formatter;
    private final Map<Integer, JsonNode> expected = new TreeMap<>();

    /**
     * Prepares a logger named {@code e2e.<via>} that sends only to {@code handler}.
     *
     * @param via       the receiver and transport, part of the logger name and every message
     * @param handler   the handler under test
     * @param formatter the formatter the handler uses, to compute the expected documents
     */
    LoggedEvents(String via, Handler handler, LogstashFormatter formatter) {
        this.via = via;
        this.formatter = formatter;
        this.logger = Logger.getLogger("e2e." + via);
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        for (Handler old : logger.getHandlers()) {
            logger.removeHandler(old);
        }
        logger.addHandler(handler);
    }

    /** The default formatter of the handlers, as the tests configure it. */
    static LogstashFormatter defaultFormatter() {
        return LogstashFormatter.builder().build();
    }

    /** Logs events {@code from} to {@code from + count - 1}. */
    LoggedEvents log(int from, int count) {
        for (int seq = from; seq < from + count; seq++) {
            LogRecord record = record(seq);
            logger.log(record);
            expected.put(seq, parse(formatter.format(record)));
        }
        return this;
    }

    /** Detaches the handler from the logger, so that a closed handler gets no more records. */
    void detach(Handler handler) {
        logger.removeHandler(handler);
    }

    /** The receiver and transport, as given. */
    String via() {
        return via;
    }

    /** How many events were logged. */
    int count() {
        return expected.size();
    }

    /** A unique text in every message, to look for in what a receiver logged. */
    String marker() {
        return "e2e event via " + via;
    }

    private LogRecord record(int seq) {
        Level level = LEVELS[seq % LEVELS.length];
        LogRecord record = new LogRecord(level, marker() + " #" + seq + ": " + UNICODE);
        record.setLoggerName(logger.getName());
        record.setInstant(Instant.now());
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("k", "v");
        nested.put("n", seq);
        nested.put("deeper", Map.of("ok", true));
        List<Object> list = new ArrayList<>(List.of("a", seq, true, 1.5));
        list.add(null);
        record.setParameters(new Object[] {Extras.builder()
                .put("seq", seq)
                .put("order_id", 9_000_000_000L + seq)
                .put("price", seq + 0.25)
                .put("flag", seq % 2 == 0)
                .put("nothing", null)
                .put("list", list)
                .put("nested", nested)
                .put("unicode", UNICODE)
                .build()});
        if (seq % 10 == 3) {
            record.setThrown(new IllegalStateException("failure of event " + seq + " — " + UNICODE));
        }
        return record;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** Turns a decoded map (the Beats server's) into a tree the same way as the expected documents. */
    static JsonNode tree(Map<String, Object> data) {
        try {
            return JSON.readTree(JSON.writeValueAsString(data));
        } catch (JacksonException e) {
            throw new AssertionError("cannot serialise " + data, e);
        }
    }

    /** Asserts that {@code received} holds every logged event exactly once, each document equal to the logged one. */
    void assertReceivedExactly(Collection<JsonNode> received) {
        assertEquals(0, assertReceived(received), "no duplicates expected");
    }

    /**
     * Asserts that {@code received} holds every logged event at least once and nothing else, each copy equal to
     * the logged document.
     *
     * @return how many documents were duplicates
     */
    int assertReceived(Collection<JsonNode> received) {
        Map<Integer, Integer> copies = new TreeMap<>();
        for (JsonNode document : received) {
            JsonNode seqNode = document.path("extra").path("seq");
            if (!seqNode.isInt()) {
                fail("a received document has no extra.seq: " + document);
            }
            int seq = seqNode.intValue();
            JsonNode logged = expected.get(seq);
            if (logged == null) {
                fail("received an event that was not logged by this test (seq " + seq + "): " + document);
            }
            assertEquals(logged, document, "the received document of event " + seq + " should equal the logged one");
            copies.merge(seq, 1, Integer::sum);
        }
        TreeSet<Integer> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(copies.keySet());
        assertTrue(missing.isEmpty(), missing.size() + " of " + expected.size() + " logged events never arrived, "
                + "for example " + missing.stream().limit(10).toList());
        for (JsonNode document : received) {
            checkFields(document);
        }
        return received.size() - copies.size();
    }

    /** The fields a user looks at, checked one by one against what the test logged. */
    private void checkFields(JsonNode document) {
        int seq = document.path("extra").path("seq").intValue();
        JsonNode extra = document.path("extra");
        assertEquals(marker() + " #" + seq + ": " + UNICODE, document.path("message").stringValue(), "message");
        assertEquals(LEVEL_NAMES.get(LEVELS[seq % LEVELS.length]), document.path("level").stringValue(), "level");
        assertEquals(logger.getName(), extra.path("logger_name").stringValue(), "extra.logger_name");
        assertEquals("java-logstash", document.path("type").stringValue(), "type");
        assertTrue(extra.path("order_id").isLong(), "order_id is a long: " + extra);
        assertEquals(9_000_000_000L + seq, extra.path("order_id").longValue(), "extra.order_id");
        assertTrue(extra.path("price").isDouble(), "price is a double: " + extra);
        assertEquals(seq + 0.25, extra.path("price").doubleValue(), "extra.price");
        assertEquals(seq % 2 == 0, extra.path("flag").booleanValue(), "extra.flag");
        assertTrue(extra.path("flag").isBoolean(), "flag is a boolean");
        assertTrue(extra.has("nothing") && extra.get("nothing").isNull(), "extra.nothing is JSON null: " + extra);
        assertEquals(parse("[\"a\"," + seq + ",true,1.5,null]"), extra.path("list"), "extra.list");
        assertEquals(parse("{\"k\":\"v\",\"n\":" + seq + ",\"deeper\":{\"ok\":true}}"), extra.path("nested"),
                "extra.nested");
        assertEquals(UNICODE, extra.path("unicode").stringValue(), "extra.unicode survives every hop");
        if (seq % 10 == 3) {
            assertEquals(IllegalStateException.class.getName(), extra.path("error_type").stringValue(), "error_type");
            assertTrue(extra.path("stack_trace").stringValue().contains("failure of event " + seq + " — " + UNICODE),
                    "the stack trace holds the exception's message: " + extra.path("stack_trace"));
        }
    }
}
