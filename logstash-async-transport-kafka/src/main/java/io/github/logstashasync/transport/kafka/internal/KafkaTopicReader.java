package io.github.logstashasync.transport.kafka.internal;

import io.github.logstashasync.api.TransportSettings;
import io.github.logstashasync.api.spi.TransportException;
import io.github.logstashasync.api.spi.TransportReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic with a {@link KafkaConsumer} on every partition, without a consumer group (nothing committed):
 * from the beginning, or from the end as it was when the reader opened. A topic that does not exist yet, or
 * partitions added later, are picked up as they appear.
 */
public final class KafkaTopicReader implements TransportReader {

    private static final long PARTITION_CHECK_NANOS = Duration.ofSeconds(5).toNanos();

    private final ReaderOptions options;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final boolean fromBeginning;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private long nextPartitionCheck;

    private KafkaTopicReader(ReaderOptions options, boolean fromBeginning) {
        this.options = options;
        this.fromBeginning = fromBeginning;
        this.consumer = new KafkaConsumer<>(new HashMap<>(options.properties()), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /**
     * Opens a reader; with {@code fromBeginning} false, what the topic holds now is skipped.
     *
     * @throws io.github.logstashasync.api.InvalidOptionException naming an invalid option
     * @throws TransportException when the cluster cannot be reached within the socket timeout
     */
    public static KafkaTopicReader open(TransportSettings settings, boolean fromBeginning) throws TransportException {
        ReaderOptions options = ReaderOptions.parse(settings);
        KafkaTopicReader reader;
        try {
            reader = new KafkaTopicReader(options, fromBeginning);
        } catch (KafkaException e) {
            throw new TransportException("cannot create a Kafka consumer for " + options.bootstrapServers() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        try {
            reader.assignPartitions(settings.socketTimeout(), true);
        } catch (KafkaException e) {
            reader.close();
            throw new TransportException("cannot start reading " + reader.where() + ": " + e.getMessage(), e);
        } catch (TransportException | RuntimeException e) {
            reader.close();
            throw e;
        }
        return reader;
    }

    @Override
    public List<String> poll(Duration timeout) throws TransportException, InterruptedException {
        try {
            if (assigned.isEmpty() || System.nanoTime() - nextPartitionCheck > 0) {
                assignPartitions(timeout, false);
            }
            if (assigned.isEmpty()) {
                // no such topic yet: wait as a poll would
                Thread.sleep(Math.max(1, timeout.toMillis()));
                return List.of();
            }
            List<String> documents = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
                documents.add(new String(record.value() == null ? new byte[0] : record.value(), options.charset()));
            }
            return documents;
        } catch (InterruptException e) {
            Thread.interrupted();
            InterruptedException interrupted = new InterruptedException("interrupted while reading " + where());
            interrupted.initCause(e);
            throw interrupted;
        } catch (KafkaException e) {
            throw new TransportException("cannot read " + where() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Assigns the topic's partitions not assigned yet: at the start at the beginning or the end, later (partitions
     * added while reading) at the beginning, since everything in them arrived after the start.
     */
    private void assignPartitions(Duration timeout, boolean atOpen) throws TransportException {
        nextPartitionCheck = System.nanoTime() + PARTITION_CHECK_NANOS;
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(options.topic(), timeout);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            if (atOpen) {
                throw new TransportException("no answer from Kafka at " + options.bootstrapServers() + " within "
                        + timeout.toMillis() + " ms", e);
            }
            return;
        }
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo partition : partitions == null ? List.<PartitionInfo>of() : partitions) {
            TopicPartition topicPartition = new TopicPartition(options.topic(), partition.partition());
            if (assigned.add(topicPartition)) {
                added.add(topicPartition);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        consumer.assign(new ArrayList<>(assigned));
        if (fromBeginning || !atOpen) {
            consumer.seekToBeginning(added);
        } else {
            consumer.seekToEnd(added);
            // resolve the end now: the seek is lazy, and a record written before the first poll would be skipped
            for (TopicPartition partition : added) {
                consumer.position(partition, timeout);
            }
        }
    }

    private String where() {
        return "topic '" + options.topic() + "' of Kafka at " + options.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            // nothing was committed: nothing to lose
        }
    }
}
