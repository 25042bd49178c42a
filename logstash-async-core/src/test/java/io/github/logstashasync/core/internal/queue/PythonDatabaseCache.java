package io.github.logstashasync.core.internal.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * python-logstash-async 4.0.2's own {@code DatabaseCache} (its {@code database.py}, copied unchanged under
 * {@code src/test/resources/python}), run by python3 on a database: the statements its worker runs, not an imitation.
 */
public final class PythonDatabaseCache {

    /** The driver script, beside the copied package. */
    public static final Path SCRIPT = Path.of("src/test/resources/python/pla_cache.py").toAbsolutePath();

    private static final Pattern ROW = Pattern.compile("\\{\"id\": (\\d+), \"text\": (\".*\")}");

    /** A row {@code get_queued_events} returned: its id and its text. */
    public record Row(long id, String text) {
    }

    private PythonDatabaseCache() {
    }

    /** {@code add_event} for each text, one statement (and transaction) each, as Python's worker does. */
    public static void add(Path db, List<String> texts) throws Exception {
        List<String> args = new ArrayList<>(List.of("add"));
        args.addAll(texts);
        run(db, args);
    }

    /** {@code get_queued_events}: up to 50 queued rows are marked {@code pending_delete=1} and returned. */
    public static List<Row> claim(Path db) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String line : run(db, List.of("claim"))) {
            Matcher m = ROW.matcher(line);
            assertTrue(m.matches(), "a row of the script: " + line);
            rows.add(new Row(Long.parseLong(m.group(1)), unquote(m.group(2))));
        }
        return rows;
    }

    /** The texts of {@link #claim}. */
    public static List<String> claimTexts(Path db) throws Exception {
        return claim(db).stream().map(Row::text).toList();
    }

    /** {@code delete_queued_events}: deletes every {@code pending_delete=1} row. */
    public static void delete(Path db) throws Exception {
        run(db, List.of("delete"));
    }

    /** {@code requeue_queued_events} on these ids. */
    public static void requeue(Path db, List<Long> ids) throws Exception {
        List<String> args = new ArrayList<>(List.of("requeue"));
        ids.forEach(id -> args.add(Long.toString(id)));
        run(db, args);
    }

    /** {@code expire_events} of a cache with {@code event_ttl} seconds. */
    public static void expire(Path db, long ttlSeconds) throws Exception {
        run(db, List.of("expire", Long.toString(ttlSeconds)));
    }

    /** {@code get_non_flushed_event_count}: the rows with {@code pending_delete = 0}. */
    public static long count(Path db) throws Exception {
        return Long.parseLong(run(db, List.of("count")).get(0).trim());
    }

    /** python3 found on the PATH: fails under {@code CI=true} without it, else the test is skipped (and says so). */
    public static Path python3() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "python3"))) {
                return Path.of(dir, "python3");
            }
        }
        String message = "this test needs python3 on the PATH (Debian package python3, installed by"
                + " scripts/install-deps.sh)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError(message);
    }

    private static List<String> run(Path db, List<String> args) throws Exception {
        assertTrue(Files.isRegularFile(SCRIPT), "the driver script is at " + SCRIPT);
        List<String> command = new ArrayList<>(List.of(python3().toString(), SCRIPT.toString(), db.toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close();
        byte[] err;
        byte[] out = process.getInputStream().readAllBytes();
        err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "python3 ends: " + command);
        assertEquals(0, process.exitValue(), "python-logstash-async's " + args.get(0) + " succeeds: "
                + new String(err, StandardCharsets.UTF_8));
        String text = new String(out, StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static String unquote(String json) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i < json.length() - 1; i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                char next = json.charAt(++i);
                switch (next) {
                    case 'n' -> s.append('\n');
                    case 't' -> s.append('\t');
                    case 'r' -> s.append('\r');
                    case 'b' -> s.append('\b');
                    case 'f' -> s.append('\f');
                    case 'u' -> {
                        s.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> s.append(next);
                }
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
