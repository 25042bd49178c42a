package io.github.logstashasync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transport plugin selected by id from {@code logging.properties}: the example plugin (module
 * {@code io.github.logstashasync.plugin.example}, transport {@code file}) declares its provider only in its
 * {@code module-info}. An application ({@link LoggingPropertiesApp}) runs in a child JVM, configured by nothing but
 * {@code logging.properties}, once on the module path and once on the class path.
 */
class TransportPluginTest {

    private static final String HANDLER = AsynchronousLogstashHandler.class.getName();
    private static final String PLUGIN_ARTIFACT = "logstash-async-plugin-example";
    private static final String PLUGIN_PROVIDER = "io.github.logstashasync.plugin.example.FileTransportProvider";
    private static final String SERVICE = "META-INF/services/io.github.logstashasync.api.spi.TransportProvider";
    private static final long CHILD_TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    /** What a child JVM printed and how it ended. */
    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit code " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /**
     * This JVM's module path without the example plugin: the application module's classes, the core, the API, the
     * TLS module, Jackson and sqlite-jdbc.
     */
    private static List<String> applicationModulePath() {
        String modulePath = System.getProperty("jdk.module.path");
        assertTrue(modulePath != null && !modulePath.isBlank(), "the tests should run on the module path");
        return List.of(modulePath.split(File.pathSeparator)).stream().filter(e -> !e.contains(PLUGIN_ARTIFACT)).toList();
    }

    /** The example plugin's jar, a test dependency of this module. */
    private static String pluginLocation() {
        Set<String> entries = new LinkedHashSet<>();
        for (String property : List.of("java.class.path", "jdk.module.path")) {
            String value = System.getProperty(property, "");
            entries.addAll(List.of(value.split(File.pathSeparator)));
        }
        return entries.stream().filter(e -> e.contains(PLUGIN_ARTIFACT)).findFirst()
                .orElseThrow(() -> new AssertionError("the example plugin is not on this JVM's paths: " + entries));
    }

    private Path loggingProperties(String transport, Path output) throws IOException {
        Path file = dir.resolve("logging.properties");
        String text = String.join("\n",
                "handlers = " + HANDLER,
                ".level = INFO",
                HANDLER + ".transport = " + transport,
                // the plugin's own option, known to the handler only through the plugin's optionNames()
                HANDLER + ".path = " + output.toString().replace("\\", "\\\\"),
                HANDLER + ".flushInterval = 100ms",
                HANDLER + ".shutdownTimeout = 2s",
                "");
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        return file;
    }

    private Run run(List<String> pathOptions, String mainClassOption, Path properties) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.util.logging.config.file=" + properties);
        command.add("-Dfile.encoding=UTF-8");
        command.addAll(pathOptions);
        command.addAll(List.of(mainClassOption.split(" ")));
        command.add("3");
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not finish in " + CHILD_TIMEOUT_SECONDS + " s: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Runs the application on the module path, with the plugin as one more module: no --add-modules, no requires. */
    private Run onModulePath(Path properties) throws Exception {
        List<String> modulePath = new ArrayList<>(applicationModulePath());
        modulePath.add(pluginLocation());
        return run(List.of("--module-path", String.join(File.pathSeparator, modulePath)),
                "-m io.github.logstashasync.e2e/" + LoggingPropertiesApp.class.getName(), properties);
    }

    /** Runs the application on the class path, with the plugin and {@code extra} entries. */
    private Run onClassPath(Path properties, List<String> extra) throws Exception {
        List<String> classPath = new ArrayList<>(applicationModulePath());
        classPath.add(pluginLocation());
        classPath.addAll(extra);
        return run(List.of("-cp", String.join(File.pathSeparator, classPath)), LoggingPropertiesApp.class.getName(),
                properties);
    }

