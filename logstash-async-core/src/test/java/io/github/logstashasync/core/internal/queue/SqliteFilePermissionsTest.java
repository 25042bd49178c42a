package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.FAST;
import static io.github.logstashasync.core.internal.queue.TestDatabases.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files that hold events (the database, its -wal and -shm) are owner-only, or a warning names the one that is not. */
class SqliteFilePermissionsTest {

    private static final String OWNER_ONLY = "rw-------";
    private static final String WORLD_READABLE = "rw-r--r--";
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    @TempDir
    Path dir;

    @Test
    void aNewDatabaseAndItsWalAndShmAreOwnerOnly() throws Exception {
        Path file = dir.resolve("q.db");
        List<String> warnings = new CopyOnWriteArrayList<>();
        try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST, Thread::new, warnings::add)) {
            queue.append(events("a", 1));
            assertModes(file, OWNER_ONLY);
        }
        assertEquals(List.of(), warnings, "no warning about files we made");
    }

    @Test
    void anExistingWorldReadableDatabaseAndItsWalAndShmBecomeOwnerOnly() throws Exception {
        Path file = dir.resolve("q.db");
        SqliteEventQueue.open(file, FAST).close();
        // another process has it open, so its -wal and -shm exist, all three readable by everyone
        try (Connection other = TestDatabases.connect(file, 1000); Statement statement = other.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("INSERT INTO event (event_text, pending_delete, entry_date) VALUES ('{}', 0, '')");
            for (Path path : files(file)) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(WORLD_READABLE));
            }
            assertModes(file, WORLD_READABLE);

            List<String> warnings = new CopyOnWriteArrayList<>();
            try (SqliteEventQueue queue = SqliteEventQueue.open(file, FAST, Thread::new, warnings::add)) {
                assertModes(file, OWNER_ONLY);
                assertEquals(1, queue.pendingCount(), "the queue works on the file");
            }
            assertEquals(List.of(), warnings, "no warning: the files are ours and could be changed");
        }
    }

    @Test
    void aDatabaseOfAnotherUserThatCannotBeMadeOwnerOnlyIsNamedInAWarning() throws Exception {
        requireRootAndSetpriv();
        // the other user ("nobody") must reach the directory; JUnit makes it owner-only
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = shared.resolve("q.db");
        SqliteEventQueue.open(file, FAST).close();
        // shared on purpose: root's file, writable by everyone
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        List<String> output = runAsNobody(file);

        assertEquals("done", output.isEmpty() ? null : output.get(output.size() - 1),
                "the other user's queue opened and appended: " + output);
        List<String> warnings = output.stream().filter(line -> line.startsWith("warning: ")).toList();
        assertEquals(1, warnings.size(), "one warning, about the database file: " + output);
        assertTrue(warnings.get(0).contains(file.toString()) && warnings.get(0).contains("rw-rw-rw-"),
                "the warning names the file and its permissions: " + warnings.get(0));
        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                "a file of another user is left as it is");
        assertEquals(1, TestDatabases.queryLong(file, "SELECT count(*) FROM event"), "the event was stored");
    }

    private static List<Path> files(Path file) {
        return List.of(file, Path.of(file + "-wal"), Path.of(file + "-shm"));
    }

    private static void assertModes(Path file, String expected) throws Exception {
        for (Path path : files(file)) {
            assertTrue(Files.exists(path), path + " exists while the database is open");
            assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(path)),
                    "the permissions of " + path.getFileName());
        }
    }

    private static void requireRootAndSetpriv() throws Exception {
        String uid = new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).trim();
        if (!"0".equals(uid) || !Files.isExecutable(SETPRIV)) {
            String message = "this test runs a JVM as another user with " + SETPRIV + " and needs root (uid " + uid
                    + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + "; in CI this is a failure, not a skip");
            }
            Assumptions.abort(message);
        }
    }

    /**
     * Runs {@link PermissionsChild} as user nobody, which may read everything (to load the class path from root's
     * Maven repository) but owns nothing and may not change the mode of root's files.
     */
    private static List<String> runAsNobody(Path file) throws Exception {
        List<String> entries = new ArrayList<>();
        Path target = Path.of(System.getProperty("user.dir"), "target");
        entries.add(target.resolve("test-classes").toString());
        entries.add(target.resolve("classes").toString());
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                entries.add(value);
            }
        }
        List<String> command = List.of(SETPRIV.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", String.join(File.pathSeparator, entries), PermissionsChild.class.getName(), file.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = child.getInputStream().readAllBytes();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM ends");
        List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, child.exitValue(), "the child JVM succeeds: " + lines);
        return lines;
    }
}
