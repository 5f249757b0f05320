package io.nhp.contracts;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
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

    @Override
    public String toString() {
        return name;
    }
}
