package io.github.logstashasync.transport.ssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.TlsSettings;
import io.github.logstashasync.api.spi.TlsProvider;
import io.github.logstashasync.transport.ssl.internal.Warnings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/** How the provider is found and what the module shows: ServiceLoader, exports, services file, parameters. */
class PemTlsProviderModuleTest {

    private static final String SERVICES_FILE = "META-INF/services/" + TlsProvider.class.getName();

    @Test
    void serviceLoaderFindsPemOnTheModulePath() {
        Module module = PemTlsProvider.class.getModule();
        assertTrue(module.isNamed(), "the tests run on the module path, in module " + module);
        // The module provides TlsProvider but does not use it; the test, patched into the module, needs to.
        module.addUses(TlsProvider.class);
        List<TlsProvider> providers = ServiceLoader.load(TlsProvider.class).stream()
                .map(ServiceLoader.Provider::get).collect(Collectors.toList());
        assertEquals(List.of(PemTlsProvider.ID), providers.stream().map(TlsProvider::id).collect(Collectors.toList()),
                "ServiceLoader finds exactly the pem provider");
        assertEquals("pem", providers.get(0).id(), "the stable id");
    }

    @Test
    void moduleExportsOnlyTheProviderPackage() {
        ModuleDescriptor descriptor = PemTlsProvider.class.getModule().getDescriptor();
        assertEquals("io.github.logstashasync.transport.ssl", descriptor.name(), "module name = root package");
        assertEquals(Set.of("io.github.logstashasync.transport.ssl"),
                descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()),
                "only the package with PemTlsProvider is exported");
        assertTrue(descriptor.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified), "no qualified exports");
        assertTrue(descriptor.provides().stream().anyMatch(p -> p.service().equals(TlsProvider.class.getName())
                && p.providers().equals(List.of(PemTlsProvider.class.getName()))), "provides TlsProvider with PemTlsProvider");
        assertEquals(Set.of("io.github.logstashasync.api", "java.base"), descriptor.requires().stream()
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()), "requires nothing but the API");
    }

    @Test
    void servicesFileDeclaresTheProviderForTheClassPath() throws IOException {
        try (InputStream in = PemTlsProvider.class.getModule().getResourceAsStream(SERVICES_FILE)) {
            assertNotNull(in, SERVICES_FILE + " is in the jar");
            assertEquals(PemTlsProvider.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).strip(),
                    "the services file names the provider class");
        }
    }

    @Test
    void clientParametersVerifyHostNameAndSetSni() {
        PemTlsProvider provider = new PemTlsProvider(new Warnings(message -> { }));
        TlsSettings settings = TlsSettings.builder().enabled(true).protocols(List.of("TLSv1.2")).build();
        SSLParameters parameters = provider.clientParameters(settings, "logstash.example");
        assertEquals("HTTPS", parameters.getEndpointIdentificationAlgorithm(), "host names are verified by default");
        assertEquals(List.of("TLSv1.2"), List.of(parameters.getProtocols()), "protocols come from the settings");
        assertEquals(List.of(new SNIHostName("logstash.example")), parameters.getServerNames(), "SNI names the host");
        assertEquals(List.of(new SNIHostName("logstash.example")),
                provider.clientParameters(settings, "logstash.example.").getServerNames(), "trailing dot dropped");

        TlsSettings insecure = TlsSettings.builder().enabled(true).verify(false).build();
        assertNull(provider.clientParameters(insecure, "localhost").getEndpointIdentificationAlgorithm(),
                "no host-name check with sslVerify=false");
        // null leaves SNI to the JDK, which never sends an IP address either.
        for (String address : List.of("127.0.0.1", "::1", "2001:db8::abcd", "fe80::1%eth0")) {
            assertNull(provider.clientParameters(settings, address).getServerNames(),
                    "an IP address is never set as SNI name: " + address);
        }
        assertNull(provider.clientParameters(settings, null).getServerNames(), "no host, no SNI name");
    }

    @Test
    void defaultProviderWarnsOnStandardErrorOncePerJvm() {
        // The only test that uses the JVM-wide warning: every other test injects its own sink.
        TlsSettings insecure = TlsSettings.builder().enabled(true).verify(false).build();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new PemTlsProvider().createContext(insecure);
            new PemTlsProvider().createContext(insecure);
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertEquals(text.indexOf(Warnings.INSECURE), text.lastIndexOf(Warnings.INSECURE), "one warning only: " + text);
        assertTrue(text.contains("WARNING: " + Warnings.INSECURE), "the warning is on standard error: " + text);
        assertFalse(Warnings.INSECURE.isEmpty(), "warning text");
    }
}
