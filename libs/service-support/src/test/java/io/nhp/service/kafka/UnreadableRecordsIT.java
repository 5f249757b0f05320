package io.nhp.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nhp.contracts.Topic;
import io.nhp.contracts.Topic.Cleanup;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.contracts.serde.JsonSerde;
import io.nhp.kafka.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a plain consumer reads a platform topic, on a real broker: records are written, read back as raw bytes by a
 * real consumer and handed to {@link UnreadableRecords}; a record it cannot read is on {@code nhp.deadletter} with
 * its place, the reason and its bytes as they came, counted, and the consumer gets nothing for it.
 */
class UnreadableRecordsIT {

    private static final Duration WAIT = TestStreams.WAIT;
    private static final String SERVICE = "unreadable-it";

    /** Shaped like a platform event: what the topic's JSON serde reads. */
    record Reading(String deviceId, int batteryPct) {
    }

    private final TestStreams kafka = new TestStreams("unreadable");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EventPublisher publisher = new EventPublisher(kafka.bootstrap, SERVICE, meters);
    private final UnreadableRecords records = new UnreadableRecords(SERVICE, publisher);

    @BeforeEach
    void countOnATestRegistry() {
        Metrics.addRegistry(meters);
    }

    @AfterEach
    void tearDown() {
        Metrics.removeRegistry(meters);
        publisher.close();
    }

    @Test
    void shouldHandBackARecordItCanReadDecodedByTheTopicsSerdes() throws Exception {
        // given a readable record on the topic
        Topic<String, Reading> topic = topic(kafka.topic("readable"));
        kafka.send(topic.name(), "d-1", "{\"deviceId\":\"d-1\",\"batteryPct\":80}");

        // when the consumer reads it
        var read = records.read(topic, rawRecords(topic.name(), 1).get(0));

        // then it is decoded, and nothing is counted as unreadable
        assertThat(read).hasValueSatisfying(record -> {
            assertThat(record.key()).isEqualTo("d-1");
            assertThat(record.value()).isEqualTo(new Reading("d-1", 80));
            assertThat(record.offset()).isZero();
        });
        assertThat(unreadable(topic.name())).isZero();
    }

    @Test
    void shouldDeadLetterARecordItCannotReadWithItsPlaceReasonAndTextCountItAndGoOn() throws Exception {
        // given a record cut short, then a readable one
        Topic<String, Reading> topic = topic(kafka.topic("cut-short"));
        String poison = "{\"deviceId\":\"d-1\",\"batter";
        kafka.send(topic.name(), "d-1", poison);
        kafka.send(topic.name(), "d-2", "{\"deviceId\":\"d-2\",\"batteryPct\":55}");
        List<ConsumerRecord<byte[], byte[]>> raw = rawRecords(topic.name(), 2);

        // when the consumer reads both
        var first = records.read(topic, raw.get(0));
        var second = records.read(topic, raw.get(1));

        // then it gets nothing for the first, the second as written, and the first is counted
        assertThat(first).isEmpty();
        assertThat(second.orElseThrow().value()).isEqualTo(new Reading("d-2", 55));
        assertThat(unreadable(topic.name())).isEqualTo(1.0);
        // and the dead letter (key = the source topic) says where it was, why, and holds the bytes as they came
        DeadLetterEvent letter = deadLetter(topic.name());
        assertThat(letter).extracting(DeadLetterEvent::service, DeadLetterEvent::sourceTopic, DeadLetterEvent::partition,
                        DeadLetterEvent::offset, DeadLetterEvent::key, DeadLetterEvent::value, DeadLetterEvent::valueBase64)
                .containsExactly(SERVICE, topic.name(), 0, 0L, "d-1", poison, false);
        assertThat(letter.reason()).isNotBlank().doesNotContain("\tat ");
    }

    @Test
    void shouldKeepBytesThatAreNotTextInBase64() throws Exception {
        // given a record whose value is not even UTF-8
        Topic<String, Reading> topic = topic(kafka.topic("binary"));
        byte[] poison = {(byte) 0xC3, 0x28, (byte) 0xFF, 0x00, 0x7B};
        kafka.send(topic.name(), "d-9", poison);

        // when the consumer reads it
        var read = records.read(topic, rawRecords(topic.name(), 1).get(0));

        // then the dead letter holds exactly those bytes, marked as Base64
        assertThat(read).isEmpty();
        DeadLetterEvent letter = deadLetter(topic.name());
        assertThat(letter.valueBase64()).isTrue();
        assertThat(Base64.getDecoder().decode(letter.value())).containsExactly(poison);
    }

    /** A test topic read with the platform's JSON serdes, as a platform topic is. */
    private static Topic<String, Reading> topic(String name) {
        return new Topic<>(name, Serdes.String(), new JsonSerde<>(Reading.class), Reading.class, 1, Cleanup.DELETE,
                Duration.ofHours(1), null);
    }

    /** The first {@code count} records of the topic as a plain consumer polls them: bytes. */
    private List<ConsumerRecord<byte[], byte[]>> rawRecords(String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> raw = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "raw-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(raw::add);
                return raw.size() >= count;
            });
        }
        return raw;
    }

    /** The dead letter of a record of {@code sourceTopic}, once a real consumer of nhp.deadletter sees it. */
    private DeadLetterEvent deadLetter(String sourceTopic) {
        return TopicReader.awaitRecord(kafka.bootstrap, Topics.DEAD_LETTER, r -> sourceTopic.equals(r.key()), WAIT).value();
    }

    private double unreadable(String topic) {
        var counter = meters.find(UnreadableRecords.METRIC).tags("service", SERVICE, "topic", topic).counter();
        return counter == null ? 0.0 : counter.count();
    }
}
