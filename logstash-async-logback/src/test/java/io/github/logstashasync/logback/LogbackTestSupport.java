package io.github.logstashasync.logback;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Loads a {@code logback.xml} into the logger context SLF4J is bound to, as Logback does at an application's start. */
final class LogbackTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    private LogbackTestSupport() {
    }

    /**
     * Resets the context SLF4J uses (stopping the appenders of an earlier test), puts {@code properties} for the
     * file's {@code ${...}} variables, and configures it from the resource with Logback's JoranConfigurator.
     */
    static LoggerContext configure(String resource, Map<String, String> properties) throws JoranException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        context.getStatusManager().clear();
        properties.forEach(context::putProperty);
        URL url = LogbackTestSupport.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("test resource " + resource + " not found");
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(url);
        return context;
    }

    /** Stops every appender of the context SLF4J uses, closing their pipelines. */
    static void reset() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).reset();
    }

    /** The appender of the root logger named {@code name}. */
    static LogstashAppender appender(LoggerContext context, String name) {
        return (LogstashAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(name);
    }

    /** The messages of the statuses of at least {@code level} ({@link Status#WARN}, {@link Status#ERROR}). */
    static List<String> statuses(LoggerContext context, int level) {
        List<String> messages = new ArrayList<>();
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getEffectiveLevel() >= level) {
                messages.add(status.getMessage());
            }
        }
        return messages;
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + line, e);
        }
    }
}
