package io.github.logstashasync.core.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.TlsProvider;
import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportProvider;
import io.github.logstashasync.core.internal.transport.tcp.TcpTransportProvider;
import io.github.logstashasync.core.internal.transport.udp.UdpTransportProvider;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransportRegistryTest {

    @Test
    void theServiceLoaderFindsTcpAndUdpOnTheModulePath() {
        assertTrue(TransportRegistryTest.class.getModule().isNamed(), "the test runs inside the core module");
        Set<String> ids = new TreeSet<>();
        for (TransportProvider provider : ServiceLoader.load(TransportProvider.class)) {
            ids.add(provider.id());
        }
        assertTrue(ids.containsAll(Set.of("tcp", "udp")), "module-info provides tcp and udp; found " + ids);
    }

    @Test
    void theClassPathServicesFileListsWhatModuleInfoProvides() throws Exception {
        Set<String> fromModuleInfo = new TreeSet<>();
        ServiceLoader.load(TransportProvider.class).stream()
                .filter(provider -> provider.type().getModule() == TransportRegistryTest.class.getModule())
                .forEach(provider -> fromModuleInfo.add(provider.type().getName()));
        Set<String> fromServicesFile = new TreeSet<>();
        String name = "META-INF/services/" + TransportProvider.class.getName();
        try (InputStream in = TransportRegistry.class.getModule().getResourceAsStream(name)) {
            assertTrue(in != null, "core has " + name);
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String entry = line.replaceAll("#.*", "").trim();
                if (!entry.isEmpty()) {
                    fromServicesFile.add(entry);
                }
            }
        }
        assertEquals(fromModuleInfo, fromServicesFile, "class-path users get the same transports as module-path users");
    }

    @Test
    void discoveryFindsTheBuiltInTransportsWithoutErrors() {
        List<String> errors = new ArrayList<>();
        TransportRegistry registry = TransportRegistry.discover(errors::add);
        assertTrue(registry.ids().containsAll(Set.of("tcp", "udp")), "found " + registry.ids());
        assertEquals(List.of(), errors, "nothing to report when every provider loads once");
        assertTrue(registry.provider("tcp") instanceof TcpTransportProvider, "tcp is the built-in provider");
        assertNull(registry.tlsProvider(), "core alone has no TLS provider");
    }

    @Test
    void anUnknownIdListsTheKnownIdsSorted() {
        TransportRegistry registry = TransportRegistry.of(List.of(new UdpTransportProvider(), new TcpTransportProvider()),
                null, error -> { });
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> registry.provider("htp"));
        assertEquals("transport", e.option(), "the error names the transport option");
        assertEquals("Invalid option 'transport': unknown transport 'htp'; known: tcp, udp", e.getMessage());
        assertEquals(List.of("tcp", "udp"), List.copyOf(registry.ids()), "ids are sorted");
    }

    @Test
    void brokenProvidersAreReportedAndTheOthersStillLoad(@TempDir Path root) throws Exception {
        String throwing = ThrowingTransportProvider.class.getName();
        String unrelated = NotATransportProvider.class.getName();
        List<String> errors = new ArrayList<>();
        TransportRegistry registry;
        try (PluginClassLoader plugins = PluginClassLoader.create(root, TransportProvider.class.getName(),
                List.of("com.example.Missing", unrelated, throwing), List.of(throwing, unrelated))) {
            registry = TransportRegistry.discover(plugins, errors::add);
        }
        assertTrue(registry.ids().containsAll(Set.of("tcp", "udp")), "the built-in transports still load: "
                + registry.ids());
        assertEquals(3, errors.size(), "one report per broken provider: " + errors);
        assertTrue(errors.get(0).contains("com.example.Missing"), "a missing class: " + errors.get(0));
        assertTrue(errors.get(1).contains(unrelated), "not a TransportProvider: " + errors.get(1));
        assertTrue(errors.get(2).contains(throwing) && errors.get(2).contains("broken plugin"),
                "a throwing constructor, with its cause: " + errors.get(2));
    }

    @Test
    void duplicateIdsAreReportedAndTheFirstWins() {
        TransportProvider first = new TcpTransportProvider();
        TransportProvider second = new Named("tcp");
        List<String> errors = new ArrayList<>();
        TransportRegistry registry = TransportRegistry.of(List.of(first, second, new UdpTransportProvider()), null,
                errors::add);
        assertSame(first, registry.provider("tcp"), "the first provider of an id wins");
        assertEquals(1, errors.size(), "one report for the duplicate: " + errors);
        assertTrue(errors.get(0).contains("'tcp'") && errors.get(0).contains(second.getClass().getName()), errors.get(0));
    }

    @Test
    void aProviderWhoseIdFailsIsSkipped() {
        TransportProvider noId = new Named(null) {
            @Override
            public String id() {
                throw new IllegalStateException("no id");
            }
        };
        List<String> errors = new ArrayList<>();
        TransportRegistry registry = TransportRegistry.of(List.of(noId, new UdpTransportProvider()), null, errors::add);
        assertEquals(List.of("udp"), List.copyOf(registry.ids()), "only the working provider is registered");
        assertEquals(1, errors.size(), "the failing id() is reported: " + errors);
    }

    @Test
    void createChecksTlsAgainstTheTransportAndTheProvider() {
        TransportRegistry registry = TransportRegistry.of(List.of(new TcpTransportProvider(), new UdpTransportProvider()),
                null, error -> { });
        TransportSettings tls = TransportSettings.of("127.0.0.1", 5000).withTls(TlsSettings.builder().enabled(true).build());
        InvalidOptionException udp = assertThrows(InvalidOptionException.class, () -> registry.create("udp", tls));
        assertEquals("sslEnable", udp.option(), "udp cannot do TLS");
        InvalidOptionException tcp = assertThrows(InvalidOptionException.class, () -> registry.create("tcp", tls));
        assertTrue(tcp.getMessage().contains("io.github.logstashasync.transport.ssl"), "names the missing module: "
                + tcp.getMessage());
        try (Transport plain = registry.create("tcp", TransportSettings.of("127.0.0.1", 5000))) {
            assertTrue(plain != null, "tcp without TLS needs no provider");
        }
    }

    @Test
    void theFirstTlsProviderIsUsed() {
        TlsProvider tls = new TlsProvider() {
            @Override
            public String id() {
                return "test";
            }

            @Override
            public javax.net.ssl.SSLContext createContext(TlsSettings settings) {
                throw new UnsupportedOperationException();
            }
        };
        assertSame(tls, TransportRegistry.of(List.of(), tls, error -> { }).tlsProvider(), "the given TLS provider");
    }

    /** A provider that only has an id. */
    private static class Named implements TransportProvider {
        private final String id;

        Named(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Transport create(TransportSettings settings, TlsProvider tls) {
            throw new UnsupportedOperationException();
        }
    }
}
