package io.nhp.contracttests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.nhp.contracts.Topic;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.contracts.serde.JsonSerde;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every topic of the registry, what its producers really write (their own code, serializer and headers) is
 * read by every consumer's real configuration: the Streams applications' serdes (their topologies are fed the
 * upstream producers' bytes in {@link ProducedRecords}), the plain consumers' registry serdes, and every
 * messaging channel as its service configures it and its method receives it. A consumer that cannot read its
 * producer's output fails the build.
 */
class TopicContractTest {

    private static final List<String> SERVICES = List.of("pricing-service", "device-registry", "job-broker",
            "economics-service", "report-service");
    private static final ProducedRecords PRODUCED = new ProducedRecords();
    private static final List<Channel> CHANNELS = Channel.all(Path.of("..").toAbsolutePath().normalize(), SERVICES);

    static Stream<Topic<String, ?>> topics() {
        return Topics.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void shouldHaveItsProducersOutputReadByItsOwnSerdes(Topic<String, ?> topic) {
        List<ConsumerRecord<byte[], byte[]>> written = PRODUCED.on(topic);

        assertThat(written).as("records a producer of %s wrote", topic).isNotEmpty();
        for (ConsumerRecord<byte[], byte[]> record : written) {
            assertThat(topic.read(record).value()).as("%s@%d read by the registry's serdes", topic, record.offset())
                    .isInstanceOf(topic.valueType());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void shouldHaveItsProducersOutputReadByEveryChannelThatConsumesIt(Topic<String, ?> topic) throws Exception {
        for (Channel channel : CHANNELS.stream().filter(c -> c.topic().equals(topic.name())).toList()) {
            for (ConsumerRecord<byte[], byte[]> record : PRODUCED.on(topic)) {
                assertThat(received(channel, topic, record)).as("%s reading %s@%d", channel, topic, record.offset())
                        .isEqualTo(topic.read(record).value());
            }
        }
    }

    @Test
    void shouldFindTheChannelsOfTheServicesOnRegisteredTopics() {
        assertThat(CHANNELS).extracting(Channel::toString).contains(
                "report-service channel 'savings' (nhp.economics.savings)",
                "report-service channel 'capacity' (nhp.economics.capacity)");
        assertThat(CHANNELS).allSatisfy(channel -> {
            assertThat(Topics.byName(channel.topic())).as("%s names a topic of the registry", channel).isPresent();
            assertThat(channel.parameter()).as("%s has an @Incoming method", channel).isNotNull();
        });
    }

    @Test
    void shouldCatchAChannelThatCannotReadTheSavingsCloudEvents() {
        // given the savings channel as it was configured when the partners' stream was silent: a JSON value
        // deserializer for SavingsEvent, and the connector's CloudEvents handling on (its default)
        var silent = new Channel("report-service", "savings", Topics.ECONOMICS_SAVINGS.name(), Map.of(
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", SavingsDeserializer.class.getName()), SavingsEvent.class);
        ConsumerRecord<byte[], byte[]> window = PRODUCED.on(Topics.ECONOMICS_SAVINGS).get(0);

        // when it reads what economics-service wrote
        Throwable failure = catchThrowable(() -> silent.receive(window));

        // then the record never reaches the method: the connector takes it for a structured CloudEvent and cannot
        // unpack a value that is already an object (this connector version fails with a ClassCastException)
        assertThat(failure).isInstanceOf(RuntimeException.class).hasMessageContaining("JsonObject");
    }

    /** What the channel's consumer ends up with: the event it was handed, or the bytes it decodes by the registry. */
    private static Object received(Channel channel, Topic<String, ?> topic, ConsumerRecord<byte[], byte[]> record)
            throws Exception {
        Object payload = channel.receive(record);
        if (payload instanceof ConsumerRecord<?, ?> consumed && consumed.value() instanceof byte[] bytes) {
            return topic.valueSerde().deserializer().deserialize(topic.name(), consumed.headers(), bytes);
        }
        if (payload instanceof ConsumerRecord<?, ?> consumed) {
            return consumed.value();
        }
        if (payload instanceof io.smallrye.reactive.messaging.kafka.Record<?, ?> keyed) {
            return keyed.value();
        }
        return payload;
    }

    /** The value deserializer the savings channel was configured with before. */
    public static class SavingsDeserializer extends JsonSerde.JsonDeserializer<SavingsEvent> {
        public SavingsDeserializer() {
            super(SavingsEvent.class);
        }
    }
}
