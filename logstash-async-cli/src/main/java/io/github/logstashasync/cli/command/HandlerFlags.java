package io.github.logstashasync.cli.command;

import io.github.logstashasync.api.TransportSettings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of the handlers as a command-line flag: the kebab-case of its {@code logging.properties} name
 * ({@code flushInterval} is {@code --flush-interval}), taking the same text. One table, so that a new option is one
 * new line; the values go to {@code AsynchronousLogstashHandler.Builder.option(name, value)} unchanged.
 */
final class HandlerFlags {

    /** The sections of the flags in the help. */
    enum Group {
        DESTINATION("Destination"),
        TLS("TLS (tcp, http, beats; needs logstash-async-transport-ssl)"),
        TRANSPORT("Transport options (each transport takes only its own)"),
        HANDLER("Handler"),
        QUEUE("Queue and sending");

        private final String heading;

        Group(String heading) {
            this.heading = heading;
        }
    }

    /** What kind of value a flag takes. */
    enum Kind {
        /** A value. */
        VALUE,
        /** A boolean that may be given alone for true: {@code --ssl-enable} or {@code --ssl-enable=false}. */
        SWITCH,
        /** A password: given, asked on the terminal without echo when the value is left out, or from a variable. */
        SECRET,
        /** A value that may be given several times; the values are joined with commas, as a list option takes them. */
        REPEATABLE
    }

    /**
     * One flag.
     *
     * @param option      the option's name for {@code option(name, value)}, as in {@code logging.properties}
     * @param names       the flag and its aliases
     * @param label       the value's label in the help
     * @param description the help text
     * @param group       its section
     * @param kind        what it takes
     */
    record Flag(String option, List<String> names, String label, String description, Group group, Kind kind) {

        /** The environment variable a secret may come from. */
        String environmentVariable() {
            return "LOGSTASH_ASYNC_" + names.get(0).substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
        }
    }

