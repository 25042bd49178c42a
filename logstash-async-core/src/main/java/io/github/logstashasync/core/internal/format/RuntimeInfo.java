package io.github.logstashasync.core.internal.format;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Facts about this process that every event carries and that never change while it runs: looked up once per
 * JVM (host name lookups may be slow), then shared by every formatter.
 */
public final class RuntimeInfo {

    /** The version written when the library's version resource is missing (running from an IDE, for example). */
    public static final String UNKNOWN_VERSION = "dev";

    private RuntimeInfo() {
    }

    /** The host name as the operating system reports it (Python's {@code socket.gethostname()}). */
    public static String hostName() {
        return HostHolder.SHORT;
    }

    /** The canonical fully qualified domain name (Python's {@code socket.getfqdn()}), or the host name. */
    public static String fqdn() {
        return FqdnHolder.FQDN;
    }

    /** This process's id. */
    public static long pid() {
        return ProcessHandle.current().pid();
    }

    /**
     * The program: the main class, or the file name of the jar started with {@code java -jar}, or the module and
     * class of {@code java -m}; {@code java} when the JVM does not say.
     */
    public static String program() {
        return programOf(System.getProperty("sun.java.command"));
    }

    /** The Java executable of this JVM: {@code $java.home/bin/java}. */
    public static String interpreter() {
        String home = System.getProperty("java.home", "");
        String executable = System.getProperty("os.name", "").startsWith("Windows") ? "java.exe" : "java";
        return Path.of(home, "bin", executable).toString();
    }

    /** The JVM's version, for example {@code 17.0.15+6}. */
    public static String interpreterVersion() {
        return Runtime.version().toString();
    }

    /** The version of this library, from the resource Maven filters at build time, or {@value #UNKNOWN_VERSION}. */
    public static String libraryVersion() {
        return VersionHolder.VERSION;
    }

    static String programOf(String command) {
        if (command == null || command.isBlank()) {
            return "java";
        }
        String first = command.trim().split("\\s+", 2)[0];
        if (first.endsWith(".jar")) {
            int slash = Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'));
            return first.substring(slash + 1);
        }
        return first;
    }

    private static String lookUpHostName() {
        // The kernel's name first: no DNS, the same answer as Python's socket.gethostname().
        String name = System.getenv("HOSTNAME");
        if (isName(name)) {
            return name.trim();
        }
        name = System.getenv("COMPUTERNAME");
        if (isName(name)) {
            return name.trim();
        }
        for (String file : new String[] {"/proc/sys/kernel/hostname", "/etc/hostname"}) {
            try {
                name = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                if (isName(name)) {
                    return name.trim();
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or not readable: try the next source
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | RuntimeException e) {
            return "localhost";
        }
    }

    private static String lookUpFqdn() {
        try {
            String name = InetAddress.getLocalHost().getCanonicalHostName();
            return isName(name) ? name : HostHolder.SHORT;
        } catch (UnknownHostException | RuntimeException e) {
            return HostHolder.SHORT;
        }
    }

    private static boolean isName(String name) {
        return name != null && !name.isBlank();
    }

    private static String readVersion() {
        try (InputStream in = RuntimeInfo.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return UNKNOWN_VERSION;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            // an unfiltered resource still holds the Maven expression
            return version.isBlank() || version.contains("${") ? UNKNOWN_VERSION : version.trim();
        } catch (IOException | RuntimeException e) {
            return UNKNOWN_VERSION;
        }
    }

    /** Lazy: only formatters need the host name. */
    private static final class HostHolder {
        static final String SHORT = lookUpHostName();
    }

    /** Lazy and separate: the canonical name may need a slow DNS lookup, done only when {@code fqdn} is on. */
    private static final class FqdnHolder {
        static final String FQDN = lookUpFqdn();
    }

    /** Lazy: read once. */
    private static final class VersionHolder {
        static final String VERSION = readVersion();
    }
}
