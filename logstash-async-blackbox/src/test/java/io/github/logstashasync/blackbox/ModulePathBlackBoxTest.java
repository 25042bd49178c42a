package io.github.logstashasync.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.logstashasync.api.Extras;
import io.github.logstashasync.api.InvalidOptionException;
import io.github.logstashasync.api.spi.TransportProvider;
import io.github.logstashasync.core.AsynchronousLogstashHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses the library only through its exported API, from the module path, as an application does. */
class ModulePathBlackBoxTest {

    @TempDir
    Path dir;

    @Test
    void runsOnTheModulePathAsANamedModule() {
        assertTrue(AsynchronousLogstashHandler.class.getModule().isNamed(), "core should be a named module");
        assertEquals("io.github.logstashasync.core", AsynchronousLogstashHandler.class.getModule().getName());
        assertTrue(ModulePathBlackBoxTest.class.getModule().isNamed(), "this test should run in its own module");
        assertFalse(AsynchronousLogstashHandler.class.getModule()
                        .isExported("io.github.logstashasync.core.internal.worker"),
                "internals must not be exported");
    }

    @Test
    void serviceLoaderFindsTheBuiltInTransportsOnTheModulePath() {
        Set<String> ids = new TreeSet<>();
        for (TransportProvider provider : ServiceLoader.load(TransportProvider.class)) {
            ids.add(provider.id());
        }
        assertTrue(ids.containsAll(Set.of("tcp", "udp")), "tcp and udp expected, found " + ids);
    }

    @Test
    void shipsAnEventThroughTheSqliteQueue() throws Exception {
        try (JsonLinesServer server = new JsonLinesServer()) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(server.port()).databasePath(dir.resolve("app.db")).build();
            Logger logger = Logger.getLogger("blackbox");
            logger.setUseParentHandlers(false);
            logger.addHandler(handler);
            logger.log(Level.WARNING, "hello from a module", Extras.of("order_id", 42));
            assertTrue(handler.flush(Duration.ofSeconds(10)), "the event should be sent");
            handler.close();
            logger.removeHandler(handler);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (server.lines().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, server.lines().size(), "one line expected");
            JsonNode doc = new ObjectMapper().readTree(server.lines().get(0));
            assertEquals("hello from a module", doc.get("message").asString());
            assertEquals("WARNING", doc.get("level").asString());
            assertEquals(42, doc.get("extra").get("order_id").asInt());
        }
    }

    @Test
    void anInvalidOptionNamesTheOption() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> AsynchronousLogstashHandler.builder().transport("carrier-pigeon").build());
        assertEquals("transport", e.option());
        assertTrue(e.getMessage().contains("tcp"), "the known ids should be listed: " + e.getMessage());
    }
}
