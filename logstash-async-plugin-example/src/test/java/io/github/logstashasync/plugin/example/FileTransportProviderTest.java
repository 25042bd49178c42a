package io.github.logstashasync.plugin.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.api.spi.TransportProvider;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example plugin on its own: its module declaration, its options and what it writes. */
class FileTransportProviderTest {

    @TempDir
    Path dir;

    private static TransportSettings settings(Map<String, String> options) {
        return TransportSettings.of("localhost", 5959).withOptions(options);
    }

    @Test
    void declaresTheProviderInModuleInfoOnly() throws Exception {
        Module module = FileTransportProvider.class.getModule();
        assertTrue(module.isNamed(), "the plugin should run as a named module on the module path");
        ModuleDescriptor.Provides provides = module.getDescriptor().provides().stream()
                .filter(p -> p.service().equals(TransportProvider.class.getName())).findFirst().orElseThrow();
        assertEquals(List.of(FileTransportProvider.class.getName()), provides.providers(),
                "module-info should provide the TransportProvider with FileTransportProvider");
        assertTrue(module.getDescriptor().exports().isEmpty(), "the plugin exports nothing");
        try (InputStream services = module.getResourceAsStream("META-INF/services/" + TransportProvider.class.getName())) {
            assertNull(services, "the example deliberately ships no META-INF/services file");
        }
    }

    @Test
    void appendsEveryBatchAsJsonLinesCreatingTheDirectories() throws Exception {
        Path file = dir.resolve("logs/deeper/events.json");
        Transport transport = new FileTransportProvider().create(settings(Map.of("path", file.toString())), null);
        List<Integer> rejected = new ArrayList<>();
        try {
            transport.send(List.of("{\"n\":1}", "{\"text\":\"Grüße 日本\"}"), (index, reason) -> rejected.add(index));
            transport.send(List.of("{\"n\":3}"), (index, reason) -> rejected.add(index));
        } finally {
            transport.close();
        }
        assertEquals(List.of("{\"n\":1}", "{\"text\":\"Grüße 日本\"}", "{\"n\":3}"),
                Files.readAllLines(file, StandardCharsets.UTF_8), "both batches, one line per event, in UTF-8");
        assertTrue(rejected.isEmpty(), "nothing rejected");
    }

    @Test
    void syncForcesEachBatchAndKeepsAppending() throws Exception {
        Path file = dir.resolve("synced.json");
        Files.writeString(file, "{\"old\":true}\n", StandardCharsets.UTF_8);
        Transport transport = new FileTransportProvider()
                .create(settings(Map.of("path", file.toString(), "sync", "true")), null);
        try {
            transport.send(List.of("{\"n\":1}"), (index, reason) -> { });
        } finally {
            transport.close();
        }
        assertEquals(List.of("{\"old\":true}", "{\"n\":1}"), Files.readAllLines(file, StandardCharsets.UTF_8),
                "appended after what the file held");
    }

    @Test
    void anUnwritableFileIsARetryableFailure() throws Exception {
        Path directory = Files.createDirectories(dir.resolve("a-directory"));
        Transport transport = new FileTransportProvider().create(settings(Map.of("path", directory.toString())), null);
        try {
            TransportException e = assertThrows(TransportException.class,
                    () -> transport.send(List.of("{\"n\":1}"), (index, reason) -> { }));
            assertTrue(e.retryable(), "the events should stay queued until the file can be written");
            assertEquals(0, e.delivered(), "nothing delivered");
            assertTrue(e.getMessage().contains(directory.toString()), "names the file: " + e.getMessage());
        } finally {
            transport.close();
        }
    }

    @Test
    void invalidOptionsAreNamed() {
        FileTransportProvider provider = new FileTransportProvider();
        assertEquals("path", assertThrows(InvalidOptionException.class,
                () -> provider.create(settings(Map.of()), null)).option(), "path is required");
        assertEquals("sync", assertThrows(InvalidOptionException.class,
                () -> provider.create(settings(Map.of("path", "x.json", "sync", "sometimes")), null)).option());
        InvalidOptionException unknown = assertThrows(InvalidOptionException.class,
                () -> provider.create(settings(Map.of("path", "x.json", "colour", "blue")), null));
        assertEquals("colour", unknown.option());
        assertTrue(unknown.getMessage().contains("path, sync"), "lists the known options: " + unknown.getMessage());
        TransportSettings tls = settings(Map.of("path", "x.json")).withTls(TlsSettings.builder().enabled(true).build());
        assertEquals("sslEnable", assertThrows(InvalidOptionException.class, () -> provider.create(tls, null)).option());
        assertFalse(provider.supportsTls(), "a file needs no TLS");
        assertEquals("file", provider.id());
    }
}
