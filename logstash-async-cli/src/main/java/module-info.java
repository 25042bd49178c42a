/**
 * The {@code logstash-async} command-line tool: a demo of the whole path, test events to any receiver, local
 * receivers for every transport, and the inspection, repair and draining of queue databases (ours and
 * python-logstash-async's). A tool, not a library: it exports nothing.
 */
module io.github.logstashasync.cli {
    requires io.github.logstashasync.core;
    // The listen command builds its server-side TLS context with the PEM provider's public API.
    requires io.github.logstashasync.transport.ssl;
    // The monitor command opens the desktop monitor's window when the monitor's module (and JavaFX) are there: the
    // tool runs without them (the distribution's launcher adds the module to the boot layer when its jars are in lib/).
    requires static io.github.logstashasync.fx;
    requires info.picocli;
    requires tools.jackson.core;
    requires tools.jackson.databind;
    // The listen command's HTTP(S) receiver.
    requires jdk.httpserver;
    // The status command attaches to a running JVM and reads its pipelines' MXBeans over a JMX (RMI) connector.
    requires jdk.attach;
    requires java.management.rmi;

    // picocli sets the annotated fields of the commands by reflection (picocli's JPMS advice: open, not export).
    opens io.github.logstashasync.cli.command to info.picocli;
}
