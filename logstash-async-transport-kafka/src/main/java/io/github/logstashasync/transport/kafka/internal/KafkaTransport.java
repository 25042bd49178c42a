package io.github.logstashasync.transport.kafka.internal;

import io.github.logstashasync.api.spi.Transport;
import io.github.logstashasync.api.spi.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends each batch as records of one topic through one {@link KafkaProducer}, created at the first send and kept
 * between batches. A batch returns only when the producer has settled every record of it: {@code send} hands all
 * of them over, then {@link KafkaProducer#flush()} waits (at most the delivery timeout, which Kafka enforces per
 * record) and each record's future says what became of it.
 */
public final class KafkaTransport implements Transport {

    /** The fewest events a send takes when the worker holds that many (see {@link #maxBatchSize}). */
    static final int MIN_BATCH = 1_000;

    private final KafkaOptions options;
    private final Object lock = new Object();
    private volatile KafkaProducer<byte[], byte[]> producer;
    private volatile boolean closed;

    /** Creates the transport; the producer is created by the first send. */
    public KafkaTransport(KafkaOptions options) {
        this.options = options;
    }

    /**
     * At least {@value #MIN_BATCH} events per send, whatever the pipeline's {@code batchSize}: the producer packs
     * the records into requests by bytes ({@code batchBytes} per partition) on its own, and every send waits for
     * the cluster's confirmation once, so 50 events per send (the default {@code batchSize}) made that wait the
     * limit: 21,000 to 23,500 events/s in KafkaBenchmark on a local broker, where the producer alone did 350,000.
     */
    @Override
    public int maxBatchSize(int batchSize) {
        return Math.max(MIN_BATCH, batchSize);
    }

    @Override
    public void send(List<String> events, Rejections rejections) throws TransportException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before sending to " + destination());
        }
        KafkaProducer<byte[], byte[]> current = producer();
        List<Future<RecordMetadata>> futures = new ArrayList<>(events.size());
        RuntimeException stoppedBy = null;
        Outcome topicRefused = null;
        try {
            for (String event : events) {
                byte[] key = options.keys().none() ? null : options.keys().key(event);
                Future<RecordMetadata> future = current.send(new ProducerRecord<>(options.topic(), key,
                        event.getBytes(options.charset())));
                futures.add(future);
                if (future.isDone()) {
                    Outcome early = Outcome.of(future);
                    if (early.kind() == Outcome.Kind.UNCONFIRMED) {
                        // failed before it was even queued (no metadata within max.block.ms, a full buffer): every
                        // later record would wait as long; the rest of the batch stays queued and is sent again
                        break;
                    }
                    if (early.error() instanceof TopicAuthorizationException) {
                        // the topic's metadata was refused: so would it be for every later record of the batch (one
                        // topic, one user), each after a metadata request that Kafka backs off up to a second
                        topicRefused = early;
                        break;
                    }
                }
            }
            current.flush();
        } catch (InterruptException e) {
            // Kafka's unchecked form sets the flag again; the SPI's is the checked exception, with the flag clear
            Thread.interrupted();
            throw interrupted(e);
        } catch (KafkaException | IllegalStateException e) {
            stoppedBy = e;
        }
        settle(events.size(), futures, rejections, stoppedBy, topicRefused);
    }

    /**
     * Deletes, fails or keeps each record by its outcome; those after the last one handed to the producer share
     * {@code rest} when the topic was refused, else they stay queued ({@code stoppedBy}, when the producer failed).
     */
    private void settle(int size, List<Future<RecordMetadata>> futures, Rejections rejections,
            RuntimeException stoppedBy, Outcome rest) throws TransportException, InterruptedException {
        int delivered = 0;
        boolean gap = false;
        int unconfirmed = 0;
        Outcome first = null;
        Map<String, Integer> refusedReasons = new HashMap<>();
        for (int i = 0; i < size; i++) {
            Outcome outcome = i < futures.size() ? Outcome.of(futures.get(i))
                    : rest != null ? rest : new Outcome(Outcome.Kind.UNCONFIRMED, stoppedBy);
            switch (outcome.kind()) {
                case CONFIRMED -> {
                    if (!gap) {
                        delivered = i + 1;
                    }
                }
                case REFUSED -> {
                    rejections.reject(i, "Kafka refused the record for topic '" + options.topic() + "': "
                            + outcome.reason());
                    refusedReasons.merge(outcome.reason(), 1, Integer::sum);
                    if (!gap) {
                        delivered = i + 1;
                    }
                }
                default -> {
                    gap = true;
                    unconfirmed++;
                    if (first == null || (first.error() == null && outcome.error() != null)) {
                        first = outcome;
                    }
                }
            }
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while sending to " + destination());
        }
        if (!gap) {
            return;
        }
        Throwable cause = first.error() != null ? first.error() : stoppedBy;
        if (first.spoilsProducer() || stoppedBy != null) {
            discardProducer();
        }
        // records after the first unconfirmed one may have been confirmed, but the queue can only keep the tail
        // of a batch: they are sent again (at-least-once), unless idempotence already removed them broker-side
        throw new TransportException(destination() + " did not confirm " + unconfirmed + " of " + size
                + " records (" + delivered + " delivered before the first): "
                + (cause == null ? "not confirmed in time" : new Outcome(Outcome.Kind.UNCONFIRMED, cause).reason()),
                cause, true, delivered, null);
    }

    private KafkaProducer<byte[], byte[]> producer() throws TransportException {
        KafkaProducer<byte[], byte[]> current = producer;
        if (current != null) {
            return current;
        }
        synchronized (lock) {
            if (closed) {
                throw new TransportException("the kafka transport to " + destination() + " is closed", null);
            }
            if (producer == null) {
                try {
                    producer = new KafkaProducer<>(new HashMap<>(options.properties()), new ByteArraySerializer(),
                            new ByteArraySerializer());
                } catch (KafkaException e) {
                    // for example no bootstrap server that resolves (yet): the events wait in the queue
                    Throwable reason = e.getCause() != null ? e.getCause() : e;
                    throw new TransportException("cannot create the Kafka producer for " + destination() + ": "
                            + reason.getMessage(), e);
                }
            }
            return producer;
        }
    }

    /** Closes a producer that may be in a failed state at once; the next batch creates a new one. */
    private void discardProducer() {
        KafkaProducer<byte[], byte[]> current;
        synchronized (lock) {
            current = producer;
            producer = null;
        }
        if (current != null) {
            closeQuietly(current, Duration.ZERO);
        }
    }

    @Override
    public void close() {
        KafkaProducer<byte[], byte[]> current;
        synchronized (lock) {
            closed = true;
            current = producer;
            producer = null;
        }
        if (current != null) {
            closeQuietly(current, options.closeTimeout());
        }
    }

    private static void closeQuietly(KafkaProducer<byte[], byte[]> producer, Duration timeout) {
        try {
            producer.close(timeout);
        } catch (InterruptException e) {
            // close() never throws (Transport contract); keep the interrupt for whoever closes
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // nothing is left to deliver: send() returns only after every record was settled
        }
    }

    private String destination() {
        return "Kafka at " + options.bootstrapServers() + " (topic '" + options.topic() + "')";
    }

    private static InterruptedException interrupted(Exception cause) {
        InterruptedException e = new InterruptedException("interrupted while waiting for Kafka to confirm a batch");
        e.initCause(cause);
        return e;
    }

    @Override
    public String toString() {
        return "KafkaTransport[" + options.bootstrapServers() + ", topic=" + options.topic() + ", key=" + options.keys()
                + "]";
    }
}
