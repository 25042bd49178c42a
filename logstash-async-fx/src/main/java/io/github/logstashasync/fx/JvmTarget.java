package io.github.logstashasync.fx;

/**
 * Where the monitor reads a running JVM's pipelines from: a local process of this user by its id (through the
 * Attach API, which starts the process's local JMX agent if it is not running yet), or a JMX port that the JVM
 * opened itself ({@code -Dcom.sun.management.jmxremote.port=...}).
 */
sealed interface JvmTarget {

    /** A local JVM by process id. */
    record Local(long pid) implements JvmTarget {
        @Override
        public String toString() {
            return "process " + pid;
        }
    }

    /** A JVM's JMX port (the RMI connector of {@code com.sun.management.jmxremote}). */
    record Remote(String host, int port) implements JvmTarget {
        @Override
        public String toString() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    /** Reads a process id; the message of the exception names {@code what} (a flag, a field). */
    static Local parsePid(String what, String text) {
        try {
            long pid = Long.parseLong(text.trim());
            if (pid > 0) {
                return new Local(pid);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(what + ": '" + text + "' is no process id (a positive number)");
    }

    /** Reads {@code host:port} ({@code [::1]:port} for an IPv6 address); the message names {@code what}. */
    static Remote parseJmx(String what, String text) {
        String value = text.trim();
        int colon = value.lastIndexOf(':');
        if (colon > 0 && colon < value.length() - 1) {
            String host = value.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port > 0 && port < 65_536 && !host.isEmpty()) {
                    return new Remote(host, port);
                }
            } catch (NumberFormatException e) {
                // said below
            }
        }
        throw new IllegalArgumentException(what + ": '" + text + "' is no HOST:PORT (for example 127.0.0.1:9010)");
    }

    /** Reads what a user typed: a process id, or {@code host:port}. */
    static JvmTarget parse(String what, String text) {
        String value = text.trim();
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
            return parsePid(what, value);
        }
        if (value.contains(":")) {
            return parseJmx(what, value);
        }
        throw new IllegalArgumentException(what + ": '" + text + "' is neither a process id nor HOST:PORT");
    }
}
