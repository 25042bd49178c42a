package io.github.logstashasync.core.internal.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The token a queue instance writes into {@code claim_owner}: {@code v1/host/pid/processStartMillis/random}.
 * The random part tells instances apart; host, pid and start time let a later process see that the claimer
 * died (a SQLite database in WAL mode is shared only by processes of one host), so that its claims are
 * taken back at once instead of after the lease.
 */
final class ClaimOwner {

    private static final String PREFIX = "v1";
    private static final String HOST = hostName();

    private ClaimOwner() {
    }

    /** Returns a new token for this process. */
    static String newToken() {
        ProcessHandle self = ProcessHandle.current();
        long started = self.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        return String.join("/", PREFIX, HOST == null ? "-" : HOST, Long.toString(self.pid()),
                Long.toString(started), HexFormat.of().formatHex(random));
    }

    /**
     * Returns whether the process that wrote {@code token} is known to be dead: it ran on this host and no
     * process with its pid and start time runs now. Unknown tokens and other hosts are never judged dead;
     * their claims are taken back only when the lease runs out.
     */
    static boolean isDead(String token) {
        if (token == null || HOST == null) {
            return false;
        }
        String[] parts = token.split("/", -1);
        if (parts.length != 5 || !PREFIX.equals(parts[0]) || !HOST.equals(parts[1])) {
            return false;
        }
        long pid;
        long started;
        try {
            pid = Long.parseLong(parts[2]);
            started = Long.parseLong(parts[3]);
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        Optional<Instant> start = process.get().info().startInstant();
        // The same pid with another start time is a new process that reused the pid.
        return started >= 0 && start.isPresent() && Math.abs(start.get().toEpochMilli() - started) > 1000;
    }

    private static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!name.isEmpty()) {
                return name.replace('/', '_');
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall back to the environment
        }
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            name = System.getenv("COMPUTERNAME");
        }
        return name == null || name.isBlank() ? null : name.trim().replace('/', '_');
    }
}
