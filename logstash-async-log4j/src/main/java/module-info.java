/**
 * The Log4j 2 front-end of the core pipeline: the plugin appender {@code <LogstashAsync>} of {@code log4j2.xml}.
 */
module io.github.logstashasync.log4j {
    // Extras, the per-call fields an application passes as a log parameter, is an API type it must see.
    requires transitive io.github.logstashasync.api;
    // The pipeline; its types do not appear in this module's public signatures.
    requires io.github.logstashasync.core;
    // The appender is a Log4j AbstractAppender, and Log4j's types (LogEvent, Property, the builder's base) are in
    // its public signatures. A Maven "provided" dependency: the application brings the log4j-core it chose; it
    // is required at run time all the same, since without Log4j the appender has nothing to do.
    requires transitive org.apache.logging.log4j.core;

    exports io.github.logstashasync.log4j;
    // Log4j creates the appender by reflection: it calls the @PluginBuilderFactory method and sets the builder's
    // private @PluginBuilderAttribute and @PluginElement fields, which needs deep access. (The plugin itself is
    // found through the Log4j2Plugins.dat resource, which a module does not encapsulate.)
    opens io.github.logstashasync.log4j to org.apache.logging.log4j.core;
}
