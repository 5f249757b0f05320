package io.nhp.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nhp.contracts.Topic;
import io.nhp.contracts.Topic.Cleanup;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.HeartbeatSerde;
import io.nhp.contracts.events.NetworkType;
import io.nhp.contracts.serde.CompactSerde;
import io.nhp.contracts.serde.JsonSerde;
import io.nhp.kafka.testkit.TopicReader;
import io.nhp.service.Problem;
import io.nhp.service.ProblemMappers;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The publisher every service sends its events with, on a real broker: the Uni completes only once the broker has
 * the record, keyed, in the topic's own form (its serde's: JSON, or binary), with the topic's headers; it fails with
 * Kafka's reason when the record cannot be written; closing it delivers what is still in flight.
 */
class EventPublisherIT {

    private static final Duration WAIT = TestStreams.WAIT;
    private static final String CLOUDEVENTS = "application/cloudevents+json; charset=UTF-8";

    private final TestStreams kafka = new TestStreams("publisher");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EventPublisher publisher = new EventPublisher(kafka.bootstrap, "publisher-it", meters);

    @AfterEach
    void closePublisher() {
        publisher.close();
    }

    @Test
    void shouldCompleteOnceTheBrokerHasTheEventKeyedAsTheTopicsJson() throws Exception {
        // given a topic of plain JSON heartbeats
        Topic<String, HeartbeatEvent> topic = topic(kafka.topic("heartbeats"), null);
        HeartbeatEvent beat = heartbeat("d-1");

        // when an event is published and the Uni has completed
        RecordMetadata metadata = publisher.publish(topic, "d-1", beat).await().atMost(WAIT);

        // then the broker has it at the place the Uni names, and a reader gets the same event under that key
        assertThat(metadata.topic()).isEqualTo(topic.name());
        assertThat(metadata.offset()).isZero();
        ConsumerRecord<String, HeartbeatEvent> read = TopicReader.awaitRecord(kafka.bootstrap, topic, r -> true, WAIT);
        assertThat(read.key()).isEqualTo("d-1");
        assertThat(read.value()).isEqualTo(beat);
        assertThat(read.headers().toArray()).as("plain JSON carries no content-type").isEmpty();
        // and the producer's own metrics are on the service's registry
        assertThat(meters.find("kafka.producer.record.send.total").functionCounters()).isNotEmpty();
    }

    @Test
    void shouldWriteEachTopicInItsOwnFormBinaryOnesIncluded() throws Exception {
        // given a topic whose values are binary, as heartbeats are on nhp.devices.heartbeats
        String name = kafka.topic("binary");
        Topic<String, HeartbeatEvent> topic = new Topic<>(name, Serdes.String(), new HeartbeatSerde(),
                HeartbeatEvent.class, 1, Cleanup.DELETE, Duration.ofHours(1), null);
        HeartbeatEvent beat = heartbeat("d-1");

        // when an event is published
        publisher.publish(topic, "d-1", beat).await().atMost(WAIT);

        // then its bytes on the topic are the topic's serde's (not JSON), and read back as the event
        byte[] bytes = TopicReader.awaitRecord(kafka.bootstrap, TopicReader.bytesOf(topic), r -> true, WAIT).value();
        assertThat(bytes[0]).isEqualTo(CompactSerde.FORMAT);
        assertThat(topic.valueSerde().deserializer().deserialize(name, bytes)).isEqualTo(beat);
    }

    @Test
    void shouldSendTheTopicsContentTypeHeaderWithEveryRecord() throws Exception {
        // given a topic whose records declare their content type (as nhp.economics.savings does)
        Topic<String, HeartbeatEvent> topic = topic(kafka.topic("cloudevents"), CLOUDEVENTS);

        // when two events are published
        publisher.publish(topic, "d-1", heartbeat("d-1")).await().atMost(WAIT);
        publisher.publish(topic, "d-2", heartbeat("d-2")).await().atMost(WAIT);

        // then each carries the header
        for (String key : new String[] {"d-1", "d-2"}) {
            var read = TopicReader.awaitRecord(kafka.bootstrap, topic, r -> key.equals(r.key()), WAIT);
            assertThat(read.headers().toArray()).singleElement().satisfies(header -> {
                assertThat(header.key()).isEqualTo(Topic.CONTENT_TYPE);
                assertThat(new String(header.value(), StandardCharsets.UTF_8)).isEqualTo(CLOUDEVENTS);
            });
        }
    }

    @Test
    void shouldFailWithKafkasReasonWhenTheRecordCannotBeWritten() throws Exception {
        // given an event larger than a request may be (1 MiB): no broker takes it
        Topic<String, HeartbeatEvent> topic = topic(kafka.topic("large"), null);
        HeartbeatEvent huge = heartbeat("x".repeat(1_200_000));

        // when it is published
        Throwable failure = catchThrowable(() -> publisher.publish(topic, "d-huge", huge).await().atMost(WAIT));

        // then the Uni fails with the reason, rather than completing
        assertThat(failure).isInstanceOf(RecordTooLargeException.class);
        // and a client on an HTTP path is told 413 (a retry would be refused again), not a 500 or a 503
        Response answer = new ProblemMappers().tooLargeForKafka((RecordTooLargeException) failure);
        assertThat(answer.getStatus()).isEqualTo(413);
        assertThat(answer.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(answer.getHeaderString("Retry-After")).isNull();
    }

    @Test
    void shouldDeliverWhatIsInFlightWhenClosed() throws Exception {
        // given events published but not awaited (the producer batches them for a few milliseconds)
        Topic<String, HeartbeatEvent> topic = topic(kafka.topic("shutdown"), null);
        List<Uni<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Uni<RecordMetadata> memoized = publisher.publish(topic, "d-" + i, heartbeat("d-" + i)).memoize().indefinitely();
            memoized.subscribe().with(ok -> { }, error -> { });
            sent.add(memoized);
        }

        // when the application stops
        publisher.close(); // closing again after the test is harmless

        // then every one was acknowledged, and the last is on the topic
        for (Uni<RecordMetadata> uni : sent) {
            assertThat(uni.await().atMost(WAIT).topic()).isEqualTo(topic.name());
        }
        assertThat(TopicReader.awaitRecord(kafka.bootstrap, topic, r -> "d-19".equals(r.key()), WAIT).offset())
                .isEqualTo(19);
    }

    /** A test topic of heartbeats, with the platform's JSON serdes and this content type (null: plain JSON). */
    private static Topic<String, HeartbeatEvent> topic(String name, String contentType) {
        return new Topic<>(name, Serdes.String(), new JsonSerde<>(HeartbeatEvent.class), HeartbeatEvent.class, 1,
                Cleanup.DELETE, Duration.ofHours(1), contentType);
    }

    private static HeartbeatEvent heartbeat(String deviceId) {
        Instant at = Instant.parse("2026-07-01T10:00:00Z");
        return new HeartbeatEvent(UUID.randomUUID().toString(), at, at, deviceId, "xiaomi", true, 80, 31.5,
                NetworkType.WIFI, true, null, null);
    }
}
