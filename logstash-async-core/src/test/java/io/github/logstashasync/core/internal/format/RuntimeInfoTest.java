package io.github.logstashasync.core.internal.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RuntimeInfoTest {

    @Test
    void programIsTheMainClassOrTheJarName() {
        assertEquals("com.example.Main", RuntimeInfo.programOf("com.example.Main --port 8080"), "main class");
        assertEquals("shop.jar", RuntimeInfo.programOf("/opt/shop/shop.jar --debug"), "jar file name");
        assertEquals("shop.jar", RuntimeInfo.programOf("C:\\apps\\shop.jar"), "jar on Windows");
        assertEquals("com.example/com.example.Main", RuntimeInfo.programOf("com.example/com.example.Main"),
                "module and class of java -m");
        assertEquals("java", RuntimeInfo.programOf(null), "unknown command");
        assertEquals("java", RuntimeInfo.programOf("  "), "blank command");
    }

    @Test
    void libraryVersionComesFromTheFilteredResource() {
        String version = RuntimeInfo.libraryVersion();
        assertFalse(version.contains("${"), "the resource was filtered by Maven: " + version);
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), "a Maven version, not '" + version + "'");
    }

    @Test
    void processFacts() {
        assertFalse(RuntimeInfo.hostName().isBlank(), "a host name");
        assertFalse(RuntimeInfo.fqdn().isBlank(), "an FQDN or the host name");
        assertEquals(ProcessHandle.current().pid(), RuntimeInfo.pid(), "this process's id");
        assertEquals(Runtime.version().toString(), RuntimeInfo.interpreterVersion(), "the JVM version");
        assertTrue(RuntimeInfo.interpreter().startsWith(System.getProperty("java.home")), "java.home's java");
    }
}
