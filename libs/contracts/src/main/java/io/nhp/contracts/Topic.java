package io.nhp.contracts;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One Kafka topic with everything needed to create, produce to and consume from it: name, key and value serdes,
 * partition count, cleanup policy and retention. Declared once in {@link Topics}; every service and test imports it.
 */
public record Topic<K, V>(
        String name,
        Serde<K> keySerde,
        Serde<V> valueSerde,
        Class<V> valueType,
        int partitions,
        Cleanup cleanup,
        Duration retention) {

    /** How the broker discards old records. */
    public enum Cleanup {
        /** Latest value per key is kept forever: state and reference data. */
        COMPACT,
        /** Records older than the retention are deleted: event streams. */
        DELETE
    }

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(cleanup, "cleanup");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition, got " + partitions);
        }
        if (cleanup == Cleanup.DELETE && retention == null) {
            throw new IllegalArgumentException("topic " + name + " deletes old records, so it needs a retention");
        }
    }

    /** Topic-level broker configuration used when the topic is created. */
    public Map<String, String> configs() {
        return switch (cleanup) {
            case COMPACT -> Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            case DELETE -> Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
        };
    }

    /**
     * A raw record of this topic, decoded; empty when its key or value cannot be read (a poison record, which
     * readers skip rather than stop at).
     */
    public Optional<ConsumerRecord<K, V>> decode(ConsumerRecord<byte[], byte[]> raw) {
        try {
            K key = keySerde.deserializer().deserialize(raw.topic(), raw.key());
            V value = valueSerde.deserializer().deserialize(raw.topic(), raw.value());
            return Optional.of(new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(),
                    raw.timestampType(), raw.serializedKeySize(), raw.serializedValueSize(), key, value,
                    raw.headers(), raw.leaderEpoch()));
        } catch (SerializationException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