    private static void assertShipped(Run run, Path output, String coreModule) throws IOException {
        assertEquals(0, run.exitCode(), "the application should send every event: " + run);
        assertTrue(run.out().contains("core=" + coreModule + "\n"), "the core should be " + coreModule + ": " + run);
        assertTrue(run.out().contains("handlers=1\n"), "LogManager should have created one handler: " + run);
        assertTrue(run.out().contains("sent=3,"), "the handler should count 3 events sent: " + run);
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertEquals(3, lines.size(), "the file transport should write one line per event: " + lines);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 3; i++) {
            JsonNode document = json.readTree(lines.get(i));
            assertEquals("plugin event " + i, document.path("message").stringValue(), "message of " + lines.get(i));
            assertEquals("INFO", document.path("level").stringValue(), "level");
            assertEquals(LoggingPropertiesApp.LOGGER, document.path("extra").path("logger_name").stringValue(),
                    "logger_name");
            assertEquals(i, document.path("extra").path("seq").intValue(), "extra.seq");
            assertEquals("Grüße aus der JVM", document.path("extra").path("text").stringValue(), "extra.text");
        }
    }

    @Test
    void onTheModulePathThePluginsModuleInfoIsEnough() throws Exception {
        Path output = dir.resolve("out/module-path.json");
        Run run = onModulePath(loggingProperties("file", output));
        assertShipped(run, output, "io.github.logstashasync.core");
    }

    @Test
    void onTheClassPathAServicesFileSelectsThePlugin() throws Exception {
        Path services = dir.resolve("services");
        Files.createDirectories(services.resolve(SERVICE).getParent());
        Files.writeString(services.resolve(SERVICE), PLUGIN_PROVIDER + "\n", StandardCharsets.UTF_8);
        Path output = dir.resolve("out/class-path.json");
        Run run = onClassPath(loggingProperties("file", output), List.of(services.toString()));
        assertShipped(run, output, "unnamed");
    }

    @Test
    void onTheClassPathTheModuleInfoAloneIsNotSeen() throws Exception {
        Path output = dir.resolve("out/none.json");
        Run run = onClassPath(loggingProperties("file", output), List.of());
        assertEquals(2, run.exitCode(), "no handler could be created: " + run);
        assertTrue(run.err().contains("unknown transport 'file'; known: beats, http, tcp, udp"),
                "the error lists the transports that exist, without the plugin: " + run);
        assertTrue(Files.notExists(output), "nothing was written");
    }

    @Test
    void anUnknownIdFailsWithTheKnownIdsIncludingThePlugin() throws Exception {
        Run run = onModulePath(loggingProperties("carrier-pigeon", dir.resolve("never.json")));
        assertEquals(2, run.exitCode(), "no handler could be created: " + run);
        assertTrue(run.err().contains("unknown transport 'carrier-pigeon'; known: beats, file, http, tcp, udp"),
                "the error lists every transport on the module path, the plugin's too: " + run);
    }

    @Test
    void serviceBindingResolvesTheTlsModuleAndThePluginInThisJvm() {
        // this module requires only the core; the others are in the boot layer because the core uses their services
        for (String name : List.of("io.github.logstashasync.transport.ssl", "io.github.logstashasync.plugin.example")) {
            assertTrue(ModuleLayer.boot().findModule(name).isPresent(), name + " should be resolved by service binding");
        }
        assertTrue(TransportPluginTest.class.getModule().getDescriptor().requires().stream()
                .noneMatch(r -> r.name().contains("ssl") || r.name().contains("plugin")), "nothing requires them");
    }

    @Test
    void anUnknownIdFailsInTheBuilderWithTheKnownIds() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> AsynchronousLogstashHandler.builder().transport("carrier-pigeon").build());
        assertEquals("transport", e.option(), "the option is named");
        assertTrue(e.getMessage().contains("unknown transport 'carrier-pigeon'; known: beats, file, http, tcp, udp"),
                "the known ids are listed, the plugin's too: " + e.getMessage());
    }
}
