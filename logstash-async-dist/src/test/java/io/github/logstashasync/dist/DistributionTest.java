package io.github.logstashasync.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archives that {@code mvn package} builds, as a user gets them: unpacked into a folder far from the build
 * tree (whose name has a space), started through a symbolic link from yet another folder, with nothing but a
 * Java 17+ on the {@code PATH} (no {@code JAVA_HOME}, no {@code JAVA_OPTS}).
 */
class DistributionTest {

    private static final String VERSION = System.getProperty("dist.version");
    private static final Path TARGET = Path.of(System.getProperty("dist.directory", "target"));
    private static final String TOP = "logstash-async-" + VERSION;

    @TempDir
    static Path temp;

    /** The unpacked tar.gz: {@code logstash-async-VERSION/} with {@code bin/}, {@code lib/}... */
    private static Path home;

    @TempDir
    Path work;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarGz = TARGET.resolve(TOP + ".tar.gz");
        assertTrue(Files.isRegularFile(tarGz), "mvn package built " + tarGz);
        Path into = Files.createDirectories(temp.resolve("unpacked here"));
        Run tar = run(List.of("tar", "-xzf", tarGz.toString(), "-C", into.toString()), Map.of(), into);
        assertEquals(0, tar.exitCode(), "tar unpacks the archive: " + tar.err());
        home = into.resolve(TOP);
    }

    @Test
    void theTarGzAndTheZipHoldTheSameFilesWithExecutableLaunchers() throws Exception {
        Set<String> fromTar = relativeFiles(home.getParent());
        Path zip = TARGET.resolve(TOP + ".zip");
        assertTrue(Files.isRegularFile(zip), "mvn package built " + zip);
        // zipfs reads the Unix permissions that the archive stores for each entry
        try (FileSystem zipFs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()),
                Map.of("enablePosixFileAttributes", "true"))) {
            Path root = zipFs.getPath("/");
            assertEquals(fromTar, relativeFiles(root), "the zip holds what the tar.gz holds");
            for (String launcher : List.of("logstash-async", "logstash-async-monitor")) {
                Path inZip = root.resolve(TOP + "/bin/" + launcher);
                assertTrue(Files.getPosixFilePermissions(inZip).contains(PosixFilePermission.OWNER_EXECUTE),
                        launcher + " is executable in the zip");
                assertTrue(Files.isExecutable(home.resolve("bin/" + launcher)), launcher + " is executable in the tar.gz");
            }
        }
        assertTrue(fromTar.contains(TOP + "/README.txt"), "a README at the top: " + fromTar);
        assertTrue(fromTar.contains(TOP + "/completion/logstash-async_completion"), "the shell completion: " + fromTar);
        for (String module : List.of("cli", "fx", "core", "api", "transport-ssl")) {
            String jar = TOP + "/lib/logstash-async-" + module + "-" + VERSION + ".jar";
            assertTrue(fromTar.contains(jar), "lib/ holds " + jar + ": " + fromTar);
        }
        assertTrue(fromTar.stream().noneMatch(name -> name.contains("junit") || name.endsWith("-tests.jar")),
                "no test jars: " + fromTar);
        // the archive is the tool: the front-ends an application embeds come from Maven (docs/cli.md)
        for (String library : List.of("logstash-async-servlet", "jakarta.servlet", "logstash-async-logback",
                "logstash-async-log4j")) {
            assertTrue(fromTar.stream().noneMatch(name -> name.contains("/lib/" + library)),
                    "lib/ holds no " + library + " jar: " + fromTar);
        }
    }

    @Test
    void demoSendAndQueueStatsRunFromTheUnpackedFolderThroughALink() throws Exception {
        Path launcher = linkInto(work.resolve("my bin"), "logstash-async");
        Map<String, String> env = javaOnThePathOnly();

        Run demo = run(List.of(launcher.toString(), "demo"), env, work);
        assertEquals(0, demo.exitCode(), "demo: " + demo.out() + demo.err());
        assertTrue(demo.out().contains("The handler sent 4 of 4; the receiver got 4"), "demo: " + demo.out());

        Run version = run(List.of(launcher.toString(), "--version"), env, work);
        assertEquals(0, version.exitCode(), version.err());
        assertTrue(version.out().startsWith("logstash-async " + VERSION), version.out());
        assertTrue(version.out().contains("transports: beats, http, kafka, tcp, udp") && version.out().contains("TLS: pem"),
                "every transport and the TLS module are on the module path: " + version.out());

        Path db = work.resolve("queue.db");
        try (Lines receiver = new Lines()) {
            Run sent = run(List.of(launcher.toString(), "send", "--host", "127.0.0.1", "--port", "" + receiver.port(),
                    "--message", "from the distribution", "--count", "3"), env, work);
            assertEquals(0, sent.exitCode(), "send: " + sent.out() + sent.err());
            receiver.await(3, Duration.ofSeconds(10));
            assertTrue(receiver.lines.get(0).contains("\"message\":\"from the distribution\""), receiver.lines.get(0));

            // a receiver that is down: the events stay in the database, which queue stats then counts
            Run queued = run(List.of(launcher.toString(), "send", "--host", "127.0.0.1", "--port", "" + closedPort(),
                    "--database", db.toString(), "--timeout", "1s"), env, work);
            assertEquals(1, queued.exitCode(), "not delivered: " + queued.out() + queued.err());
            Run stats = run(List.of(launcher.toString(), "queue", "stats", db.toString(), "--json"), env, work);
            assertEquals(0, stats.exitCode(), "queue stats: " + stats.err());
            assertEquals(4, jsonNumber(stats.out(), "queued"), "the four seed events are queued: " + stats.out());

            Run flush = run(List.of(launcher.toString(), "queue", "flush", db.toString(), "--host", "127.0.0.1",
                    "--port", "" + receiver.port(), "--progress", "none"), env, work);
            assertEquals(0, flush.exitCode(), "queue flush: " + flush.out() + flush.err());
            receiver.await(3 + 4, Duration.ofSeconds(10));
        }
        Run usage = run(List.of(launcher.toString(), "queue", "stats"), env, work);
        assertEquals(2, usage.exitCode(), "a usage error's exit code reaches the shell: " + usage.err());
    }

    @Test
    void theMonitorLauncherStartsFromTheUnpackedFolder() throws Exception {
        Path launcher = linkInto(work.resolve("bin"), "logstash-async-monitor");
        Map<String, String> env = javaOnThePathOnly();
        Run help = run(List.of(launcher.toString(), "--help"), env, work);
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().startsWith("Usage: logstash-async-monitor"), help.out());

        Run missing = run(List.of(launcher.toString(), work.resolve("missing.db").toString()), env, work);
        assertEquals(3, missing.exitCode(), "a database that does not exist, as the tool's monitor: " + missing.err());
        assertTrue(missing.err().contains("missing.db does not exist"), missing.err());
        assertEquals("", missing.out());
    }

    @Test
    void withoutADisplayBothWaysToTheMonitorExitWith3AndSaySo() throws Exception {
        Map<String, String> env = javaOnThePathOnly();
        Path db = queueDatabase(env);
        for (List<String> command : List.of(List.of(home.resolve("bin/logstash-async").toString(), "monitor",
                db.toString()), List.of(home.resolve("bin/logstash-async-monitor").toString(), db.toString()))) {
            Run run = run(command, env, work);
            assertEquals(3, run.exitCode(), command + ": " + run.out() + run.err());
            assertTrue(run.err().contains("DISPLAY"), command + " names the missing display: " + run.err());
        }
        // the JVM view of both: this test's own JVM is read (attached to) before the window fails
        String self = Long.toString(ProcessHandle.current().pid());
        for (List<String> command : List.of(List.of(home.resolve("bin/logstash-async").toString(), "monitor", "--pid",
                self), List.of(home.resolve("bin/logstash-async-monitor").toString(), "--pid", self))) {
            Run run = run(command, env, work);
            assertEquals(3, run.exitCode(), command + ": " + run.out() + run.err());
            assertTrue(run.err().contains("cannot open the monitor window") && run.err().contains("DISPLAY")
                    && !run.err().contains("cannot read process"), command + " read the JVM, then found no display: "
                    + run.err());
        }
    }

    @Test
    void theToolRunsWithoutTheMonitorAndJavaFx() throws Exception {
        Path copy = work.resolve("without-javafx");
        copyTree(home, copy);
        try (Stream<Path> jars = Files.list(copy.resolve("lib"))) {
            for (Path jar : jars.toList()) {
                String name = jar.getFileName().toString();
                if (name.startsWith("javafx-") || name.startsWith("logstash-async-fx-")) {
                    Files.delete(jar);
                }
            }
        }
        String launcher = copy.resolve("bin/logstash-async").toString();
        Map<String, String> env = javaOnThePathOnly();
        Run version = run(List.of(launcher, "--version"), env, work);
        assertEquals(0, version.exitCode(), version.err());
        try (Lines receiver = new Lines()) {
            Run sent = run(List.of(launcher, "send", "--host", "127.0.0.1", "--port", "" + receiver.port()), env, work);
            assertEquals(0, sent.exitCode(), "send without JavaFX: " + sent.out() + sent.err());
        }
        Path db = queueDatabase(env);
        Run stats = run(List.of(launcher, "queue", "stats", db.toString()), env, work);
        assertEquals(0, stats.exitCode(), stats.err());
        Run monitor = run(List.of(launcher, "monitor", db.toString()), env, work);
        assertEquals(3, monitor.exitCode(), monitor.err());
        assertTrue(monitor.err().contains("error: the desktop monitor is not installed: the module"
                + " io.github.logstashasync.fx and JavaFX are not on the module path"), monitor.err());
    }

    /** A queue database with the four seed events, sent to a receiver that is down. */
    private Path queueDatabase(Map<String, String> env) throws Exception {
        Path db = work.resolve("kept.db");
        if (!Files.exists(db)) {
            Run queued = run(List.of(home.resolve("bin/logstash-async").toString(), "send", "--host", "127.0.0.1",
                    "--port", "" + closedPort(), "--database", db.toString(), "--timeout", "1s"), env, work);
            assertEquals(1, queued.exitCode(), queued.out() + queued.err());
        }
        return db;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void argumentsThatAreNotValidUtf8AreRefusedNotAltered() throws Exception {
        Map<String, String> env = javaOnThePathOnly();
        env.put("LC_ALL", "C.UTF-8");
        String launcher = home.resolve("bin/logstash-async").toString();
        // printf makes the bytes: Latin-1 "café" and a file name with the byte 0xFF, neither of them UTF-8
        for (String args : List.of("send --port 1 --timeout 1s --message \"$(printf 'caf\\351')\"",
                "queue stats \"$(printf 'queue\\377.db')\"")) {
            Run run = run(List.of("/bin/sh", "-c", "'" + launcher + "' " + args), env, work);
            assertEquals(2, run.exitCode(), args + ": " + run.out() + run.err());
            assertTrue(run.err().contains("has bytes that are not valid UTF-8, the encoding of the command line"),
                    args + ": " + run.err());
        }
    }

    @Test
    void bothLaunchersRefuseAJavaOlderThan17AndSaySo() throws Exception {
        // a JDK 11 as its release file describes it, and a Java 8 without one (the launcher asks java -version)
        Path jdk11 = fakeJava(work.resolve("jdk-11"), "openjdk version \"11.0.22\" 2024-01-16");
        Files.writeString(jdk11.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"11.0.22\"\n");
        Path jdk8 = fakeJava(work.resolve("jre-8"), "openjdk version \"1.8.0_402\"");
        for (String name : List.of("logstash-async", "logstash-async-monitor")) {
            Path launcher = home.resolve("bin/" + name);
            Map<String, String> env = javaOnThePathOnly();
            env.put("JAVA_HOME", jdk11.toString());
            Run old = run(List.of(launcher.toString(), "--version"), env, work);
            assertEquals(3, old.exitCode(), name + " with Java 11: " + old.out() + old.err());
            assertTrue(old.err().contains(name + ": needs Java 17 or later, but " + jdk11.resolve("bin/java")
                    + " is Java 11"), old.err());
            assertEquals("", old.out(), "the fake java never ran with the tool's arguments");

            env.put("JAVA_HOME", jdk8.toString());
            Run older = run(List.of(launcher.toString(), "--version"), env, work);
            assertEquals(3, older.exitCode(), name + " with Java 8: " + older.err());
            assertTrue(older.err().contains("is Java 8"), older.err());

            env.put("JAVA_HOME", work.resolve("no-such-jdk").toString());
            Run none = run(List.of(launcher.toString(), "--version"), env, work);
            assertEquals(3, none.exitCode(), name + " without a java: " + none.err());
            assertTrue(none.err().contains(name + ": no Java found in JAVA_HOME=" + work.resolve("no-such-jdk")),
                    none.err());
        }
    }

    /** A java that prints {@code versionLine} for {@code -version} and fails for anything else. */
    private static Path fakeJava(Path jdk, String versionLine) throws IOException {
        Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nif [ \"$1\" = -version ]; then echo '" + versionLine + "' >&2; exit 0; fi\n"
                + "echo 'the launcher ran an old java' >&2; exit 99\n");
        assertTrue(java.toFile().setExecutable(true));
        return jdk;
    }

    /** A symbolic link in {@code dir} to the unpacked {@code bin/name}, as a user links it into ~/bin. */
    private static Path linkInto(Path dir, String name) throws IOException {
        return Files.createSymbolicLink(Files.createDirectories(dir).resolve(name), home.resolve("bin/" + name));
    }

    /** The environment of a user who only installed a Java: its bin/ first on the PATH, no JAVA_HOME or JAVA_OPTS. */
    private static Map<String, String> javaOnThePathOnly() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("JAVA_HOME");
        env.remove("JAVA_OPTS");
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("DISPLAY");
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        return env;
    }

    /** One finished process. */
    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(List<String> command, Map<String, String> env, Path dir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        if (!env.isEmpty()) {
            builder.environment().clear();
            builder.environment().putAll(env);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not end within 90 s: " + command);
        }
        return new Run(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Every regular file under {@code root}, relative to it, with '/' as the separator. */
    private static Set<String> relativeFiles(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            Set<String> names = new TreeSet<>();
            paths.filter(Files::isRegularFile).forEach(path -> names.add(root.relativize(path).toString()));
            return names;
        }
    }

    private static long jsonNumber(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
        assertTrue(matcher.find(), "a number " + field + " in " + json);
        return Long.parseLong(matcher.group(1));
    }

    /** A loopback port that nothing listens on (bound, then closed again). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A json_lines receiver of our own: every line of every connection. */
    private static final class Lines implements AutoCloseable {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        Lines() throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread reader = new Thread(() -> read(socket), "dist-test-reader");
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "dist-test-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void read(Socket socket) {
            try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the connection is over
            }
        }

        int port() {
            return server.getLocalPort();
        }

        void await(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (lines.size() < count) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("expected " + count + " lines within " + timeout + ", got " + lines);
                }
                Thread.sleep(10);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
