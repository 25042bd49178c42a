package io.github.logstashasync.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed CLI reference (docs/cli-reference) is what picocli's man page generator makes of the commands now. */
class CliReferenceTest {

    static final Path COMMITTED = Path.of("../docs/cli-reference").toAbsolutePath().normalize();
    private static final String UPDATE = "run scripts/cli-reference and commit docs/cli-reference";

    @TempDir
    Path dir;

    @Test
    void theCommittedReferenceIsUpToDate() throws IOException {
        CliReference.write(dir);
        TreeSet<String> generated = names(dir);
        assertTrue(generated.size() >= 16, "a page per command: " + generated);
        assertEquals(generated, names(COMMITTED), "the pages in " + COMMITTED + " are one per command: " + UPDATE);
        List<String> stale = new ArrayList<>();
        for (String name : generated) {
            if (!Files.readString(dir.resolve(name), StandardCharsets.UTF_8)
                    .equals(Files.readString(COMMITTED.resolve(name), StandardCharsets.UTF_8))) {
                stale.add(name);
            }
        }
        assertEquals(List.of(), stale, "pages that differ from what the commands generate: " + UPDATE);
    }

    @Test
    void theCliGuideLinksEveryPage() throws IOException {
        String guide = Files.readString(COMMITTED.resolveSibling("cli.md"), StandardCharsets.UTF_8);
        for (String name : names(COMMITTED)) {
            assertTrue(guide.contains("(cli-reference/" + name + ")"), "docs/cli.md links " + name);
        }
    }

    private static TreeSet<String> names(Path folder) throws IOException {
        assertTrue(Files.isDirectory(folder), folder + " exists: " + UPDATE);
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".adoc"))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }
}
