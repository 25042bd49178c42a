import io.github.logstashasync.api.spi.TlsProvider;
import io.github.logstashasync.api.spi.TransportProvider;

/**
 * The asynchronous and synchronous {@code java.util.logging} handlers, their worker, the memory and
 * SQLite event queues, the Logstash and ECS formatters, and the plain TCP, UDP, HTTP and Beats transports.
 */
// "module": the qualified exports below name modules built after this one; javac, compiling core alone, cannot see
// them and would warn "module not found", which -Werror turns into an error.
@SuppressWarnings("module")
module io.github.logstashasync.core {
    // TransportSettings, TlsSettings and the SPI appear in the public signatures of the handlers' builders.
    requires transitive io.github.logstashasync.api;
    // Handler, Formatter and LogRecord are the public face of this module: a user cannot use it without them.
    requires transitive java.logging;
    requires java.net.http;
    // sqlite-jdbc is a JDBC driver; we use its DataSource directly, not DriverManager's service lookup.
    requires java.sql;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    // Automatic module name from sqlite-jdbc's manifest.
    requires org.xerial.sqlitejdbc;

    exports io.github.logstashasync.core;
    // The desktop monitor inspects and repairs queue databases, and flushes them through a transport it picks by id.
    exports io.github.logstashasync.core.internal.queue to io.github.logstashasync.fx;
    exports io.github.logstashasync.core.internal.transport to io.github.logstashasync.fx;

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
