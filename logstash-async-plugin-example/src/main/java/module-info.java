/**
 * An example transport plugin: the transport {@code file} appends every event as one JSON line to a file. It is
 * the model for third-party transports (see module-info-docs/README.md) and the plugin the end-to-end tests select
 * by id from {@code logging.properties}.
 */
module io.github.logstashasync.plugin.example {
    // The SPI and the settings; a plugin needs no other module of the library, not even the core.
    requires io.github.logstashasync.api;

    // Nothing is exported: the core finds the provider through this line alone, and never names its class.
    // Deliberately no META-INF/services file: the end-to-end tests prove that this declaration is enough on the
    // module path. A real plugin should ship both, so that it also works on the class path.
    provides io.github.logstashasync.api.spi.TransportProvider
            with io.github.logstashasync.plugin.example.FileTransportProvider;
}
