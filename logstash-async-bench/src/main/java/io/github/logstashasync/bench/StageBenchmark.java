package io.github.logstashasync.bench;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.github.logstashasync.api.LogEvent;
import io.github.logstashasync.core.LogstashFormatter;
import io.github.logstashasync.core.internal.capture.EventCapture;
import io.github.logstashasync.core.internal.queue.MemoryEventQueue;
import io.github.logstashasync.core.internal.queue.QueueException;
import io.github.logstashasync.core.internal.queue.QueuedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import net.logstash.logback.encoder.LogstashEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;

/**
 * Where the time of one event goes, stage by stage, each on one thread without the others competing: taking the
 * snapshot on the caller's thread, formatting the JSON document, one memory-queue cycle (append, claim, delete)
 * and the encoding into bytes for the socket; and, for the reference, logstash-logback-encoder's encoding.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class StageBenchmark {

    private static final int QUEUE_BATCH = 1000;

    /** Inputs of every stage, made once. */
    @State(Scope.Thread)
    public static class Inputs {
        LogstashFormatter formatter;
        LogEvent event;
        String document;
        List<String> documents;
        MemoryEventQueue queue;
        LogstashEncoder encoder;
        LoggingEvent referenceEvent;

        /** Builds the inputs. */
        @Setup
        public void setUp() {
            formatter = new LogstashFormatter();
            LogRecord record = record();
            event = EventCapture.capture(record, false);
            document = formatter.format(event);
            documents = Collections.nCopies(QUEUE_BATCH, document);
            queue = new MemoryEventQueue(QUEUE_BATCH * 2);
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            context.reset();
            encoder = new LogstashEncoder();
            encoder.setContext(context);
            encoder.start();
            ch.qos.logback.classic.Logger logger = context.getLogger("bench");
            referenceEvent = new LoggingEvent(ch.qos.logback.classic.Logger.class.getName(), logger,
                    ch.qos.logback.classic.Level.INFO, BenchEvent.MESSAGE, null, BenchEvent.structuredArguments());
            referenceEvent.prepareForDeferredProcessing();
        }

        /** Stops the encoder. */
        @TearDown
        public void tearDown() {
            encoder.stop();
        }
    }

    static LogRecord record() {
        LogRecord record = new LogRecord(Level.INFO, BenchEvent.MESSAGE);
        record.setLoggerName("bench");
        record.setParameters(new Object[] {BenchEvent.extras()});
        return record;
    }

    /** Caller thread: a new LogRecord with new extras, and its snapshot (what publish does before the hand-off). */
    @Benchmark
    public LogEvent ourCapture() {
        return EventCapture.capture(record(), false);
    }

    /** Persister thread: the JSON document of one event. */
    @Benchmark
    public String ourFormat(Inputs inputs) {
        return inputs.formatter.format(inputs.event);
    }

    /** Persister and sender threads: one event through the memory queue (append, claim, delete, in batches). */
    @Benchmark
    @OperationsPerInvocation(QUEUE_BATCH)
    public List<QueuedEvent> ourMemoryQueue(Inputs inputs) throws QueueException {
        inputs.queue.append(inputs.documents);
        List<QueuedEvent> claimed = inputs.queue.claim(QUEUE_BATCH, Duration.ofMinutes(2));
        inputs.queue.delete(claimed);
        return claimed;
    }

    /** Sender thread: a document's bytes for the socket, as the TCP transport encodes them. */
    @Benchmark
    public byte[] ourEncode(Inputs inputs) {
        return inputs.document.getBytes(StandardCharsets.UTF_8);
    }

    /** Reference: logstash-logback-encoder's JSON bytes of one event. */
    @Benchmark
    public byte[] referenceEncode(Inputs inputs) {
        return inputs.encoder.encode(inputs.referenceEvent);
    }
}