    /** Every flag, in help order. */
    static final List<Flag> ALL = List.of(
            flag("transport", "ID", "transport provider id: tcp (default), udp, http, beats, or a plugin's",
                    Group.DESTINATION),
            flag("host", "HOST", "receiver host (default localhost)", Group.DESTINATION),
            flag("port", "PORT", "receiver port (default 5959)", Group.DESTINATION),
            new Flag("destinations", List.of("--destination", "--destinations"), "HOST:PORT|URL",
                    "one of several receivers instead of --host/--port: host:port, [IPv6]:port, or a URL for http;"
                    + " repeatable, or comma-separated", Group.DESTINATION, Kind.REPEATABLE),
            flag("connectionStrategy", "STRATEGY", "with several destinations: failover (default), round-robin, random",
                    Group.DESTINATION),
            flag("secondaryConnectionTtl", "DURATION", "failover: how long a later destination keeps the batches"
                    + " before the first is tried again (default 5m; off: until it fails)", Group.DESTINATION),
            flag("rotateEvery", "N", "round-robin and random: batches per destination before the next (default 1)",
                    Group.DESTINATION),
            flag("rotateInterval", "DURATION", "round-robin and random: how long one destination gets the batches"
                    + " before the next (default off; with --rotate-every too, whichever comes first)", Group.DESTINATION),
            toggle("resolveAll", "each address a destination's name resolves to is a destination of its own",
                    Group.DESTINATION),
            flag("resolveInterval", "DURATION", "with --resolve-all: how often the names are resolved again (default"
                    + " 30s; off: only at the start)", Group.DESTINATION),
            flag("encoding", "CHARSET", "wire encoding (default UTF-8)", Group.DESTINATION),
            flag("socketTimeout", "DURATION", "connect and write timeout (default 5s)", Group.DESTINATION),
            flag("socketCloseWait", "DURATION", "how long closing waits for unsent bytes (default 30s)",
                    Group.DESTINATION),
            flag("beatsBatchSize", "N", "events per Beats window (default 25)", Group.DESTINATION),

            toggle("sslEnable", "use TLS (default false)", Group.TLS),
            toggle("sslVerify", "check the server's certificate chain and host name (default true)", Group.TLS),
            flag("keyfile", "FILE", "PEM private key of the client certificate (mutual TLS)", Group.TLS),
            flag("certfile", "FILE", "PEM client certificate, with its chain", Group.TLS),
            flag("caCerts", "FILE", "PEM bundle of the CAs to trust (default: the JDK's)", Group.TLS),
            secret("keyPassword", "password of an encrypted keyfile or of the key store's key", Group.TLS),
            flag("keyStore", "FILE", "client key and certificate from a PKCS#12 or JKS key store", Group.TLS),
            secret("keyStorePassword", "password of the key store", Group.TLS),
            flag("keyStoreType", "TYPE", "PKCS12 (default) or JKS", Group.TLS),
            flag("trustStore", "FILE", "CAs to trust from a PKCS#12 or JKS trust store", Group.TLS),
            secret("trustStorePassword", "password of the trust store", Group.TLS),
            flag("trustStoreType", "TYPE", "PKCS12 (default) or JKS", Group.TLS),
            flag("sslProtocols", "LIST", "TLS versions offered (default TLSv1.3,TLSv1.2)", Group.TLS),

            flag("path", "PATH", "http: request path, with an optional query (default /)", Group.TRANSPORT),
            flag("username", "USER", "http: basic-auth user", Group.TRANSPORT),
            secret("password", "http: basic-auth password", Group.TRANSPORT),
            flag("maxContentLength", "SIZE", "http: largest request body (default 100MiB)", Group.TRANSPORT),
            flag("connectTimeout", "DURATION", "http: connect timeout (default: socket timeout)", Group.TRANSPORT),
            flag("requestTimeout", "DURATION", "http: timeout of one request (default 10s)", Group.TRANSPORT),
            flag("compressionLevel", "0-9", "beats: zlib level, 0 for none (default 6)", Group.TRANSPORT),
            flag("readTimeout", "DURATION", "beats: longest wait for an ACK (default 60s)", Group.TRANSPORT),
            flag("maxDatagramSize", "SIZE", "udp: largest datagram; larger events fail (default 65507)",
                    Group.TRANSPORT),

            flag("enable", "BOOL", "false discards every event (default true)", Group.HANDLER),
            new Flag("level", List.of("--handler-level"), "LEVEL", "the handler's level (default ALL)", Group.HANDLER,
                    Kind.VALUE),
            flag("filter", "CLASS", "a java.util.logging.Filter class", Group.HANDLER),
            flag("formatter", "CLASS", "formatter class (default LogstashFormatter)", Group.HANDLER),
            toggle("includeCallerData", "find class, method, file and line of each call", Group.HANDLER),
            flag("errorLogRateLimit", "LIMIT", "the library's own error messages, e.g. '10 per minute'", Group.HANDLER),

            new Flag("databasePath", List.of("--database", "--database-path"), "FILE",
                    "SQLite queue that keeps events across restarts (default: memory queue)", Group.QUEUE, Kind.VALUE),
            flag("eventTtl", "DURATION", "queued events older than this expire (default: never)", Group.QUEUE),
            flag("databaseMaxSize", "SIZE", "the most bytes the SQLite queue's events may take; at the cap the log"
                    + " calls meet the overflow policy (default: no cap)", Group.QUEUE),
            flag("failedEventTtl", "DURATION", "failed events older than this are deleted from the database"
                    + " (default: kept)", Group.QUEUE),
            flag("queueCheckInterval", "DURATION", "how often an idle worker re-reads the queue (default 2s)",
                    Group.QUEUE),
            flag("flushInterval", "DURATION", "queued events are sent at least this often (default 10s)", Group.QUEUE),
            flag("flushCount", "N", "... or as soon as this many wait (default 50)", Group.QUEUE),
            flag("batchSize", "N", "events handed to the transport at once (default 50)", Group.QUEUE),
            flag("databaseChunkSize", "N", "rows per SQL statement (default 750)", Group.QUEUE),
            flag("databaseTimeout", "DURATION", "SQLite busy timeout (default 5s)", Group.QUEUE),
            toggle("vacuumOnShutdown", "VACUUM the database on close", Group.QUEUE),
            flag("bufferSize", "N", "hand-off buffer in events (default 8192)", Group.QUEUE),
            flag("overflowPolicy", "POLICY", "block (default), drop-newest, drop-oldest", Group.QUEUE),
            flag("blockTimeout", "DURATION", "longest a log call waits under block (default 5s)", Group.QUEUE),
            flag("memoryQueueCapacity", "N", "events the memory queue holds (default 100000)", Group.QUEUE),
            flag("claimLease", "DURATION", "a claimed batch not confirmed in this time is sent again (default 2m)",
                    Group.QUEUE),
            flag("retryInitialDelay", "DURATION", "first back-off after a failed send (default 200ms)", Group.QUEUE),
            flag("retryMaxDelay", "DURATION", "longest back-off (default 30s)", Group.QUEUE),
            flag("shutdownTimeout", "DURATION", "longest close() spends sending (default 10s; send: 1s)", Group.QUEUE));

