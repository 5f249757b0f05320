package io.nhp.contracttests;

import io.nhp.contracts.Topic;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.test.TestRecord;

/** Records as they are on the wire: bytes, headers and a place in a partition. */
final class Wire {

    private static final StringSerializer KEYS = new StringSerializer();

    private Wire() {
    }

    /**
     * What a plain producer of the platform puts on {@code topic}: the key as a string, the value through the topic's
     * own serde (JSON, or the compact binary form of the topics that have one), and the topic's headers
     * (EventPublisher and job-broker's JobStore send exactly these).
     */
    @SuppressWarnings("unchecked")
    static ConsumerRecord<byte[], byte[]> published(Topic<String, ?> topic, String key, Object value, long offset) {
        Headers headers = topic.headers();
        Serializer<Object> values = (Serializer<Object>) topic.valueSerde().serializer();
        return raw(topic.name(), offset, System.currentTimeMillis(), KEYS.serialize(topic.name(), key),
                values.serialize(topic.name(), headers, value), headers);
    }

    /** A record a topology wrote, as a consumer of its topic receives it. */
    static ConsumerRecord<byte[], byte[]> written(String topic, TestRecord<byte[], byte[]> record, long offset) {
        return raw(topic, offset, record.timestamp(), record.key(), record.value(), record.headers());
    }

    private static ConsumerRecord<byte[], byte[]> raw(String topic, long offset, long timestamp, byte[] key,
                                                      byte[] value, Headers headers) {
        return new ConsumerRecord<>(topic, 0, offset, timestamp, TimestampType.CREATE_TIME,
                key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, headers, Optional.empty());
    }
}
