package io.nhp.contracts;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One Kafka topic with everything needed to create, produce to and consume from it: name, key and value serdes,
 * partition count, cleanup policy, retention and the content type its records declare in a header (null: plain JSON,
 * no header). Declared once in {@link Topics}; every service and test imports it. A Kafka Streams topology takes its
 * edges from here ({@link #consumed()}, {@link #produced()}, {@link #materialized(String)}), so no edge of a topic
 * is read or written with other serdes than the topic's.
 */
public record Topic<K, V>(
        String name,
        Serde<K> keySerde,
        Serde<V> valueSerde,
        Class<V> valueType,
        int partitions,
        Cleanup cleanup,
        Duration retention,
        String contentType) {

    /** The Kafka header naming a record's content type (CloudEvents Kafka protocol binding). */
    public static final String CONTENT_TYPE = "content-type";

    /** How the broker discards old records. */
    public enum Cleanup {
        /** Latest value per key is kept forever: state and reference data. */
        COMPACT,
        /** Records older than the retention are deleted: event streams. */
        DELETE,
        /** Latest value per key is kept, and segments older than the retention are deleted: state whose keys end. */
        COMPACT_DELETE
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
        if (cleanup != Cleanup.COMPACT && retention == null) {
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
            case COMPACT_DELETE -> Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
        };
    }

    /**
     * The headers every record of this topic carries: its {@code content-type} when it is not plain JSON (the
     * savings topic's structured CloudEvents), none otherwise. Every producer of the topic sends them with
     * each record.
     */
    public Headers headers() {
        RecordHeaders headers = new RecordHeaders();
        if (contentType != null) {
            headers.add(CONTENT_TYPE, contentType.getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    /** Kafka Streams' source of this topic: {@code builder.stream(topic.name(), topic.consumed())}. */
    public Consumed<K, V> consumed() {
        return Consumed.with(keySerde, valueSerde);
    }

    /** Kafka Streams' sink to this topic: {@code stream.to(topic.name(), topic.produced())}. */
    public Produced<K, V> produced() {
        return Produced.with(keySerde, valueSerde);
    }

    /** A key-value store named {@code store} holding this topic's records, as a table of it keeps them. */
    public Materialized<K, V, KeyValueStore<Bytes, byte[]>> materialized(String store) {
        return Materialized.<K, V, KeyValueStore<Bytes, byte[]>>as(store).withKeySerde(keySerde).withValueSerde(valueSerde);
    }

    /**
     * A raw record of this topic, decoded by the topic's serdes.
     *
     * @throws SerializationException when its key or value cannot be read (a poison record), with the reason
     */
    public ConsumerRecord<K, V> read(ConsumerRecord<byte[], byte[]> raw) {
        K key = keySerde.deserializer().deserialize(raw.topic(), raw.headers(), raw.key());
        V value = valueSerde.deserializer().deserialize(raw.topic(), raw.headers(), raw.value());
        return new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(),
                raw.timestampType(), raw.serializedKeySize(), raw.serializedValueSize(), key, value,
                raw.headers(), raw.leaderEpoch());
    }

    /**
     * A raw record of this topic, decoded; empty when its key or value cannot be read (a poison record, which
     * readers skip rather than stop at).
     */
    public Optional<ConsumerRecord<K, V>> decode(ConsumerRecord<byte[], byte[]> raw) {
        try {
            return Optional.of(read(raw));
        } catch (SerializationException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
