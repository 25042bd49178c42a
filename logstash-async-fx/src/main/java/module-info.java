/**
 * The desktop monitor of a queue database: counts by state, queue depth and rates, the events page by page with
 * filters and details, and the repairs (requeue, delete, flush to a destination, export), read-only by default;
 * and of a running JVM: its pipelines' figures, read live from their MXBeans.
 */
module io.github.logstashasync.fx {
    // QueueInspector, SqliteEventQueue and TransportRegistry come through the core's qualified exports to this
    // module; the API (TransportSettings, TlsSettings) comes with it transitively.
    requires io.github.logstashasync.core;
    requires javafx.controls;
    // Pretty-prints and compacts the events' JSON documents.
    requires tools.jackson.databind;
    // The JVM view attaches to a local JVM (Attach API) to start and find its local JMX connector...
    requires jdk.attach;
    // ...or reads a JVM's JMX port, whose connector is RMI. JMX itself (java.management) comes with the core.
    requires java.management.rmi;

    // QueueMonitor.open for the command-line tool's "monitor" command, and the launcher's main class.
    exports io.github.logstashasync.fx;
}
