package io.github.logstashasync.log4j;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.sqlite.SQLiteDataSource;

/** Starts real Log4j logger contexts from the test's log4j2-*.xml files, and reads what a receiver got. */
final class Log4jTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Log4jTestSupport() {
    }

    /** The URI of a configuration file among the test resources. */
    static URI resource(String name) {
        URL url = Log4jTestSupport.class.getResource("/" + name);
        if (url == null) {
            throw new AssertionError("test resource " + name + " not found");
        }
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Starts a logger context of its own configured by {@code file}, with {@code properties} set as system
     * properties while Log4j reads the file ({@code ${sys:...}} in it), and removed afterwards.
     */
    static LoggerContext start(String file, Map<String, String> properties) {
        return start(new LoggerContext(file, null, resource(file)), properties);
    }

    /** Starts {@code context} (a plain or an async-logger context) as {@link #start(String, Map)}. */
    static <C extends LoggerContext> C start(C context, Map<String, String> properties) {
        properties.forEach(System::setProperty);
        try {
            context.start();
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
        return context;
    }

    /**
     * Initializes Log4j as an application does, with {@code Configurator.initialize} and the file's path on disk
     * (not a class-path resource), {@code properties} set as system properties while Log4j reads it. The context
     * is the one of Log4j's context selector for this class loader; {@link #shutdown} removes it again.
     */
    static LoggerContext initialize(String file, Map<String, String> properties) {
        String path = Path.of(resource(file)).toString();
        properties.forEach(System::setProperty);
        try {
            LoggerContext context = Configurator.initialize(file, null, path);
            if (context == null) {
                throw new AssertionError("Configurator.initialize failed for " + path);
            }
            return context;
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }

    /** Shuts down a context of {@link #initialize} and removes it from Log4j's context selector. */
    static void shutdown(LoggerContext context) {
        Configurator.shutdown(context, 10, TimeUnit.SECONDS);
    }

    /** The documents waiting in the SQLite queue at {@code db} (table {@code event}), in queue order. */
    static List<JsonNode> queued(Path db) throws Exception {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + db);
        List<String> lines = new ArrayList<>();
        try (Connection c = source.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT event_text FROM event ORDER BY event_id")) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return parseAll(lines);
    }

    /** Stops {@code context}, its appenders (and their pipelines) with it. */
    static void stop(LoggerContext context) {
        context.stop(10, TimeUnit.SECONDS);
    }

    /** The appender named {@code name} of the context's configuration; fails when there is none. */
    static LogstashAsyncAppender appender(LoggerContext context, String name) {
        Object appender = context.getConfiguration().getAppender(name);
        if (!(appender instanceof LogstashAsyncAppender logstash)) {
            throw new AssertionError("the configuration should have a LogstashAsync appender '" + name + "', has "
                    + context.getConfiguration().getAppenders());
        }
        return logstash;
    }

    static List<JsonNode> parseAll(List<String> lines) {
        List<JsonNode> documents = new ArrayList<>();
        for (String line : lines) {
            try {
                documents.add(JSON.readTree(line));
            } catch (JacksonException e) {
                throw new IllegalArgumentException("not a JSON document: " + line, e);
            }
        }
        return documents;
    }

    /** Collects what Log4j's StatusLogger reports at WARN and above while it is open. */
    static final class StatusCapture implements StatusListener {
        private final List<StatusData> messages = new CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        StatusCapture() {
            StatusLogger.getLogger().registerListener(this);
        }

        @Override
        public void log(StatusData data) {
            messages.add(data);
        }

        @Override
        public Level getStatusLevel() {
            return Level.WARN;
        }

        /** The messages of level ERROR, formatted. */
        List<String> errors() {
            return messages.stream().filter(m -> m.getLevel().isMoreSpecificThan(Level.ERROR))
                    .map(m -> m.getMessage().getFormattedMessage()).toList();
        }

        /** Removes the listener; StatusLogger.removeListener calls close() in turn, hence the flag. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                StatusLogger.getLogger().removeListener(this);
            }
        }
    }
}
