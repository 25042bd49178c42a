/**
 * The Jakarta Servlet front door of logstash-async: a request filter that adds the request's fields to every event
 * logged while serving it.
 */
module io.github.logstashasync.servlet {
    // The filter sets the fields in the api's RequestContext, which every front-end reads at capture; no type of
    // the api is in this module's public signatures, so it is not transitive.
    requires io.github.logstashasync.api;
    // The filter is a jakarta.servlet.Filter: a user registers it through the Servlet API. A Maven "provided"
    // dependency, which the container brings.
    requires transitive jakarta.servlet;
    // Optional: when SLF4J is there (resolved in the module graph, or on the class path), the fields go into its MDC
    // too; Slf4jMdc is loaded only then.
    requires static org.slf4j;
    // Optional: when log4j-api is there, the fields go into its ThreadContext too, for Log4j's async loggers;
    // Log4jThreadContext is loaded only then.
    requires static org.apache.logging.log4j;
    // The optional access event of each request is logged through JUL, which every front-end can receive.
    requires java.logging;

    exports io.github.logstashasync.servlet;
}
