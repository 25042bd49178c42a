package io.github.logstashasync.bench;

import io.github.logstashasync.api.PipelineSettings;
import io.github.logstashasync.core.internal.queue.EventQueue;
import io.github.logstashasync.core.internal.queue.MemoryEventQueue;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueuedEvent;
import io.github.logstashasync.core.internal.queue.SqliteEventQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The queues alone, per event: a batch of 1,000 appended, then claimed and deleted in batches of 500 (the path of a
 * backlog), and a batch appended already claimed and deleted (the path while the sender keeps up). Was the unit
 * test QueueTimingTest, which printed these figures in the unit suite and could not fail on them. Run it with
 * {@code java -jar logstash-async-bench/target/benchmarks.jar QueueBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class QueueBenchmark {

    private static final int APPEND_BATCH = 1_000;
    private static final int CLAIM_BATCH = 500;

    /** Which queue. */
    @Param({"sqlite", "memory"})
    public String queue;

    private Path dir;
    private EventQueue events;
    private List<String> batch;

    /** Opens the queue and makes the batch of about 350-character documents. */
    @Setup
    public void setUp() throws IOException, QueueException {
        batch = new ArrayList<>(APPEND_BATCH);
        for (int i = 0; i < APPEND_BATCH; i++) {
            batch.add(document(i));
        }
        if (queue.equals("sqlite")) {
            dir = Files.createTempDirectory("queue-bench");
            events = SqliteEventQueue.open(dir.resolve("q.db"), PipelineSettings.defaults());
        } else {
            events = new MemoryEventQueue(APPEND_BATCH * 2);
        }
    }

    /** Closes the queue and removes its file. */
    @TearDown
    public void tearDown() throws IOException {
        events.close();
        if (dir != null) {
            Cleanup.deleteTree(dir);
        }
    }

    /** Append a batch, then claim and delete until the queue is empty: per event. */
    @Benchmark
    @OperationsPerInvocation(APPEND_BATCH)
    public int appendClaimDelete() throws QueueException {
        events.append(batch);
        int sent = 0;
        for (List<QueuedEvent> claimed = events.claim(CLAIM_BATCH, Duration.ofMinutes(1)); !claimed.isEmpty();
                claimed = events.claim(CLAIM_BATCH, Duration.ofMinutes(1))) {
            events.delete(claimed);
            sent += claimed.size();
        }
        return sent;
    }

    /** Append a batch claimed already, then delete it in batches: per event. */
    @Benchmark
    @OperationsPerInvocation(APPEND_BATCH)
    public int appendClaimedDelete() throws QueueException {
        List<QueuedEvent> claimed = events.appendClaimed(batch);
        for (int from = 0; from < claimed.size(); from += CLAIM_BATCH) {
            events.delete(claimed.subList(from, Math.min(claimed.size(), from + CLAIM_BATCH)));
        }
        return claimed.size();
    }

    private static String document(int n) {
        return "{\"@timestamp\":\"2024-05-01T12:34:56.789Z\",\"@version\":\"1\",\"host\":\"app-server-01\","
                + "\"level\":\"INFO\",\"logsource\":\"app-server-01\",\"message\":\"request handled: GET /api/orders/"
                + n + " status=200\",\"pid\":12345,\"program\":\"orders\",\"type\":\"java\",\"tags\":[],"
                + "\"extra\":{\"logger_name\":\"com.example.orders.OrderController\","
                + "\"thread_name\":\"http-nio-8080-exec-7\",\"line\":42}}";
    }
}
