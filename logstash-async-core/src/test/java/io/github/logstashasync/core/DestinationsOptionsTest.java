package io.github.logstashasync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.api.ConnectionStrategy;
import io.github.logstashasync.api.InvalidOptionException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The options of several destinations: every way to give them, and a clear error naming the option for bad input. */
class DestinationsOptionsTest {

    private static final String HANDLER = "io.github.logstashasync.core.AsynchronousLogstashHandler";

    @AfterEach
    void restoreLogging() throws IOException {
        LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(
                "handlers=\n.level=INFO\n".getBytes(StandardCharsets.UTF_8)));
    }

    private static InvalidOptionException invalid(String name, String value) {
        return assertThrows(InvalidOptionException.class, () -> {
            LogstashPipeline.Builder builder = LogstashPipeline.builder().reporter((m, e) -> { });
            builder.option(name, value);
            builder.build().close();
        }, name + "=" + value + " should be refused");
    }

    private static void assertRefused(String name, String value, String fragment) {
        InvalidOptionException e = invalid(name, value);
        assertEquals(name, e.option(), "the error names the option: " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }

    @Test
    void badEntriesAreRefusedNamingDestinationsAndTheEntry() {
        assertRefused("destinations", "", "at least one destination");
        assertRefused("destinations", " , ", "at least one destination");
        assertRefused("destinations", "127.0.0.1", "has no port");
        assertRefused("destinations", "127.0.0.1:", "no port after the colon");
        assertRefused("destinations", "127.0.0.1:0", "out of range");
        assertRefused("destinations", "127.0.0.1:65536", "out of range");
        assertRefused("destinations", "127.0.0.1:50x", "'50x' is not a port");
        assertRefused("destinations", "::1:5044", "IPv6 address goes in brackets");
        assertRefused("destinations", "[::1]5044", "not [IPv6]:port");
        assertRefused("destinations", "[logstash]:5044", "only an IPv6 address goes in brackets");
        assertRefused("destinations", ":5044", "has no host");
        assertRefused("destinations", "a:1,b:2,a:1", "'a:1' is listed twice");
        assertRefused("destinations", "user:secret@host:5044", "credentials go in");
        assertRefused("destinations", "ftp://host:21/", "must start with http:// or https://");
        assertRefused("destinations", "http://user:secret@host:8080/", "credentials go in");
    }

    @Test
    void secretsInABadEntryAreMasked() {
        InvalidOptionException e = invalid("destinations", "http://user:secret@host:8080/");
        assertTrue(!e.getMessage().contains("secret"), "the password must not be shown: " + e.getMessage());
    }

    @Test
    void strategyOptionsAreCheckedNamingThem() {
        assertRefused("connectionStrategy", "fastest", "failover, round-robin, random");
        assertRefused("rotateEvery", "0", "out of range");
        assertRefused("rotateEvery", "many", "not an integer");
        assertRefused("secondaryConnectionTtl", "0s", "must be positive");
        assertRefused("secondaryConnectionTtl", "soon", "not a duration");
        assertRefused("resolveAll", "perhaps", "not a boolean");
        assertRefused("rotateInterval", "0s", "must be positive");
        assertRefused("rotateInterval", "-1s", "not a duration");
        assertRefused("rotateInterval", "often", "not a duration");
        assertRefused("resolveInterval", "10ms", "at least 100 ms");
        assertRefused("resolveInterval", "daily", "not a duration");
        InvalidOptionException builder = assertThrows(InvalidOptionException.class,
                () -> LogstashPipeline.builder().rotateInterval(Duration.ZERO));
        assertEquals("rotateInterval", builder.option(), builder.getMessage());
        InvalidOptionException resolve = assertThrows(InvalidOptionException.class,
                () -> LogstashPipeline.builder().resolveInterval(Duration.ofMillis(99)));
        assertEquals("resolveInterval", resolve.option(), resolve.getMessage());
    }

    @Test
    void aBadRotateIntervalInLoggingPropertiesNamesTheKey() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> AsynchronousLogstashHandler.builder()
                .read(Events.properties(HANDLER, "rotateInterval", "0ms")));
        assertEquals(HANDLER + ".rotateInterval", e.option());
        InvalidOptionException r = assertThrows(InvalidOptionException.class, () -> AsynchronousLogstashHandler.builder()
                .read(Events.properties(HANDLER, "resolveInterval", "1ms")));
        assertEquals(HANDLER + ".resolveInterval", r.option());
    }

    @Test
    void destinationsAndHostOrPortTogetherAreAClearError() {
        for (String other : List.of("host", "port")) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> LogstashPipeline.builder()
                    .option(other, other.equals("host") ? "127.0.0.1" : "5044")
                    .destinations("127.0.0.1:5044", "127.0.0.1:5045").build().close());
            assertEquals("destinations", e.option());
            assertTrue(e.getMessage().contains("cannot be combined with host or port"), e.getMessage());
        }
    }

    @Test
    void aUrlIsForHttpOnlyAndItsSchemeMustMatchSslEnable() {
        InvalidOptionException tcp = assertThrows(InvalidOptionException.class, () -> LogstashPipeline.builder()
                .destinations("http://127.0.0.1:8080/logs").build().close());
        assertEquals("destinations", tcp.option());
        assertTrue(tcp.getMessage().contains("only the http transport takes"), tcp.getMessage());
        InvalidOptionException https = assertThrows(InvalidOptionException.class, () -> LogstashPipeline.builder()
                .transport("http").destinations("https://127.0.0.1:8443/logs").build().close());
        assertEquals("destinations", https.option());
        assertTrue(https.getMessage().contains("does not match sslEnable=false"), https.getMessage());
    }

    @Test
    void aNameThatDoesNotResolveIsAnErrorUnderResolveAllAndARetriedFailureOtherwise() throws Exception {
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> LogstashPipeline.builder()
                .destinations("no-such-host.invalid:5044").resolveAll(true).build().close());
        assertEquals("destinations", e.option());
        assertTrue(e.getMessage().contains("cannot resolve 'no-such-host.invalid'"), e.getMessage());

        // without resolveAll names are resolved at each connect, as host is: a name that stops resolving later is
        // a failure of that destination, reported and retried, and the others take its batches
        try (LineReceiver receiver = new LineReceiver()) {
            List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
            LogstashPipeline pipeline = LogstashPipeline.builder().reporter((m, x) -> reports.add(m))
                    .destinations("no-such-host.invalid:5044", "127.0.0.1:" + receiver.port())
                    .flushInterval(Duration.ofMillis(50)).build();
            try {
                pipeline.offer(Events.event("INFO", "one"));
                assertTrue(pipeline.flush(Duration.ofSeconds(10)), "the event goes to the second destination");
                DestinationStatistics unresolved = pipeline.destinations().get(0);
                assertEquals(1, unresolved.failures(), unresolved.summary());
                assertTrue(unresolved.lastError().contains("cannot resolve host"), unresolved.summary());
                assertEquals(1, pipeline.destinations().get(1).sent(), pipeline.destinations().get(1).summary());
                assertTrue(reports.stream().anyMatch(m -> m.contains("destination no-such-host.invalid:5044 failed")),
                        "the failure is reported: " + reports);
            } finally {
                pipeline.close();
            }
        }
    }

    @Test
    void theBuilderTakesEveryOptionAndIpv6InBrackets() throws Exception {
        LogstashPipeline pipeline = LogstashPipeline.builder().reporter((m, e) -> { })
                .destinations(List.of("127.0.0.1:5044", "[::1]:5045", "localhost:5046"))
                .connectionStrategy(ConnectionStrategy.ROUND_ROBIN).rotateEvery(3)
                .secondaryConnectionTtl(null).build();
        try {
            assertEquals(List.of("127.0.0.1:5044", "[::1]:5045", "localhost:5046"),
                    pipeline.destinations().stream().map(DestinationStatistics::destination).toList());
            assertEquals(3, pipeline.statistics().destinations().size(), "the statistics carry them too");
            assertTrue(pipeline.destinations().get(0).summary().startsWith("127.0.0.1:5044 not used yet, sent 0"),
                    pipeline.destinations().get(0).summary());
            assertEquals(3, pipeline.metrics().getDestinations().size(), "and the MXBean");
        } finally {
            pipeline.close();
        }
        LogstashPipeline one = LogstashPipeline.builder().reporter((m, e) -> { }).host("127.0.0.1").build();
        try {
            assertEquals(List.of(), one.destinations(), "one destination: no list");
        } finally {
            one.close();
        }
    }

    @Test
    void httpUrlsKeepTheirOwnPathAndResolveAllExpandsANameToItsAddresses() {
        LogstashPipeline pipeline = LogstashPipeline.builder().reporter((m, e) -> { }).transport("http")
                .option("destinations", "http://127.0.0.1:8080/a?x=1, http://[::1]:8081, 127.0.0.1:8082")
                .option("resolveAll", "true").build();
        try {
            assertEquals(List.of("http://127.0.0.1:8080/a?x=1", "http://[0:0:0:0:0:0:0:1]:8081 (::1)", "127.0.0.1:8082"),
                    pipeline.destinations().stream().map(DestinationStatistics::destination).toList());
        } finally {
            pipeline.close();
        }
    }

    @Test
    void loggingPropertiesTakesTheListAndTheStrategy() throws Exception {
        try (LineReceiver first = new LineReceiver(); LineReceiver second = new LineReceiver()) {
            LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(String.join("\n",
                    "handlers=" + HANDLER,
                    HANDLER + ".destinations=127.0.0.1:" + first.port() + ",127.0.0.1:" + second.port(),
                    HANDLER + ".connectionStrategy=round-robin",
                    HANDLER + ".rotateEvery=1",
                    HANDLER + ".batchSize=1",
                    HANDLER + ".flushInterval=100ms",
                    "").getBytes(StandardCharsets.UTF_8)));
            Handler handler = Logger.getLogger("").getHandlers()[0];
            AsynchronousLogstashHandler logstash = (AsynchronousLogstashHandler) handler;
            Logger logger = Logger.getLogger("destinations-properties");
            for (int i = 0; i < 10; i++) {
                logger.info("event " + i);
            }
            assertTrue(logstash.flush(Duration.ofSeconds(10)), "every event is sent");
            LineReceiver.await(Duration.ofSeconds(5), () -> first.lines().size() + second.lines().size() == 10,
                    "10 lines in all");
            assertEquals(5, first.lines().size(), "round-robin of one-event batches: half each");
            assertEquals(5, second.lines().size(), "round-robin of one-event batches: half each");
        }
    }

    @Test
    void loggingPropertiesTakesARotateIntervalThatAloneDecidesTheTurns() throws Exception {
        try (LineReceiver first = new LineReceiver(); LineReceiver second = new LineReceiver()) {
            LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(String.join("\n",
                    "handlers=" + HANDLER,
                    HANDLER + ".destinations=127.0.0.1:" + first.port() + ",127.0.0.1:" + second.port(),
                    HANDLER + ".connectionStrategy=round-robin",
                    HANDLER + ".rotateInterval=1h",
                    HANDLER + ".resolveInterval=off",
                    HANDLER + ".batchSize=1",
                    HANDLER + ".flushInterval=100ms",
                    "").getBytes(StandardCharsets.UTF_8)));
            AsynchronousLogstashHandler logstash = (AsynchronousLogstashHandler) Logger.getLogger("").getHandlers()[0];
            Logger logger = Logger.getLogger("destinations-properties");
            for (int i = 0; i < 10; i++) {
                logger.info("event " + i);
            }
            assertTrue(logstash.flush(Duration.ofSeconds(10)), "every event is sent");
            LineReceiver.await(Duration.ofSeconds(5), () -> first.lines().size() == 10, "10 lines at the first");
            assertEquals(0, second.lines().size(), "within its hour the first keeps every batch (rotateEvery not set)");
        }
    }

    @Test
    void aBadEntryInLoggingPropertiesNamesTheKey() {
        AsynchronousLogstashHandler.Builder builder = AsynchronousLogstashHandler.builder();
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> builder.read(
                Events.properties(HANDLER, "destinations", "127.0.0.1:5044,127.0.0.1:99999")));
        assertEquals(HANDLER + ".destinations", e.option());
        assertTrue(e.getMessage().contains("'127.0.0.1:99999': port 99999 is out of range"), e.getMessage());
    }
}
