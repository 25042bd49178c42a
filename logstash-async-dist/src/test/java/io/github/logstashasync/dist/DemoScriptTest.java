package io.github.logstashasync.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/demo}, the README's first command, in a copy of the checkout with a stand-in {@code mvn} that
 * writes what Maven writes (and, like Maven, only the error lines with {@code -q}): the script shows progress
 * while it builds and, when the build fails, the real cause.
 */
class DemoScriptTest {

    private static final Path SCRIPT = Path.of(System.getProperty("repository.root", ".."), "scripts", "demo");

    /** A build that fails in the completion step: the cause is in the stack trace, which Maven logs as a warning. */
    private static final String FAILING_BUILD = String.join("\n",
            "[INFO] Scanning for projects...",
            "[INFO] Building logstash-async API 0.1.0-SNAPSHOT                        [1/2]",
            "[INFO] --- maven-compiler-plugin:3.13.0:compile (default-compile) @ logstash-async-api ---",
            "[INFO] Nothing to compile - all classes are up to date.",
            "[INFO] Building logstash-async distribution 0.1.0-SNAPSHOT               [2/2]",
            "[INFO] --- exec-maven-plugin:3.5.0:java (completion-script) @ logstash-async-dist ---",
            "[WARNING] ",
            "java.lang.reflect.InvocationTargetException",
            "Caused by: java.lang.NoClassDefFoundError: io/github/logstashasync/cli/command/QueueCommand",
            "[INFO] ------------------------------------------------------------------------",
            "[INFO] Reactor Summary for logstash-async for Java 0.1.0-SNAPSHOT:",
            "[INFO] logstash-async API ................................. SUCCESS [  1.104 s]",
            "[INFO] logstash-async distribution ........................ FAILURE [  0.310 s]",
            "[INFO] BUILD FAILURE",
            "[ERROR] Failed to execute goal org.codehaus.mojo:exec-maven-plugin:3.5.0:java (completion-script) on"
                    + " project logstash-async-dist: An exception occurred while executing the Java class. null");

    private static final String PASSING_BUILD = String.join("\n",
            "[INFO] Building logstash-async API 0.1.0-SNAPSHOT                        [1/2]",
            "Downloading from central: https://repo.maven.apache.org/maven2/info/picocli/picocli/4.7.7/picocli-4.7.7.pom",
            "[INFO] Building logstash-async distribution 0.1.0-SNAPSHOT               [2/2]",
            "[INFO] BUILD SUCCESS");

    @TempDir
    Path checkout;

    private Path fakeBin;

    @BeforeEach
    void copyTheScript() throws IOException {
        Path script = Files.createDirectories(checkout.resolve("scripts")).resolve("demo");
        Files.copy(SCRIPT, script);
        assertTrue(script.toFile().setExecutable(true));
        fakeBin = Files.createDirectories(checkout.resolve("fake-bin"));
    }

    @Test
    void aFailedBuildShowsItsCauseAndKeepsTheLog() throws Exception {
        fakeMaven(FAILING_BUILD, 1);
        Run demo = runDemo();
        assertEquals(1, demo.exitCode(), demo.err());
        assertEquals("", demo.out(), "nothing on standard output");
        assertTrue(demo.err().contains("demo: [1/2] logstash-async API") && demo.err().contains("[2/2] logstash-async"
                + " distribution"), "progress, module by module: " + demo.err());
        assertTrue(demo.err().contains("Caused by: java.lang.NoClassDefFoundError: io/github/logstashasync/cli/command/"
                + "QueueCommand"), "the real cause, which -q would hide: " + demo.err());
        assertTrue(demo.err().contains("[ERROR] Failed to execute goal org.codehaus.mojo:exec-maven-plugin"),
                "Maven's error: " + demo.err());
        assertFalse(demo.err().contains("Nothing to compile"), "not the output of the steps that worked: " + demo.err());
        assertFalse(demo.err().contains("Reactor Summary"), "not the summary table: " + demo.err());
        Matcher log = Pattern.compile("the whole log: (\\S+)").matcher(demo.err());
        assertTrue(log.find(), "names the log: " + demo.err());
        Path logFile = Path.of(log.group(1));
        try {
            assertEquals(FAILING_BUILD + "\n", Files.readString(logFile), "the log holds all that Maven wrote");
        } finally {
            Files.deleteIfExists(logFile);
        }
    }

    @Test
    void aBuildThatWorksShowsProgressThenRunsTheDistributionsLauncher() throws Exception {
        fakeMaven(PASSING_BUILD, 0);
        Path launcher = Files.createDirectories(checkout.resolve("logstash-async-dist/target/logstash-async/bin"))
                .resolve("logstash-async");
        Files.writeString(launcher, "#!/bin/sh\necho \"launcher: $*\"\n");
        assertTrue(launcher.toFile().setExecutable(true));

        Run demo = runDemo("--timeout", "20s");
        assertEquals(0, demo.exitCode(), demo.err());
        assertEquals("launcher: demo --timeout 20s\n", demo.out(), "runs the demo with the script's arguments");
        assertTrue(demo.err().contains("demo: [1/2] logstash-async API\n"), "progress: " + demo.err());
        assertTrue(demo.err().contains("downloading the dependencies"), "says why the first build takes long: " + demo.err());
        assertTrue(demo.err().contains("built in "), demo.err());
        assertEquals("-B -ntp -DskipTests package -pl logstash-async-dist -am\n",
                Files.readString(checkout.resolve("mvn-arguments")), "builds the distribution, without -q");
    }

    /** An {@code mvn} that records its arguments and writes {@code output} (only its error lines with -q). */
    private void fakeMaven(String output, int exitCode) throws IOException {
        Path text = Files.writeString(checkout.resolve("maven-output"), output + "\n");
        Path mvn = fakeBin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\n"
                + "echo \"$*\" > '" + checkout.resolve("mvn-arguments") + "'\n"
                + "case \" $* \" in\n"
                + "  *\" -q \"*) grep '^\\[ERROR\\]' '" + text + "' ;;\n"
                + "  *) cat '" + text + "' ;;\n"
                + "esac\n"
                + "exit " + exitCode + "\n");
        assertTrue(mvn.toFile().setExecutable(true));
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run runDemo(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(checkout.resolve("scripts/demo").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile());
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PATH", fakeBin + ":" + Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        env.put("TMPDIR", Files.createDirectories(checkout.resolve("tmp")).toString());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("scripts/demo did not end within 60 s");
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
}
