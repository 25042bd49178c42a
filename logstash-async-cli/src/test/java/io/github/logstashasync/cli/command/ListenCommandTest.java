package io.github.logstashasync.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code listen} receives what our own handler sends, over every transport. */
class ListenCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    private CliRunner.Result listenAndSend(String transport, List<String> listenFlags,
            AsynchronousLogstashHandler.Builder handler) throws Exception {
        List<String> args = new ArrayList<>(List.of("listen", transport, "--port", "0", "--count", "3", "--timeout",
                "20s", "--raw"));
        args.addAll(listenFlags);
        CompletableFuture<CliRunner.Result> listening = cli.start(args.toArray(String[]::new));
        InetSocketAddress address = cli.awaitListening(Duration.ofSeconds(10));
        AsynchronousLogstashHandler built = handler.transport(transport).host("127.0.0.1").port(address.getPort())
                .build();
        Logger logger = Logger.getLogger("listen-test-" + transport);
        logger.setUseParentHandlers(false);
        logger.addHandler(built);
        try {
            for (int i = 0; i < 3; i++) {
                logger.log(Level.INFO, "event " + i + " över " + transport);
            }
            assertTrue(built.flush(Duration.ofSeconds(15)), transport + ": the handler should deliver all 3 events: "
                    + built.statistics());
        } finally {
            logger.removeHandler(built);
            built.close();
        }
        return listening.get(20, TimeUnit.SECONDS);
    }

    private static void assertThreeEvents(String transport, CliRunner.Result result) throws IOException {
        assertEquals(0, result.exitCode(), transport + ": " + result.both());
        List<String> lines = result.out().lines().toList();
        assertEquals(3, lines.size(), transport + ": one line per event with --raw: " + result.out());
        for (int i = 0; i < 3; i++) {
            JsonNode event = JSON.readTree(lines.get(i));
            assertEquals("event " + i + " över " + transport, event.get("message").asString(), transport);
        }
        assertTrue(result.err().contains("listening for " + transport), result.err());
        assertTrue(result.err().contains("received 3 events"), result.err());
    }

    @Test
    void receivesTcp() throws Exception {
        assertThreeEvents("tcp", listenAndSend("tcp", List.of(), AsynchronousLogstashHandler.builder()));
    }

    @Test
    void receivesUdp() throws Exception {
        assertThreeEvents("udp", listenAndSend("udp", List.of(), AsynchronousLogstashHandler.builder()));
    }

    @Test
    void receivesHttpWithBasicAuthOnItsPath() throws Exception {
        assertThreeEvents("http", listenAndSend("http", List.of("--path", "/in", "--username", "u", "--password", "p1"),
                AsynchronousLogstashHandler.builder().transportOption("path", "/in").transportOption("username", "u")
                        .transportOption("password", "p1")));
    }

    @Test
    void receivesBeatsCompressedAndPlainAndAcknowledges() throws Exception {
        // the handler's flush returns only after the ACKs: a missing ACK fails inside listenAndSend
        assertThreeEvents("beats", listenAndSend("beats", List.of(), AsynchronousLogstashHandler.builder()));
        assertThreeEvents("beats", listenAndSend("beats", List.of(), AsynchronousLogstashHandler.builder()
                .transportOption("compressionLevel", "0").beatsBatchSize(2)));
    }

    @Test
    void prettyJsonByDefault() throws Exception {
        CompletableFuture<CliRunner.Result> listening = cli.start("listen", "udp", "--port", "0", "--count", "1",
                "--timeout", "10s");
        InetSocketAddress address = cli.awaitListening(Duration.ofSeconds(10));
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
            byte[] data = "{\"message\":\"pretty\",\"n\":1}".getBytes(StandardCharsets.UTF_8);
            socket.send(new java.net.DatagramPacket(data, data.length, address));
        }
        CliRunner.Result result = listening.get(15, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode(), result.both());
        assertEquals("{\n  \"message\" : \"pretty\",\n  \"n\" : 1\n}", result.out().strip());
    }

    @Test
    void timeoutBeforeCountExitsWith1AndCtrlCExitsWith0() throws Exception {
        CliRunner.Result timedOut = cli.run("listen", "tcp", "--port", "0", "--count", "1", "--timeout", "200ms");
        assertEquals(ExitCodes.SEND_FAILED, timedOut.exitCode(), timedOut.both());
        assertTrue(timedOut.err().contains("error: received 0 of 1 events before the timeout"), timedOut.err());

        CompletableFuture<CliRunner.Result> listening = cli.start("listen", "tcp", "--port", "0");
        cli.awaitListening(Duration.ofSeconds(10));
        TestReceivers.await(Duration.ofSeconds(5), cli::stoppable, "listen registered for Ctrl-C");
        cli.stop();
        assertEquals(0, listening.get(10, TimeUnit.SECONDS).exitCode());
    }

    @Test
    void portInUseIsAnIoError() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRunner.Result result = cli.run("listen", "tcp", "--port", "" + taken.getLocalPort());
            assertEquals(ExitCodes.IO, result.exitCode(), result.both());
            assertTrue(result.err().startsWith("error: cannot listen on 127.0.0.1:" + taken.getLocalPort()), result.err());
        }
    }

    @Test
    void beatsOverTlsRequiresATrustedClientCertificate() throws Exception {
        Pki pki = Pki.create(dir);
        List<String> tls = List.of("--ssl-enable", "--keyfile", pki.file("server.key"), "--certfile",
                pki.file("server.pem"), "--ca-certs", pki.file("ca.pem"));
        AsynchronousLogstashHandler.Builder client = AsynchronousLogstashHandler.builder().sslEnable(true)
                .caCerts(Path.of(pki.file("ca.pem"))).keyfile(Path.of(pki.file("client.key")))
                .certfile(Path.of(pki.file("client.pem")));
        assertThreeEvents("beats", listenAndSend("beats", tls, client));

        // without a client certificate the handshake fails and nothing is received
        List<String> args = new ArrayList<>(List.of("listen", "beats", "--port", "0", "--count", "1", "--timeout",
                "2s"));
        args.addAll(tls);
        CompletableFuture<CliRunner.Result> listening = cli.start(args.toArray(String[]::new));
        InetSocketAddress address = cli.awaitListening(Duration.ofSeconds(10));
        AsynchronousLogstashHandler anonymous = AsynchronousLogstashHandler.builder().transport("beats")
                .host("localhost").port(address.getPort()).sslEnable(true).caCerts(Path.of(pki.file("ca.pem")))
                .retryInitialDelay(Duration.ofMillis(100)).shutdownTimeout(Duration.ofMillis(200)).build();
        Logger logger = Logger.getLogger("listen-test-anonymous");
        logger.setUseParentHandlers(false);
        logger.addHandler(anonymous);
        try {
            logger.info("no certificate");
            assertTrue(!anonymous.flush(Duration.ofMillis(1000)), "a client without certificate must be refused");
        } finally {
            logger.removeHandler(anonymous);
            anonymous.close();
        }
        CliRunner.Result refused = listening.get(10, TimeUnit.SECONDS);
        assertEquals(ExitCodes.SEND_FAILED, refused.exitCode(), refused.both());
        assertTrue(refused.err().contains("TLS handshake with"), "the refusal is reported: " + refused.err());
    }

    /** A CA, a server certificate for localhost/127.0.0.1 and a client certificate, made with openssl. */
    record Pki(Path dir) {
        static Pki create(Path dir) throws IOException, InterruptedException {
            Pki pki = new Pki(dir);
            Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                    + "extendedKeyUsage=serverAuth\n");
            Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
            pki.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=Test CA", "-days", "2");
            for (String name : List.of("server", "client")) {
                pki.openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                        name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
                pki.openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                        "-CAcreateserial", "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
            }
            return pki;
        }

        String file(String name) {
            return dir.resolve(name).toString();
        }

        void openssl(String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add("openssl");
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "openssl finishes");
            assertEquals(0, process.exitValue(), "openssl " + command + ": " + output);
        }
    }
}
