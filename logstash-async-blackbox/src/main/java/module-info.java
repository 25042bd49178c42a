/**
 * An application module for black-box tests: it reads only what io.github.logstashasync.core exports, so
 * its tests see the library exactly as a user on the module path does.
 */
module io.github.logstashasync.blackbox {
    requires io.github.logstashasync.core;
    // the Logback front-end, configured by logback.xml as an application does
    requires io.github.logstashasync.logback;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires org.slf4j;
    // the Log4j 2 front-end, configured by log4j2.xml
    requires io.github.logstashasync.log4j;
    // the web application: embedded Jetty 12 (ee10) with the request filter, and an HTTP client to call it
    requires io.github.logstashasync.servlet;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.ee10.servlet;
    requires java.net.http;
    // the tests parse what a receiver got; Jackson is read here, not through core
    requires tools.jackson.databind;
    exports io.github.logstashasync.blackbox;
    // the test lists the transports an application would find
    uses io.github.logstashasync.api.spi.TransportProvider;
}
