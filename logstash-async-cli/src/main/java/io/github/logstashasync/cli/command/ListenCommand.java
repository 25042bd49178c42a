package io.github.logstashasync.cli.command;

import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.api.spi.TransportProvider;
import io.github.logstashasync.api.spi.TransportReader;
import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.cli.internal.Receiver;
import io.github.logstashasync.cli.internal.ReceiverSettings;
import io.github.logstashasync.cli.internal.Receivers;
import io.github.logstashasync.cli.internal.ServerTls;
import io.github.logstashasync.cli.internal.StopSignal;
import io.github.logstashasync.core.LogstashHandlerBuilder;
import io.github.logstashasync.core.internal.transport.TransportRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code listen}: a local receiver for {@code tcp}, {@code udp}, {@code http} or {@code beats} (with ACKs), plain or
 * TLS with optional client-certificate checks, printing every event; for testing without a Logstash. A transport
 * plugin whose destination can be read back (a broker's topic: {@code kafka}) is read through its provider instead,
 * with the same {@code -o} options that {@code send} and {@code queue flush} write with.
 */
@Command(name = "listen", description = {
    "Receive events as Logstash's inputs would (tcp, udp, http, beats), to test without a Logstash.",
    "Protocols: tcp (json_lines), udp, http (JSON array POSTs) or beats (Lumberjack v2 with ACKs), optionally over",
    "TLS with client certificates.",
    "Or read what arrives at a transport plugin's destination, e.g. a Kafka topic:",
    "  listen kafka -o bootstrapServers=HOST:PORT -o topic=NAME [--from-beginning]",
    "Prints each event as indented JSON (--raw or --json: one line each, as received). Status goes to stderr.",
    "Runs until Ctrl-C, --count events or --timeout."})
final class ListenCommand extends BaseCommand {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "TRANSPORT", completionCandidates = Converters.ReceiverNames.class,
            description = "what to receive: ${COMPLETION-CANDIDATES}")
    String kind;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "address to listen on (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "5959",
            description = "port to listen on; 0 picks a free one (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--raw", description = "print each event on one line as it arrived")
    boolean raw;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "stop after N events")
    Long count;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "stop after this long")
    Duration timeout;

    @Option(names = "--path", paramLabel = "PATH", description = "http: accept this path only (default: any)")
    String path;

    @Option(names = "--username", paramLabel = "USER", description = "http: require basic auth with this user")
    String username;

    @Option(names = "--password", paramLabel = "PASSWORD", arity = "0..1", fallbackValue = Passwords.ASK,
            description = "http: ... and this password; leave out the value to be asked on the terminal, or set"
                    + " LOGSTASH_ASYNC_PASSWORD")
    String password;

    @Option(names = "--ssl-enable", description = "TLS (tcp, http, beats); needs --keyfile and --certfile or --key-store")
    boolean sslEnable;

    @Option(names = "--keyfile", paramLabel = "FILE", description = "PEM private key of the server")
    Path keyfile;

    @Option(names = "--certfile", paramLabel = "FILE", description = "PEM certificate of the server, with its chain")
    Path certfile;

    @Option(names = "--key-password", paramLabel = "PASSWORD", arity = "0..1", fallbackValue = Passwords.ASK,
            description = "password of an encrypted keyfile; leave out the value to be asked on the terminal, or set "
                    + "LOGSTASH_ASYNC_KEY_PASSWORD")
    String keyPassword;

    @Option(names = "--key-store", paramLabel = "FILE", description = "server key and certificate from a key store")
    Path keyStore;

    @Option(names = "--key-store-password", paramLabel = "PASSWORD", arity = "0..1", fallbackValue = Passwords.ASK,
            description = "password of the key store; leave out the value to be asked on the terminal, or set"
                    + " LOGSTASH_ASYNC_KEY_STORE_PASSWORD")
    String keyStorePassword;

    @Option(names = "--ca-certs", paramLabel = "FILE",
            description = "require client certificates signed by these PEM CAs (mutual TLS)")
    Path caCerts;

    @Option(names = "--ssl-protocols", paramLabel = "LIST", description = "TLS versions (default TLSv1.3,TLSv1.2)")
    String sslProtocols;

    @Option(names = {"-o", "--transport-option"}, paramLabel = "NAME=VALUE",
            description = "a plugin's transport option, as for send: kafka takes bootstrapServers, topic and "
                    + "kafka.<consumer property> (security, SASL, SSL); repeatable")
    Map<String, String> transportOptions = new LinkedHashMap<>();

    @Option(names = "--from-beginning", description = "a plugin's destination: everything it holds, not only what "
            + "arrives from now on")
    boolean fromBeginning;

    @Option(names = "--socket-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "a plugin's destination: how long to wait for it to answer at the start (default 5s)")
    Duration socketTimeout;

    ListenCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!Receivers.KINDS.contains(kind)) {
            TransportProvider reader = readableTransport(kind);
            if (reader == null) {
                throw new CliException(ExitCodes.USAGE, "unknown receiver '" + kind + "'; use one of "
                        + String.join(", ", kinds()));
            }
            return read(reader);
        }
        if (!transportOptions.isEmpty() || fromBeginning || socketTimeout != null) {
            throw new CliException(ExitCodes.USAGE, "-o, --from-beginning and --socket-timeout are for a plugin's "
                    + "destination such as kafka, not for the local " + kind + " receiver");
        }
        if ((username != null || path != null || password != null) && !kind.equals("http")) {
            throw new CliException(ExitCodes.USAGE, "--username, --password and --path are for http only");
        }
        if (password != null && username == null) {
            throw new CliException(ExitCodes.USAGE, "--password needs --username");
        }
        String secret = Passwords.resolve(context, "--password", password, "LOGSTASH_ASYNC_PASSWORD", username != null);
        if (username != null && secret == null) {
            // else any client would be let in with the user name and an empty password
            throw new CliException(ExitCodes.USAGE, "--username needs a password: --password (asked on the terminal),"
                    + " --password=PASSWORD, or LOGSTASH_ASYNC_PASSWORD");
        }
        SSLContext tls = null;
        boolean needClientAuth = false;
        if (sslEnable) {
            if (kind.equals("udp")) {
                throw new CliException(ExitCodes.USAGE, "udp has no TLS; use tcp, http or beats with --ssl-enable");
            }
            TlsSettings settings = tlsSettings();
            tls = ServerTls.context(settings);
            needClientAuth = ServerTls.requiresClientCertificates(settings);
        }
        AtomicLong received = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        Receiver.Sink sink = text -> {
            long seen = received.incrementAndGet();
            if (count != null && seen > count) {
                return;
            }
            print(text);
            if (count != null && seen == count) {
                done.countDown();
            }
        };
        ReceiverSettings settings = new ReceiverSettings(new InetSocketAddress(host, port), tls, needClientAuth, path,
                username, secret, message -> warn(context, message));
        Receiver receiver;
        try {
            receiver = Receivers.start(kind, settings, sink);
        } catch (IOException e) {
            throw new CliException(ExitCodes.IO, "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        StopSignal.Registration stop = context.stops().onStop(done::countDown);
        try {
            InetSocketAddress address = receiver.address();
            err().println(styled("@|bold listening|@ for " + kind + (tls == null ? "" : " over TLS")
                    + (needClientAuth ? " (client certificates required)" : "") + " on "
                    + address.getHostString() + ":" + address.getPort() + "; Ctrl-C stops"));
            err().flush();
            context.listening().accept(address);
            boolean complete = timeout == null ? awaitForever(done) : done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long total = count == null ? received.get() : Math.min(count, received.get());
            err().println("received " + total + " events");
            err().flush();
            if (count != null && !complete && total < count) {
                throw new CliException(ExitCodes.SEND_FAILED, "received " + total + " of " + count
                        + " events before the timeout");
            }
        } finally {
            stop.close();
            receiver.close();
        }
        return ExitCodes.OK;
    }

    /** The local receivers, then the installed transports whose destination can be read back. */
    static List<String> kinds() {
        List<String> kinds = new ArrayList<>(Receivers.KINDS);
        for (String id : TransportRegistry.discover(message -> { }).ids()) {
            if (!kinds.contains(id) && readableTransport(id) != null) {
                kinds.add(id);
            }
        }
        return kinds;
    }

    /** The installed transport {@code id} if its destination can be read back, else null. */
    private static TransportProvider readableTransport(String id) {
        TransportRegistry registry = TransportRegistry.discover(message -> { });
        if (!registry.ids().contains(id)) {
            return null;
        }
        TransportProvider provider = registry.provider(id);
        return provider.supportsReading() ? provider : null;
    }

    /** Reads the destination of a transport plugin until Ctrl-C, --count or --timeout. */
    private int read(TransportProvider provider) throws InterruptedException {
        // (not the passwords: they may come from the environment for another command)
        if (sslEnable || keyfile != null || certfile != null || keyStore != null || caCerts != null || path != null
                || username != null) {
            throw new CliException(ExitCodes.USAGE, "transport '" + provider.id() + "' takes its TLS and "
                    + "authentication from its own options (-o), not from --ssl-enable, --keyfile, --username ...");
        }
        transportOptions.forEach((name, value) -> {
            if (TransportSettings.isSecret(name)) {
                context.secrets().add(value);
            }
        });
        TransportSettings settings = new TransportSettings(LogstashHandlerBuilder.DEFAULT_HOST,
                LogstashHandlerBuilder.DEFAULT_PORT, StandardCharsets.UTF_8,
                socketTimeout == null ? PipelineSettings.DEFAULT_SOCKET_TIMEOUT : socketTimeout,
                PipelineSettings.DEFAULT_SOCKET_CLOSE_WAIT, PipelineSettings.DEFAULT_BEATS_BATCH_SIZE,
                TlsSettings.builder().build(), transportOptions);
        String destination = provider.destination(settings);
        TransportReader reader;
        try {
            reader = provider.openReader(settings, fromBeginning);
        } catch (TransportException e) {
            throw new CliException(ExitCodes.IO, "cannot read " + destination + ": " + e.getMessage(), e);
        }
        CountDownLatch done = new CountDownLatch(1);
        StopSignal.Registration stop = context.stops().onStop(done::countDown);
        long received = 0;
        try {
            err().println(styled("@|bold reading|@ " + destination + (fromBeginning ? " from the beginning"
                    : " from now on") + "; Ctrl-C stops"));
            err().flush();
            context.listening().accept(InetSocketAddress.createUnresolved(provider.id(), 0));
            long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
            String lastError = null;
            while (done.getCount() > 0 && (count == null || received < count)
                    && (timeout == null || System.nanoTime() - deadline < 0)) {
                List<String> documents;
                try {
                    documents = reader.poll(Duration.ofMillis(200));
                    lastError = null;
                } catch (TransportException e) {
                    if (!e.getMessage().equals(lastError)) {
                        warn(context, e.getMessage() + "; trying again");
                    }
                    lastError = e.getMessage();
                    done.await(1, TimeUnit.SECONDS);
                    continue;
                }
                for (String document : documents) {
                    if (count != null && received >= count) {
                        break;
                    }
                    received++;
                    print(document);
                }
            }
            err().println("received " + received + " events");
            err().flush();
            if (count != null && received < count && done.getCount() > 0) {
                throw new CliException(ExitCodes.SEND_FAILED, "received " + received + " of " + count
                        + " events before the timeout");
            }
        } finally {
            stop.close();
            reader.close();
        }
        return ExitCodes.OK;
    }

    private static boolean awaitForever(CountDownLatch done) throws InterruptedException {
        done.await();
        return true;
    }

    private TlsSettings tlsSettings() {
        String keyPasswordText = Passwords.resolve(context, "--key-password", keyPassword, "LOGSTASH_ASYNC_KEY_PASSWORD",
                keyfile != null || keyStore != null);
        String keyStorePasswordText = Passwords.resolve(context, "--key-store-password", keyStorePassword,
                "LOGSTASH_ASYNC_KEY_STORE_PASSWORD", keyStore != null);
        TlsSettings.Builder builder = TlsSettings.builder().enabled(true).verify(true).keyfile(keyfile)
                .certfile(certfile).keyPassword(keyPasswordText).keyStore(keyStore)
                .keyStorePassword(keyStorePasswordText).caCerts(caCerts);
        if (sslProtocols != null) {
            builder.protocols(OptionParsers.list(sslProtocols));
        }
        return builder.build();
    }

    private synchronized void print(String text) {
        if (raw || json()) {
            out().println(text);
        } else {
            out().println(Json.pretty(text));
            if (Json.parse(text) == null) {
                warn(context, "the event above is not JSON");
            }
        }
        out().flush();
    }
}
