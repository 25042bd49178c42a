/**
 * The application module of the end-to-end tests: its tests ship events through every transport to real
 * receivers from the module path, and its {@link io.github.logstashasync.e2e.LoggingPropertiesApp} is the
 * application configured only by {@code logging.properties} that the plugin tests start in a child JVM.
 */
module io.github.logstashasync.e2e {
    // the handler that LogManager creates from logging.properties, and its statistics
    requires io.github.logstashasync.core;
    // Not read by this module's code: listed so that the TLS provider is on the module path of the tests, as in an
    // application that ships TLS. The core finds it through ServiceLoader ("uses TlsProvider").
    requires io.github.logstashasync.transport.ssl;

    exports io.github.logstashasync.e2e;
}
