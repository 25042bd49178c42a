package io.github.logstashasync.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** How a JVM is named on the command line and in the picker, and how its pipelines and program are named. */
class JvmTargetTest {

    @Test
    void readsProcessIdsAndJmxPorts() {
        assertEquals(new JvmTarget.Local(4242), JvmTarget.parse("JVM", " 4242 "), "a process id");
        assertEquals(new JvmTarget.Remote("127.0.0.1", 9010), JvmTarget.parse("JVM", "127.0.0.1:9010"), "host:port");
        assertEquals(new JvmTarget.Remote("::1", 9010), JvmTarget.parseJmx("--jmx", "[::1]:9010"), "IPv6 in brackets");
        assertEquals("[::1]:9010", new JvmTarget.Remote("::1", 9010).toString(), "and shown so again");
        assertEquals("process 4242", new JvmTarget.Local(4242).toString(), "a process, for people");
    }

    @Test
    void namesTheFlagOfAValueThatIsNoTarget() {
        IllegalArgumentException pid = assertThrows(IllegalArgumentException.class,
                () -> JvmTarget.parsePid("--pid", "12ab"));
        assertEquals("--pid: '12ab' is no process id (a positive number)", pid.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JvmTarget.parsePid("--pid", "0"), "no process 0");
        for (String wrong : new String[] {"localhost", "localhost:", ":9010", "localhost:99999", "localhost:x"}) {
            IllegalArgumentException jmx = assertThrows(IllegalArgumentException.class,
                    () -> JvmTarget.parseJmx("--jmx", wrong), wrong);
            assertTrue(jmx.getMessage().startsWith("--jmx: '" + wrong + "' is no HOST:PORT"), jmx.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> JvmTarget.parse("JVM", "my-app"), "neither");
    }

    @Test
    void namesPipelinesByTheirObjectNameAndProgramsByMainClassOrJar() throws Exception {
        assertEquals("orders", JvmConnection.key(new ObjectName("io.github.logstashasync:type=Pipeline,name=orders")));
        assertEquals("a, b=c", JvmConnection.key(new ObjectName("io.github.logstashasync:type=Pipeline,name="
                + ObjectName.quote("a, b=c"))), "a quoted name, unquoted");
        assertEquals("com.example.Main", JvmConnection.program("com.example.Main --port 8080"));
        assertEquals("app.jar", JvmConnection.program("/opt/app/lib/app.jar --spring.profiles.active=prod"));
        assertEquals("", JvmConnection.program(null), "a JVM that does not say");
    }
}
