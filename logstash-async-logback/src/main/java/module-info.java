/**
 * The Logback front-end of the core pipeline: the appender {@code LogstashAppender} and the encoder
 * {@code LogstashEncoder}, both configured by class name in {@code logback.xml}.
 */
module io.github.logstashasync.logback {
    // Extras, the per-call fields an application passes as a log argument, is an API type it must see.
    requires transitive io.github.logstashasync.api;
    // LogstashAppender.pipeline() returns the LogstashPipeline behind it (for its statistics, flush, or a metrics
    // binder), so core's types are in this module's API.
    requires transitive io.github.logstashasync.core;
    // The appender is an UnsynchronizedAppenderBase<ILoggingEvent> and the encoder an EncoderBase<ILoggingEvent>:
    // Logback's types are in our public signatures, so whoever reads this module reads Logback too. A Maven
    // "provided" dependency, as logstash-logback-encoder declares it: the application brings the Logback it chose
    // (Spring Boot manages its version) and we never add a second copy; needed at run time all the same, since
    // without Logback there is nothing to configure these classes.
    requires transitive ch.qos.logback.classic;
    requires transitive ch.qos.logback.core;
    // Marker and KeyValuePair of the events we capture; provided with Logback, like Logback itself.
    requires org.slf4j;

    // Logback's Joran creates the appender, the encoder and <option> elements by reflection on their public
    // constructors and setters, which an export allows; nothing needs to be opened.
    exports io.github.logstashasync.logback;
}
