/**
 * The contracts of logstash-async: the captured event, the settings, and the formatter, transport
 * and TLS service provider interfaces. Depends on java.base only, so that a transport plugin needs
 * nothing but this module.
 */
module io.github.logstashasync.api {
    exports io.github.logstashasync.api;
    exports io.github.logstashasync.api.spi;
}
