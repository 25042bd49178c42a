package io.github.logstashasync.core.internal.queue;

import static io.github.logstashasync.core.internal.queue.TestDatabases.FAST;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A path that cannot hold a queue gets a clear, permanent error naming it. */
class SqliteOpenErrorsTest {

    @TempDir
    Path dir;

    @Test
    void aMissingDirectoryIsNamed() {
        Path file = dir.resolve("missing").resolve("q.db");
        QueueException e = assertThrows(QueueException.class, () -> SqliteEventQueue.open(file, FAST),
                "the directory is not created for the user");
        assertPermanentNaming(e, dir.resolve("missing").toString(), "does not exist");
        assertFalse(Files.exists(dir.resolve("missing")), "nothing was created");
    }

    @Test
    void aCorruptFileIsNamedAndLeftAlone() throws IOException {
        Path file = dir.resolve("q.db");
        byte[] garbage = new byte[8192];
        new Random(42).nextBytes(garbage);
        Files.write(file, garbage);
        QueueException e = assertThrows(QueueException.class, () -> SqliteEventQueue.open(file, FAST),
                "random bytes are no database");
        assertPermanentNaming(e, file.toString(), "not a SQLite database");
        assertTrue(Arrays.equals(garbage, Files.readAllBytes(file)), "the file was not changed");
        QueueException read = assertThrows(QueueException.class,
                () -> QueueInspector.openReadOnly(file, Duration.ofMillis(100)), "the inspector refuses it too");
        assertPermanentNaming(read, file.toString(), "not a SQLite database");
    }

    @Test
    void anUnwritableDirectoryIsNamed() throws IOException {
        Path locked = dir.resolve("locked");
        Files.createDirectory(locked);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
        Path target = locked;
        if (canCreateFileIn(locked)) {
            // Running as root, which ignores permission bits: sysfs refuses new files even to root.
            target = Path.of("/sys");
        }
        Path file = target.resolve("q.db");
        QueueException e = assertThrows(QueueException.class, () -> SqliteEventQueue.open(file, FAST),
                "no database can be created in " + target);
        assertPermanentNaming(e, file.toString(), "cannot create");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aDirectoryInPlaceOfTheFileIsNamed() throws IOException {
        Path file = Files.createDirectory(dir.resolve("q.db"));
        QueueException e = assertThrows(QueueException.class, () -> SqliteEventQueue.open(file, FAST),
                "a directory is no database");
        assertPermanentNaming(e, file.toString(), "is a directory");
    }

    @Test
    void aMissingFileIsNotCreatedByAReadOnlyInspector() {
        Path file = dir.resolve("none.db");
        QueueException e = assertThrows(QueueException.class,
                () -> QueueInspector.openReadOnly(file, Duration.ofMillis(100)), "nothing to inspect");
        assertPermanentNaming(e, file.toString(), "does not exist");
        assertFalse(Files.exists(file), "the inspector created nothing");
    }

    private static boolean canCreateFileIn(Path directory) {
        Path probe = directory.resolve("probe");
        try {
            Files.createFile(probe);
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void assertPermanentNaming(QueueException e, String path, String reason) {
        assertFalse(e.transientFailure(), "retrying cannot help: " + e.getMessage());
        assertTrue(e.getMessage().contains(path), "the message names " + path + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(reason), "the message says '" + reason + "': " + e.getMessage());
    }
}
