package io.github.logstashasync.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.util.Duration;
import net.logstash.logback.appender.LogstashTcpSocketAppender;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * The reference: SLF4J on Logback with logstash-logback-encoder's {@link LogstashTcpSocketAppender} and
 * {@link LogstashEncoder}, at their defaults except {@code appendTimeout = -1}: a full ring buffer blocks the log
 * call instead of dropping the event, so the reference loses nothing either.
 */
public final class ReferenceSide implements AutoCloseable {

    private final LoggerContext context;
    private final LogstashTcpSocketAppender appender = new LogstashTcpSocketAppender();
    private final Logger logger;

    /** Starts the appender towards 127.0.0.1:{@code port}. */
    public ReferenceSide(int port) {
        // the context SLF4J binds to, as in an application (it carries the MDC adapter); its default console
        // configuration is removed
        context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        appender.setContext(context);
        appender.setName("logstash");
        appender.addDestination("127.0.0.1:" + port);
        appender.setEncoder(encoder);
        // negative: wait for room in the ring buffer for as long as it takes (the default 0 drops at once)
        appender.setAppendTimeout(Duration.buildByMilliseconds(-1));
        appender.start();
        logger = context.getLogger("bench");
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
    }

    /** The SLF4J logger that writes to the appender only. */
    public org.slf4j.Logger logger() {
        return logger;
    }

    /** The appender's settings, for the benchmark's output. */
    public String describe() {
        return "LogstashTcpSocketAppender ringBufferSize=" + appender.getRingBufferSize() + " appendTimeout="
                + appender.getAppendTimeout() + " writeBufferSize=" + appender.getWriteBufferSize()
                + " waitStrategy=" + appender.getWaitStrategy().getClass().getSimpleName() + ", LogstashEncoder defaults";
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
