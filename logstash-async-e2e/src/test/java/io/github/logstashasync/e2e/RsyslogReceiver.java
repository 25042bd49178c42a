package io.github.logstashasync.e2e;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * rsyslog ({@code rsyslogd -n -f CONF -i PIDFILE}) as the counterpart of Logstash's {@code tcp} and {@code udp}
 * inputs with the {@code json_lines}/{@code json} codec: one input per {@link Input}, each with a ruleset that
 * parses the raw message with {@code mmjsonparse} and appends it to {@code <input>.json} when it is JSON, or to
 * {@code <input>.notjson} when not (the codec's failure path).
 */
final class RsyslogReceiver implements AutoCloseable {

    /** The inputs of one rsyslog process. */
    enum Input {
        /** Plain TCP, one JSON document per line. */
        TCP,
        /** UDP, one JSON document per datagram. */
        UDP,
        /** TCP with TLS (OpenSSL driver, {@code authMode anon}: no client certificate asked). */
        TLS,
        /** TCP with mutual TLS ({@code authMode x509/certvalid}: a client certificate signed by the CA). */
        MTLS,
        /** TCP with TLS presenting a certificate for {@code other.example} only. */
        OTHER_NAME;

        String fileName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OPENSSL_DRIVER = Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_ossl.so");

    private final Path dir;
    private final Map<Input, Integer> ports;
    private final ReceiverProcess process;

    private RsyslogReceiver(Path dir, Map<Input, Integer> ports, ReceiverProcess process) {
        this.dir = dir;
        this.ports = ports;
        this.process = process;
    }

    /** Writes the configuration into {@code dir}, starts rsyslog and waits until every input listens. */
    static RsyslogReceiver start(Path dir, PkiFixture pki) throws IOException, InterruptedException {
        Path rsyslogd = Receivers.requireBinary("rsyslogd");
        requireOpensslDriver();
        Map<Input, Integer> ports = new EnumMap<>(Input.class);
        for (Input input : Input.values()) {
            ports.put(input, input == Input.UDP ? Receivers.freeUdpPort() : Receivers.freeTcpPort());
        }
        Files.createDirectories(dir.resolve("work"));
        Path config = dir.resolve("rsyslog.conf");
        Files.writeString(config, config(dir, ports, pki), StandardCharsets.UTF_8);
        List<Integer> tcpPorts = ports.entrySet().stream().filter(e -> e.getKey() != Input.UDP).map(Map.Entry::getValue)
                .toList();
        ReceiverProcess process = ReceiverProcess.start("rsyslogd", List.of(rsyslogd.toString(), "-n", "-f",
                config.toString(), "-i", dir.resolve("rsyslogd.pid").toString()), dir, tcpPorts);
        RsyslogReceiver receiver = new RsyslogReceiver(dir, ports, process);
        try {
            receiver.awaitUdp();
        } catch (AssertionError | IOException | InterruptedException e) {
            receiver.close();
            throw e;
        }
        return receiver;
    }

    private static void requireOpensslDriver() {
        // the driver's path differs on other architectures; look next to the other rsyslog modules there
        Path driver = OPENSSL_DRIVER;
        if (!Files.exists(driver)) {
            Path lib = Path.of("/usr/lib");
            try (var found = Files.find(lib, 3, (p, a) -> p.getFileName().toString().equals("lmnsd_ossl.so"))) {
                driver = found.findFirst().orElse(OPENSSL_DRIVER);
            } catch (IOException | UncheckedIOException e) {
                driver = OPENSSL_DRIVER;
            }
        }
        Receivers.requireFile(driver, "rsyslog-openssl");
    }

    private static String config(Path dir, Map<Input, Integer> ports, PkiFixture pki) {
        StringBuilder text = new StringBuilder();
        // control characters and 8-bit bytes stay as sent, so that the files hold exactly what arrived
        text.append("global(maxMessageSize=\"1m\" workDirectory=\"").append(dir.resolve("work"))
                .append("\" parser.escapeControlCharactersOnReceive=\"off\")\n");
        text.append("module(load=\"imtcp\")\nmodule(load=\"imudp\")\nmodule(load=\"mmjsonparse\")\n");
        text.append("template(name=\"raw\" type=\"string\" string=\"%rawmsg%\\n\")\n");
        for (Input input : Input.values()) {
            String name = input.fileName();
            text.append("ruleset(name=\"").append(name).append("\") {\n")
                    .append("  action(type=\"mmjsonparse\" cookie=\"\" useRawMsg=\"on\")\n")
                    .append("  if $parsesuccess == \"OK\" then {\n")
                    .append("    action(type=\"omfile\" file=\"").append(dir.resolve(name + ".json"))
                    .append("\" template=\"raw\")\n")
                    .append("  } else {\n")
                    .append("    action(type=\"omfile\" file=\"").append(dir.resolve(name + ".notjson"))
                    .append("\" template=\"raw\")\n")
                    .append("  }\n}\n");
            String common = "port=\"" + ports.get(input) + "\" address=\"" + Receivers.LOOPBACK + "\" ruleset=\""
                    + name + "\"";
            switch (input) {
                // a batch arrives as a burst of datagrams: a large receive buffer keeps the kernel from dropping any
                case UDP -> text.append("input(type=\"imudp\" ").append(common).append(" rcvbufSize=\"8m\")\n");
                case TCP -> text.append("input(type=\"imtcp\" ").append(common).append(")\n");
                case TLS -> text.append(tlsInput(common, "anon", pki.serverCert(), pki.serverKey(), pki));
                case MTLS -> text.append(tlsInput(common, "x509/certvalid", pki.serverCert(), pki.serverKey(), pki));
                case OTHER_NAME -> text.append(tlsInput(common, "anon", pki.otherNameCert(), pki.otherNameKey(), pki));
                default -> throw new IllegalStateException("unknown input " + input);
            }
        }
        return text.toString();
    }

    private static String tlsInput(String common, String authMode, Path cert, Path key, PkiFixture pki) {
        return "input(type=\"imtcp\" " + common + " streamDriver.name=\"ossl\" streamDriver.mode=\"1\""
                + " streamDriver.authMode=\"" + authMode + "\" streamDriver.CAFile=\"" + pki.caCert() + "\""
                + " streamDriver.CertFile=\"" + cert + "\" streamDriver.KeyFile=\"" + key + "\")\n";
    }

    /**
     * UDP has no connection to wait for: send probe datagrams until one comes out in the file, so that the first
     * datagram of a test cannot arrive before rsyslog listens. Probes are left out of {@link #documents}.
     */
    private void awaitUdp() throws IOException, InterruptedException {
        byte[] probe = "{\"e2e_probe\":true}".getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket socket = new DatagramSocket()) {
            InetSocketAddress target = new InetSocketAddress(Receivers.LOOPBACK, port(Input.UDP));
            long[] next = {0};
            Receivers.await(Duration.ofSeconds(10), () -> {
                if (!rawLines(Input.UDP).isEmpty()) {
                    return true;
                }
                if (System.nanoTime() - next[0] > 0) {
                    try {
                        socket.send(new DatagramPacket(probe, probe.length, target));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    next[0] = System.nanoTime() + Duration.ofMillis(100).toNanos();
                }
                return false;
            }, () -> "rsyslog's UDP input never wrote a probe; its output:\n" + process.output());
        }
    }

    /** The port of {@code input}. */
    int port(Input input) {
        return ports.get(input);
    }

    /** Every line written for {@code input} so far, probes included. */
    List<String> rawLines(Input input) {
        return read(dir.resolve(input.fileName() + ".json"));
    }

    /** The lines that rsyslog could not parse as JSON for {@code input}. */
    List<String> notJson(Input input) {
        return read(dir.resolve(input.fileName() + ".notjson"));
    }

    /** The JSON documents received on {@code input}, probes left out. */
    List<JsonNode> documents(Input input) {
        List<JsonNode> documents = new ArrayList<>();
        for (String line : rawLines(input)) {
            try {
                JsonNode document = JSON.readTree(line);
                if (!document.has("e2e_probe")) {
                    documents.add(document);
                }
            } catch (JacksonException e) {
                throw new AssertionError("rsyslog wrote a line that is not JSON for " + input + ": " + line, e);
            }
        }
        return documents;
    }

    /** What rsyslog printed: its errors about refused TLS sessions, for example. */
    String output() {
        return process.output();
    }

    /** The complete lines of {@code file}: a line rsyslog is still writing is left for the next read. */
    private static List<String> read(Path file) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
