package io.github.logstashasync.cli.command;

import io.github.logstashasync.api.OptionParsers;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.cli.internal.Json;
import io.github.logstashasync.cli.internal.Receiver;
import io.github.logstashasync.cli.internal.ReceiverSettings;
import io.github.logstashasync.cli.internal.Receivers;
import io.github.logstashasync.cli.internal.ServerTls;
import io.github.logstashasync.cli.internal.StopSignal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code listen}: a local receiver for {@code tcp}, {@code udp}, {@code http} or {@code beats} (with ACKs), plain or
 * TLS with optional client-certificate checks, printing every event; for testing without a Logstash.
 */
@Command(name = "listen", description = {
    "Receive events as Logstash's inputs would (tcp, udp, http, beats), to test without a Logstash.",
    "Protocols: tcp (json_lines), udp, http (JSON array POSTs) or beats (Lumberjack v2 with ACKs), optionally over",
    "TLS with client certificates.",
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

    ListenCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!Receivers.KINDS.contains(kind)) {
            throw new CliException(ExitCodes.USAGE, "unknown receiver '" + kind + "'; use one of "
                    + String.join(", ", Receivers.KINDS));
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
