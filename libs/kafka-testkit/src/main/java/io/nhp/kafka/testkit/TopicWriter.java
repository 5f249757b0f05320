package io.nhp.kafka.testkit;

import io.nhp.contracts.Topic;
import java.util.Collections;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records to a platform topic in a test as its producers do (the topic's serdes and headers), each
 * acknowledged by the broker before the call returns.
 */
public final class TopicWriter {

    private TopicWriter() {
    }

    public static <V> void send(String bootstrapServers, Topic<String, V> topic, Map<String, V> records) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            for (var record : records.entrySet()) {
                producer.send(new ProducerRecord<>(topic.name(), null, record.getKey(), record.getValue(), topic.headers())).get();
            }
        } catch (Exception e) {
            throw new AssertionError("cannot produce to " + topic.name(), e);
        }
    }

    public static <V> void send(String bootstrapServers, Topic<String, V> topic, String key, V value) {
        send(bootstrapServers, topic, Collections.singletonMap(key, value));
    }
}
