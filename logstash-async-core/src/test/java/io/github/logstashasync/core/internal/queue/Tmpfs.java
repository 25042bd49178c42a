package io.github.logstashasync.core.internal.queue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for one test, so that "the disk is full" is a real {@code ENOSPC} from the kernel; needs
 * root. Where mounting is impossible the test is skipped, except in CI ({@code CI=true}), where it fails: the
 * project's CI runs as root, and a fault test that silently stops running proves nothing.
 */
public final class Tmpfs implements AutoCloseable {

    private final Path mountPoint;
    private boolean mounted;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code sizeBytes} on the existing empty directory {@code mountPoint}. */
    public static Tmpfs mount(Path mountPoint, long sizeBytes) throws IOException {
        Tmpfs tmpfs = new Tmpfs(mountPoint);
        String failure = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes + ",mode=0755", "tmpfs",
                mountPoint.toString()));
        if (failure != null) {
            String message = "cannot mount a tmpfs of " + sizeBytes + " bytes on " + mountPoint
                    + " (the fault tests need root): " + failure;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + "; in CI this is a failure, not a skip");
            }
            Assumptions.abort(message);
        }
        tmpfs.mounted = true;
        return tmpfs;
    }

    /** Returns the mount point. */
    public Path path() {
        return mountPoint;
    }

    /**
     * Writes {@code filler} until the file system is full (the kernel says no space left), so that the next
     * write of anyone else on it fails; returns how many bytes it wrote.
     */
    public long fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            // bounded: a tmpfs of a few tens of megabytes is full long before
            for (int i = 0; i < 1_000_000; i++) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        // a last partial block may still fit: a byte at a time, a few thousand at most
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.APPEND)) {
            for (int i = 0; i < 8192; i++) {
                out.write(0);
                out.flush();
                written++;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        return written;
    }

    /** Unmounts it (lazily, so that a file a failed test left open cannot keep it mounted). */
    @Override
    public void close() throws IOException {
        if (mounted) {
            mounted = false;
            String failure = run(List.of("umount", "-l", mountPoint.toString()));
            if (failure != null) {
                throw new IOException("cannot unmount " + mountPoint + ": " + failure);
            }
        }
    }

    /** Runs {@code command}; returns null when it succeeded, else what it said. */
    private static String run(List<String> command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not end within 30 s";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
    }
}
