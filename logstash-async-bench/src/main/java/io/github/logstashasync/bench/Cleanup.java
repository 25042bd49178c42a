package io.github.logstashasync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removes the benchmarks' temporary files. */
final class Cleanup {

    private Cleanup() {
    }

    /** Deletes {@code directory} and everything in it. */
    static void deleteTree(Path directory) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }

    /** Deletes a SQLite database and its WAL and shared-memory files. */
    static void deleteDatabase(Path database) throws IOException {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            Files.deleteIfExists(database.resolveSibling(database.getFileName() + suffix));
        }
    }
}