    /** The options whose presence means that a password is used, so that its environment variable is read. */
    private static final Map<String, List<String>> SECRET_USERS = Map.of(
            "password", List.of("username"),
            "keyPassword", List.of("keyfile", "keyStore"),
            "keyStorePassword", List.of("keyStore"),
            "trustStorePassword", List.of("trustStore"));

    private final Set<Group> groups;
    private final Map<Flag, OptionSpec> specs = new LinkedHashMap<>();
    private OptionSpec transportOptions;

    /** Creates the flags of {@code groups}; {@link #addTo} puts them on a command. */
    HandlerFlags(Set<Group> groups) {
        this.groups = EnumSet.copyOf(groups);
    }

    private static Flag flag(String option, String label, String description, Group group) {
        return new Flag(option, List.of(kebab(option)), label, description, group, Kind.VALUE);
    }

    private static Flag toggle(String option, String description, Group group) {
        return new Flag(option, List.of(kebab(option)), "BOOL", description, group, Kind.SWITCH);
    }

    private static Flag secret(String option, String description, Group group) {
        return new Flag(option, List.of(kebab(option)), "PASSWORD", description, group, Kind.SECRET);
    }

    /** {@code flushInterval} to {@code --flush-interval}. */
    static String kebab(String option) {
        return "--" + option.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The flags of these groups. */
    List<Flag> flags() {
        return ALL.stream().filter(flag -> groups.contains(flag.group())).toList();
    }

    /** The names of the secret flags and of {@code --transport-option}, whose values must never be shown. */
    static List<String> secretFlagNames() {
        List<String> names = new ArrayList<>();
        for (Flag flag : ALL) {
            if (flag.kind() == Kind.SECRET) {
                names.addAll(flag.names());
            }
        }
        return names;
    }

    /** The environment variables secrets may come from. */
    static List<String> secretVariables() {
        return ALL.stream().filter(flag -> flag.kind() == Kind.SECRET).map(Flag::environmentVariable).toList();
    }

    /** Adds the flags to {@code spec}, one help section per group. */
    void addTo(CommandSpec spec) {
        for (Group group : groups) {
            ArgGroupSpec.Builder section = ArgGroupSpec.builder().heading(group.heading + ":%n").exclusive(false)
                    .multiplicity("0..1");
            for (Flag flag : flags()) {
                if (flag.group() != group) {
                    continue;
                }
                OptionSpec option = option(flag);
                specs.put(flag, option);
                section.addArg(option);
            }
            if (group == Group.TRANSPORT) {
                // -o as in the Kafka issue's `--transport kafka -o bootstrapServers=...`; queue export's -o (--output)
                // is another command, which has no transport options
                transportOptions = OptionSpec.builder("-o", "--transport-option").paramLabel("NAME=VALUE")
                        .type(Map.class).auxiliaryTypes(String.class, String.class)
                        .description("any option of the transport by name, e.g. a plugin's; repeatable").build();
                section.addArg(transportOptions);
            }
            spec.addArgGroup(section.build());
        }
    }

    private static OptionSpec option(Flag flag) {
        OptionSpec.Builder builder = OptionSpec.builder(flag.names().toArray(String[]::new)).paramLabel(flag.label());
        switch (flag.kind()) {
            case SWITCH -> builder.type(String.class).arity("0..1").fallbackValue("true")
                    .description(flag.description());
            // not picocli's interactive options: they ask on standard output and read a non-terminal stdin
            case SECRET -> builder.type(String.class).arity("0..1").fallbackValue(Passwords.ASK)
                    .description(flag.description() + "; leave out the value to be asked on the terminal, or set "
                            + flag.environmentVariable());
            case REPEATABLE -> builder.type(List.class).auxiliaryTypes(String.class).arity("1")
                    .description(flag.description());
            default -> builder.type(String.class).description(flag.description());
        }
        return builder.build();
    }

    /**
     * The values given, by option name, in table order, then the transport options given with {@code --transport-option}, then
     * the passwords ({@link Passwords}: from the flag, the terminal or the environment variable, each added to
     * the run's secrets). A password's variable is read only where the password is used: {@code --password}'s
     * with {@code --username}, the key's with {@code --keyfile} or {@code --key-store}, a store's with its store.
     *
     * @throws CliException with {@link ExitCodes#USAGE} for an empty password, a question without a terminal, or
     *                      {@code --username} without a password
     */
    Map<String, String> values(CliContext context) {
        Map<String, String> values = new LinkedHashMap<>();
        specs.forEach((flag, option) -> {
            Object value = option.getValue();
            if (flag.kind() == Kind.SECRET) {
                return; // below, once the transport options are known
            }
            if (value instanceof List<?> list) {
                if (!list.isEmpty()) {
                    values.put(flag.option(), String.join(",", list.stream().map(String::valueOf).toList()));
                }
            } else if (value != null) {
                values.put(flag.option(), value.toString());
            }
        });
        transportOptionValues().forEach((name, value) -> {
            if (TransportSettings.isSecret(name)) {
                context.secrets().add(value);
            }
            values.put(name, value);
        });
        specs.forEach((flag, option) -> {
            if (flag.kind() != Kind.SECRET) {
                return;
            }
            String given = option.getValue();
            if (given == null && values.containsKey(flag.option())) {
                return; // given with --transport-option
            }
            boolean needed = SECRET_USERS.getOrDefault(flag.option(), List.of()).stream().anyMatch(values::containsKey);
            String password = Passwords.resolve(context, flag.names().get(0), given, flag.environmentVariable(), needed);
            if (password != null) {
                values.put(flag.option(), password);
            }
        });
        if (values.containsKey("username") && !values.containsKey("password")) {
            throw new CliException(ExitCodes.USAGE, "--username needs a password: --password (asked on the terminal),"
                    + " --password=PASSWORD, or LOGSTASH_ASYNC_PASSWORD");
        }
        return values;
    }

    /** Whether {@code option} is a transport's own option (given as a flag of that group or with {@code --transport-option}). */
    boolean isTransportOption(String option) {
        for (Flag flag : ALL) {
            if (flag.option().equals(option)) {
                return flag.group() == Group.TRANSPORT;
            }
        }
        return transportOptionValues().containsKey(option);
    }

    private Map<String, String> transportOptionValues() {
        if (transportOptions == null || transportOptions.getValue() == null) {
            return Map.of();
        }
        Map<?, ?> map = transportOptions.getValue();
        Map<String, String> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), String.valueOf(v)));
        return result;
    }
}
