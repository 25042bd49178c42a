package io.github.logstashasync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resolveAll} with {@code resolveInterval}: a name whose addresses change is followed, and one that stops
 * resolving is a reported, retried failure that keeps the last known addresses. The resolver is the JDK's own,
 * reading a hosts file the child JVM rewrites ({@code jdk.net.hosts.file}; the JDK's positive and negative caches
 * set to 0 s, the negative one through a security properties file since {@code java.security} sets it), and the
 * receivers listen on 127.0.0.1 and ::1 on the same port: real lookups, real sockets, no name server needed.
 */
class ResolveAgainTest {

    @TempDir
    Path dir;

    @Test
    void aNameIsFollowedWhenItsAddressesChangeAndReportedWhileItDoesNotResolve() throws Exception {
        Path hosts = dir.resolve("hosts");
        Path security = dir.resolve("no-dns-cache.security");
        Files.writeString(security, "networkaddress.cache.ttl=0\nnetworkaddress.cache.negative.ttl=0\n");
        List<String> entries = new ArrayList<>();
        Path target = Path.of(System.getProperty("user.dir"), "target");
        entries.add(target.resolve("test-classes").toString());
        entries.add(target.resolve("classes").toString());
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                entries.add(value);
            }
        }
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-Djdk.net.hosts.file=" + hosts, "-Djava.security.properties=" + security,
                "-cp", String.join(File.pathSeparator, entries), ResolveAgainChild.class.getName(), hosts.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        boolean ended = child.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(dir.resolve("child.log"), StandardCharsets.UTF_8);
        System.out.println("RESOLVE-AGAIN child output:\n" + output);
        assertTrue(ended, "the child ended within 90 s: " + output);
        assertEquals(0, child.exitValue(), "the child's steps all passed: " + output);
        assertEquals(4, output.lines().filter(line -> line.startsWith("STEP ")).count(), output);
    }
}
