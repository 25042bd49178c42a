package io.github.logstashasync.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/** What every receiver test needs: the receiver's binary (or a clear skip or failure), free ports, polling. */
final class Receivers {

    /** The loopback address every receiver listens on. */
    static final String LOOPBACK = "127.0.0.1";

    private static final List<String> BINARY_DIRECTORIES = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");
    private static final Duration POLL_STEP = Duration.ofMillis(20);

    private Receivers() {
    }

    /** Whether the build runs in CI ({@code CI=true}), where a missing receiver fails instead of skipping. */
    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Finds a receiver's executable. When it is missing the test fails under {@code CI=true} and is skipped
     * otherwise; both say which package to install.
     */
    static Path requireBinary(String name) {
        List<String> directories = new ArrayList<>(BINARY_DIRECTORIES);
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        for (String directory : directories) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = "the receiver '" + name + "' is not installed (searched " + directories
                + "); run scripts/install-deps.sh";
        if (inCi()) {
            fail("CI=true, so a missing receiver fails the build: " + message);
        }
        System.err.println("skipped: " + message);
        Assumptions.abort("skipped outside CI: " + message);
        throw new AssertionError("unreachable");
    }

    /** Checks that a receiver package without a command of its own is installed, with the same CI rule. */
    static void requireFile(Path file, String packageName) {
        if (Files.exists(file)) {
            return;
        }
        String message = file + " is missing: the Debian package " + packageName + " is not installed; run "
                + "scripts/install-deps.sh";
        if (inCi()) {
            fail("CI=true, so a missing receiver fails the build: " + message);
        }
        System.err.println("skipped: " + message);
        Assumptions.abort("skipped outside CI: " + message);
    }

    /** A TCP port that is free on the loopback address now (a receiver started next may still lose a race). */
    static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    /** A UDP port that is free on the loopback address now. */
    static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            return socket.getLocalPort();
        }
    }

    /** Whether something accepts TCP connections on the loopback port. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Polls {@code condition} every 20 ms until it holds or {@code timeout} passes.
     *
     * @throws AssertionError with {@code message} when it never held
     */
    static void await(Duration timeout, BooleanSupplier condition, Supplier<String> message) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("waited " + timeout.toMillis() + " ms: " + message.get());
            }
            Thread.sleep(POLL_STEP.toMillis());
        }
    }
}
