package io.github.logstashasync.transport.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.spi.TransportProvider;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How the provider is found: ServiceLoader on the module path, the module's declaration, the services file. */
class KafkaTransportProviderModuleTest {

    private static final String SERVICES_FILE = "META-INF/services/" + TransportProvider.class.getName();

    @Test
    void serviceLoaderFindsKafkaOnTheModulePath() {
        Module module = KafkaTransportProvider.class.getModule();
        assertTrue(module.isNamed(), "the tests run on the module path, in module " + module);
        // The module provides TransportProvider but does not use it; the test, patched into the module, needs to.
        module.addUses(TransportProvider.class);
        List<TransportProvider> kafka = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("kafka")).collect(Collectors.toList());
        assertEquals(1, kafka.size(), "ServiceLoader finds exactly one kafka provider");
        assertEquals(KafkaTransportProvider.class, kafka.get(0).getClass());
        assertTrue(ModuleLayer.boot().findModule("kafka.clients").isPresent(), "kafka-clients is an automatic module");
        assertTrue(ModuleLayer.boot().findModule("org.slf4j").isPresent()
                && ModuleLayer.boot().findModule("com.github.luben.zstd_jni").isPresent(),
                "what kafka-clients needs at run time is resolved through this module's requires");
    }

    @Test
    void moduleExportsOnlyTheProviderPackage() {
        ModuleDescriptor descriptor = KafkaTransportProvider.class.getModule().getDescriptor();
        assertEquals("io.github.logstashasync.transport.kafka", descriptor.name(), "module name = root package");
        assertEquals(Set.of("io.github.logstashasync.transport.kafka"),
                descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(descriptor.provides().stream().anyMatch(p -> p.service().equals(TransportProvider.class.getName())
                && p.providers().equals(List.of(KafkaTransportProvider.class.getName()))));
        assertTrue(descriptor.requires().stream().noneMatch(r -> r.name().equals("io.github.logstashasync.core")),
                "a plugin, never a dependant of the core");
    }

    @Test
    void servicesFileDeclaresTheProviderForTheClassPath() throws Exception {
        try (InputStream in = KafkaTransportProvider.class.getModule().getResourceAsStream(SERVICES_FILE)) {
            assertNotNull(in, SERVICES_FILE + " is in the jar");
            assertEquals(KafkaTransportProvider.class.getName(),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }
}
