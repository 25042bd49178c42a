import io.github.logstashasync.api.spi.TlsProvider;
import io.github.logstashasync.api.spi.TransportProvider;

/**
 * The asynchronous and synchronous {@code java.util.logging} handlers, their worker, the memory and
 * SQLite event queues, the Logstash and ECS formatters, and the plain TCP, UDP, HTTP and Beats transports.
 */
// Maven compiles this module before the tools it exports internals to, so javac cannot see them yet and warns
// "module not found" for each qualified export (an error under -Werror); the suppression covers exactly that.
@SuppressWarnings("module")
module io.github.logstashasync.core {
    // TransportSettings, TlsSettings and the SPI appear in the public signatures of the handlers' builders.
    requires transitive io.github.logstashasync.api;
    // Handler, Formatter and LogRecord are the public face of this module: a user cannot use it without them.
    requires transitive java.logging;
    requires java.net.http;
    // sqlite-jdbc is a JDBC driver; we use its DataSource directly, not DriverManager's service lookup.
    requires java.sql;
    // Every pipeline registers an MXBean of its figures (PipelineMXBean), and PipelineMXBean appears in the API.
    requires transitive java.management;
    // Flight Recorder events of batches sent and failed and of drops; jlink keeps the module when it is required.
    requires jdk.jfr;
    requires tools.jackson.core;
    requires tools.jackson.databind;
    // Automatic module name from sqlite-jdbc's manifest.
    requires org.xerial.sqlitejdbc;

    exports io.github.logstashasync.core;
    // The command-line tool and the monitor inspect, repair and drain queue databases, and flush them
    // through a transport picked by id. To no one else.
    exports io.github.logstashasync.core.internal.queue to io.github.logstashasync.cli, io.github.logstashasync.fx;
    exports io.github.logstashasync.core.internal.transport to io.github.logstashasync.cli, io.github.logstashasync.fx;

    // Transports, including the built-in ones, are found by id through the same SPI that plugins use.
    uses TransportProvider;
    // TLS comes from io.github.logstashasync.transport.ssl when it is on the module path.
    uses TlsProvider;

    // The built-in transports, declared like any plugin's (and again in META-INF/services for the class path).
    provides TransportProvider with
            io.github.logstashasync.core.internal.transport.tcp.TcpTransportProvider,
            io.github.logstashasync.core.internal.transport.udp.UdpTransportProvider,
            io.github.logstashasync.core.internal.transport.http.HttpTransportProvider,
            io.github.logstashasync.core.internal.transport.beats.BeatsTransportProvider;
}
