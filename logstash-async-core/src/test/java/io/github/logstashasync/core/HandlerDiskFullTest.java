package io.github.logstashasync.core;

import static io.github.logstashasync.core.LineReceiver.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import io.github.logstashasync.api.Extras;
import io.github.logstashasync.core.internal.queue.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A handler whose database disk was full for a while sends what is logged once space is back, without a restart. */
class HandlerDiskFullTest {

    @TempDir
    Path dir;

    private Tmpfs tmpfs;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        tmpfs = Tmpfs.mount(Files.createDirectory(dir.resolve("disk")), 20L << 20);
    }

    @AfterEach
    void unmount() throws Exception {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @Test
    void eventsLoggedAfterTheDiskHadSpaceAgainAllArrive() throws Exception {
        Path filler = tmpfs.path().resolve("filler");
        try (LineReceiver receiver = new LineReceiver()) {
            AsynchronousLogstashHandler handler = AsynchronousLogstashHandler.builder()
                    .host("127.0.0.1").port(receiver.port()).databasePath(tmpfs.path().resolve("q.db"))
                    .retryInitialDelay(Duration.ofMillis(20)).retryMaxDelay(Duration.ofMillis(100)).build();
            TestSupport.Errors errors = new TestSupport.Errors();
            handler.setErrorManager(errors);
            Logger logger = TestSupport.logger("disk-full", handler);
            try {
                logger.info("before the disk is full");
                assertTrue(handler.flush(Duration.ofSeconds(10)), "the first event is sent while there is space");

                tmpfs.fill(filler);
                String big = "x".repeat(2000);
                for (int i = 0; i < 500 && !errors.any("disk is full"); i++) {
                    logger.log(Level.INFO, "while full " + i + " " + big, Extras.of("phase", "full"));
                    Thread.sleep(2);
                }
                await(Duration.ofSeconds(10), () -> errors.any("disk is full"),
                        "the worker reports that it cannot persist because the disk is full; reported: "
                                + reported(errors));

                Files.delete(filler);
                for (int i = 0; i < 100; i++) {
                    logger.log(Level.INFO, "after {0}", new Object[] {i, Extras.of("after", i)});
                }
                assertTrue(handler.flush(Duration.ofSeconds(15)), "once space is back everything queued is sent; "
                        + "the handler reported: " + reported(errors));
                await(Duration.ofSeconds(10), () -> afterSeqs(receiver).size() == 100,
                        "all 100 events logged after space was back at the receiver, got " + afterSeqs(receiver).size()
                                + "; the handler reported: " + reported(errors));
            } finally {
                handler.close();
            }
        }
    }

    /** The distinct reports, a few: a worker retrying every few milliseconds repeats itself. */
    private static List<String> reported(TestSupport.Errors errors) {
        return errors.messages.stream().map(m -> m.replaceAll("retrying in \\d+ ms", "retrying")).distinct().limit(6)
                .toList();
    }

    private static Set<Integer> afterSeqs(LineReceiver receiver) {
        Set<Integer> seqs = new HashSet<>();
        for (JsonNode doc : TestSupport.parseAll(receiver.lines())) {
            JsonNode after = doc.path("extra").get("after");
            if (after != null) {
                seqs.add(after.asInt());
            }
        }
        return seqs;
    }
}
