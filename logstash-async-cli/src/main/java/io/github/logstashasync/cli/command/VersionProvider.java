package io.github.logstashasync.cli.command;

import io.github.logstashasync.core.internal.transport.TransportRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the tool's version, the JVM, and the transports and TLS provider installed. */
public final class VersionProvider implements IVersionProvider {

    /** Created by picocli. */
    public VersionProvider() {
    }

    @Override
    public String[] getVersion() {
        TransportRegistry registry = TransportRegistry.discover(message -> { });
        return new String[] {
            "logstash-async " + version(),
            "JVM: " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
            "transports: " + String.join(", ", registry.ids()),
            "TLS: " + (registry.tlsProvider() == null ? "not installed" : registry.tlsProvider().id())
        };
    }

    /** The tool's version, from the build. */
    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/io/github/logstashasync/cli/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
