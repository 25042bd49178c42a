package io.github.logstashasync.core.internal.transport.beats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.spi.TransportProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class TransportProvidersServiceLoaderTest {

    @Test
    void serviceLoaderFindsTheHttpAndBeatsProvidersOnTheModulePath() {
        assertTrue(TransportProvidersServiceLoaderTest.class.getModule().isNamed(), "tests run inside the named module");
        Map<String, String> found = new HashMap<>();
        for (TransportProvider provider : ServiceLoader.load(TransportProvider.class)) {
            found.put(provider.id(), provider.getClass().getName());
        }
        assertEquals("io.github.logstashasync.core.internal.transport.http.HttpTransportProvider", found.get("http"),
                "http provider declared in module-info; found " + found);
        assertEquals(BeatsTransportProvider.class.getName(), found.get("beats"), "beats provider; found " + found);
    }
}
