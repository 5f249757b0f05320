package io.nhp.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every committed record of a topic from the beginning up to its end as of the call: how a service
 * rebuilds its state from a compacted topic at start-up, without joining a consumer group. Unreadable records
 * are skipped with a warning, or handed to the caller, which may refuse to go on without them.
 */
public final class TopicSnapshot {

    private static final System.Logger LOG = System.getLogger(TopicSnapshot.class.getName());

    private TopicSnapshot() {
    }

    /** A record that could not be read: where it is, its key as text (null if it had none) and why. */
    public record Unreadable(String topic, int partition, long offset, String key, String reason) {
        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset + " (key " + key + "): " + reason;
        }
    }

    /** The records in offset order per partition, or an {@link IllegalStateException} after the timeout. */
    public static <V> List<ConsumerRecord<String, V>> read(String bootstrapServers, Topic<String, V> topic,
                                                          Duration timeout) {
        return read(bootstrapServers, topic, timeout, unreadable -> LOG.log(System.Logger.Level.WARNING,
                "skipping unreadable record {0}", unreadable));
    }

    /**
     * The readable records in offset order per partition; each unreadable one is told to {@code unreadable}
     * instead (with where it is and why), in the order met. An {@link IllegalStateException} after the timeout.
     */
    public static <V> List<ConsumerRecord<String, V>> read(String bootstrapServers, Topic<String, V> topic,
                                                          Duration timeout, Consumer<Unreadable> unreadable) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> raw : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        records.add(topic.read(raw));
                    } catch (SerializationException e) {
                        unreadable.accept(new Unreadable(raw.topic(), raw.partition(), raw.offset(),
                                raw.key() == null ? null : new String(raw.key(), StandardCharsets.UTF_8), e.getMessage()));
                    }
                }
            }
        }
        return records;
    }
}
