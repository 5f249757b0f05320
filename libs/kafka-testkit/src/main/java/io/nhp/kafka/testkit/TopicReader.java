package io.nhp.kafka.testkit;

import io.nhp.contracts.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;

/** Reads a platform topic from the beginning in a test, with a bounded wait. */
public final class TopicReader {

    private TopicReader() {
    }

    /** The topic's values as the bytes on the wire: to check the form a producer wrote them in. */
    public static Topic<String, byte[]> bytesOf(Topic<String, ?> topic) {
        return new Topic<>(topic.name(), Serdes.String(), Serdes.ByteArray(), byte[].class, topic.partitions(),
                topic.cleanup(), topic.retention(), topic.contentType());
    }

    /**
     * The first record (from the beginning of the topic) that matches, or an {@link AssertionError} naming what
     * was seen if none arrives within the timeout.
     */
    public static <V> ConsumerRecord<String, V> awaitRecord(String bootstrapServers, Topic<String, V> topic,
                                                            Predicate<ConsumerRecord<String, V>> match,
                                                            Duration timeout) {
        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> raw : consumer.poll(Duration.ofMillis(200))) {
                    var readable = topic.decode(raw);
                    if (readable.isEmpty()) {
                        continue; // a poison record, as some tests write on purpose
                    }
                    var record = readable.get();
                    if (match.test(record)) {
                        return record;
                    }
                    seen.add(record.key());
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within " + timeout + "; keys seen: " + seen);
    }
}
