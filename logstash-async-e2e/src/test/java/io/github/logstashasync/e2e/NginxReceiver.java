package io.github.logstashasync.e2e;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * nginx ({@code nginx -p DIR -c CONF -g 'daemon off;'}) as the counterpart of Logstash's {@code http} input: each
 * public server proxies the request to an internal server that answers 200, and logs the status and the request
 * body ({@code $request_body}, {@code escape=none}) to {@code <server>.bodies}, one line per request.
 */
final class NginxReceiver implements AutoCloseable {

    /** The public servers of one nginx process. */
    enum Server {
        /** HTTP with basic authentication ({@value NginxReceiver#USER}/{@value NginxReceiver#PASSWORD}). */
        HTTP_BASIC_AUTH,
        /** HTTPS requiring a client certificate signed by the CA ({@code ssl_verify_client on}). */
        HTTPS_CLIENT_CERT,
        /** HTTPS presenting a certificate for {@code other.example} only. */
        HTTPS_OTHER_NAME;

        String fileName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** One request as nginx logged it. */
    record Request(int status, String body) {
    }

    /** The basic-auth user. */
    static final String USER = "e2e-user";
    /** The basic-auth password. */
    static final String PASSWORD = "s3cret-e2e-Password";
    /** The path the handlers post to. */
    static final String PATH = "/ingest";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Map<Server, Integer> ports;
    private final ReceiverProcess process;

    private NginxReceiver(Path dir, Map<Server, Integer> ports, ReceiverProcess process) {
        this.dir = dir;
        this.ports = ports;
        this.process = process;
    }

    /** Writes the configuration and password file into {@code dir}, starts nginx and waits until it listens. */
    static NginxReceiver start(Path dir, PkiFixture pki) throws IOException, InterruptedException {
        Path nginx = Receivers.requireBinary("nginx");
        Map<Server, Integer> ports = new EnumMap<>(Server.class);
        for (Server server : Server.values()) {
            ports.put(server, Receivers.freeTcpPort());
        }
        int internal = Receivers.freeTcpPort();
        // apr1 is the hash of Apache's htpasswd, which nginx reads
        Files.writeString(dir.resolve("htpasswd"), USER + ":" + pki.run("passwd", "-apr1", PASSWORD).trim() + "\n",
                StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("temp"));
        Path config = dir.resolve("nginx.conf");
        Files.writeString(config, config(dir, ports, internal, pki), StandardCharsets.UTF_8);
        List<Integer> all = new ArrayList<>(ports.values());
        all.add(internal);
        ReceiverProcess process = ReceiverProcess.start("nginx", List.of(nginx.toString(), "-p", dir.toString(),
                "-c", config.toString(), "-e", "stderr", "-g", "daemon off;"), dir, all);
        return new NginxReceiver(dir, ports, process);
    }

    private static String config(Path dir, Map<Server, Integer> ports, int internal, PkiFixture pki) {
        String temp = dir.resolve("temp").toString();
        StringBuilder text = new StringBuilder();
        // Run as root (the CI container), the workers would become "nobody", who cannot read the password file in
        // the test's private directory. Elsewhere nginx ignores the directive with a warning.
        if ("root".equals(System.getProperty("user.name"))) {
            text.append("user root;\n");
        }
        text.append("worker_processes 1;\n")
                .append("pid ").append(dir.resolve("nginx.pid")).append(";\n")
                .append("error_log stderr notice;\n")
                .append("events { worker_connections 64; }\n")
                .append("http {\n")
                .append("  access_log off;\n")
                .append("  client_body_temp_path ").append(temp).append("/client_body;\n")
                .append("  proxy_temp_path ").append(temp).append("/proxy;\n")
                .append("  fastcgi_temp_path ").append(temp).append("/fastcgi;\n")
                .append("  uwsgi_temp_path ").append(temp).append("/uwsgi;\n")
                .append("  scgi_temp_path ").append(temp).append("/scgi;\n")
                // $request_body is set only while the body is in memory
                .append("  client_body_buffer_size 8m;\n")
                .append("  client_max_body_size 8m;\n")
                .append("  log_format bodies escape=none '$status $request_body';\n");
        String proxy = "    location / {\n      proxy_pass http://127.0.0.1:" + internal + ";\n";
        text.append("  server {\n    listen 127.0.0.1:").append(ports.get(Server.HTTP_BASIC_AUTH)).append(";\n")
                .append(proxy)
                .append("      access_log ").append(bodies(dir, Server.HTTP_BASIC_AUTH)).append(" bodies;\n")
                .append("      auth_basic \"e2e\";\n")
                .append("      auth_basic_user_file ").append(dir.resolve("htpasswd")).append(";\n")
                .append("    }\n  }\n");
        text.append("  server {\n    listen 127.0.0.1:").append(ports.get(Server.HTTPS_CLIENT_CERT)).append(" ssl;\n")
                .append("    ssl_certificate ").append(pki.serverCert()).append(";\n")
                .append("    ssl_certificate_key ").append(pki.serverKey()).append(";\n")
                .append("    ssl_client_certificate ").append(pki.caCert()).append(";\n")
                .append("    ssl_verify_client on;\n")
                .append(proxy)
                .append("      access_log ").append(bodies(dir, Server.HTTPS_CLIENT_CERT)).append(" bodies;\n")
                .append("    }\n  }\n");
        text.append("  server {\n    listen 127.0.0.1:").append(ports.get(Server.HTTPS_OTHER_NAME)).append(" ssl;\n")
                .append("    ssl_certificate ").append(pki.otherNameCert()).append(";\n")
                .append("    ssl_certificate_key ").append(pki.otherNameKey()).append(";\n")
                .append(proxy)
                .append("      access_log ").append(bodies(dir, Server.HTTPS_OTHER_NAME)).append(" bodies;\n")
                .append("    }\n  }\n");
        text.append("  server {\n    listen 127.0.0.1:").append(internal).append(";\n")
                .append("    location / { return 200; }\n  }\n");
        text.append("}\n");
        return text.toString();
    }

    private static Path bodies(Path dir, Server server) {
        return dir.resolve(server.fileName() + ".bodies");
    }

    /** The port of {@code server}. */
    int port(Server server) {
        return ports.get(server);
    }

    /** Every request {@code server} logged so far. */
    List<Request> requests(Server server) {
        Path file = bodies(dir, server);
        List<Request> requests = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                return requests;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return requests;
            }
            for (String line : text.substring(0, end).split("\n", -1)) {
                int space = line.indexOf(' ');
                requests.add(new Request(Integer.parseInt(line.substring(0, space)), line.substring(space + 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return requests;
    }

    /** The JSON documents of every request body that {@code server} answered with 200, each body a JSON array. */
    List<JsonNode> documents(Server server) {
        List<JsonNode> documents = new ArrayList<>();
        for (Request request : requests(server)) {
            if (request.status() != 200) {
                continue;
            }
            JsonNode array;
            try {
                array = JSON.readTree(request.body());
            } catch (JacksonException e) {
                throw new AssertionError("a request body is not JSON: " + request.body(), e);
            }
            if (!array.isArray() || array.isEmpty()) {
                throw new AssertionError("a request body is not a non-empty JSON array: " + request.body());
            }
            array.forEach(documents::add);
        }
        return documents;
    }

    /** What nginx printed. */
    String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
