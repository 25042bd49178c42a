/**
 * The application module of the end-to-end tests: its tests ship events through every transport to real
 * receivers from the module path, and its {@link io.github.logstashasync.e2e.LoggingPropertiesApp} is the
 * application configured only by {@code logging.properties} that the plugin tests start in a child JVM.
 */
module io.github.logstashasync.e2e {
    // The handler that LogManager creates from logging.properties, and its statistics. Deliberately nothing else:
    // the TLS module and the example plugin are on the module path, and the core's "uses" lines bind them.
    requires io.github.logstashasync.core;

    exports io.github.logstashasync.e2e;
}
