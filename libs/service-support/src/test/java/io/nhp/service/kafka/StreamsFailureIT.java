package io.nhp.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.kafka.testkit.TopicReader;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.ValueMapper;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams clients configured as the services configure theirs, failing for real on a real broker: a record a
 * processor throws on or refuses ({@link DeadLetters}, in its transaction), or one it cannot read, is dead-lettered
 * and the next one processed; readiness follows the client's state, including when the global store thread dies.
 */
class StreamsFailureIT {

    private static final Duration WAIT = TestStreams.WAIT;

    private final TestStreams streams = new TestStreams("streams-failure");
    private final String bootstrap = streams.bootstrap;
    private final String run = streams.run;

    @AfterEach
    void closeClients() {
        streams.close();
    }

    @Test
    void shouldDeadLetterARecordAProcessorThrowsOnAndGoOnWithTheNext() throws Exception {
        // given a running client whose processor throws on "boom", with the handler configured by property
        String input = streams.topic("input");
        String output = streams.topic("output");
        KafkaStreams client = pipeline("pipeline", input, Serdes.String(), value -> {
            if (value.equals("boom")) {
                throw new IllegalStateException("cannot price " + value);
            }
            return value.toUpperCase();
        }, output);

        // when a record it throws on comes first, then a good one, on the same partition
        streams.send(input, "k-boom-" + run, "boom");
        streams.send(input, "k-fine-" + run, "fine");

        // then the bad one is on the dead letters with where and why, as it was read
        DeadLetterEvent letter = deadLetter("k-boom-" + run);
        assertThat(letter).extracting(DeadLetterEvent::service, DeadLetterEvent::sourceTopic, DeadLetterEvent::partition,
                DeadLetterEvent::offset, DeadLetterEvent::value)
                .containsExactly(streams.applicationId("pipeline"), input, 0, 0L, "boom");
        assertThat(letter.reason()).startsWith("processor KSTREAM-MAPVALUES-")
                .endsWith("failed on " + input + "-0@0: IllegalStateException: cannot price boom");
        // and the good one went through, and the client is still running and ready
        assertThat(streams.readAll(output)).containsExactly("FINE");
        assertThat(client.state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(new StreamsReadiness(client).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void shouldCommitTheLetterOfARecordItsProcessorRefusesWithItsPlaceAndGoOnWithTheNext() throws Exception {
        // given a running client (exactly once) whose processor refuses "refused" through its own dead letters
        String input = streams.topic("orders");
        String output = streams.topic("accepted");
        String service = streams.applicationId("refusing");
        DeadLetters deadLetters = DeadLetters.of(service, "check");
        Topology topology = new Topology();
        topology.addSource("orders", Serdes.String().deserializer(), Serdes.String().deserializer(), input);
        topology.addProcessor("check", () -> new Processor<String, String, String, String>() {
            private ProcessorContext<String, String> context;

            @Override
            public void init(ProcessorContext<String, String> context) {
                this.context = context;
            }

            @Override
            public void process(Record<String, String> record) {
                if (record.value().equals("refused")) {
                    deadLetters.forward(context, input, record.key(), record.value(), "no price for " + record.value());
                } else {
                    context.forward(record.withValue(record.value().toUpperCase()), "accepted");
                }
            }
        }, "orders");
        topology.addSink("accepted", output, Serdes.String().serializer(), Serdes.String().serializer(), "check");
        KafkaStreams client = streams.start(deadLetters.addTo(topology), "refusing");

        // when a record it refuses comes first, then a good one, on the same partition
        streams.send(input, "k-refused-" + run, "refused");
        streams.send(input, "k-fine-" + run, "fine");

        // then a reader of committed records finds the letter, keyed by its topic, with its place, value and reason
        var letter = TopicReader.awaitRecord(bootstrap, Topics.DEAD_LETTER,
                r -> ("k-refused-" + run).equals(r.value().key()), WAIT);
        assertThat(letter.key()).isEqualTo(input);
        assertThat(letter.value()).extracting(DeadLetterEvent::service, DeadLetterEvent::sourceTopic,
                        DeadLetterEvent::partition, DeadLetterEvent::offset, DeadLetterEvent::value, DeadLetterEvent::reason)
                .containsExactly(service, input, 0, 0L, "\"refused\"", "no price for refused");
        // and only the good one went on, by a client still running
        assertThat(streams.readAll(output)).containsExactly("FINE");
        assertThat(client.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    @Test
    void shouldDeadLetterARecordItCannotReadWithItsPlaceAndBytesCountItAndGoOnWithTheNext() throws Exception {
        // given a running client reading 4-byte integers, the deserialization handler configured by property
        String input = streams.topic("numbers");
        String output = streams.topic("read");
        KafkaStreams client = pipeline("reader", input, Serdes.Integer(), number -> "n=" + number, output);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Metrics.addRegistry(meters);
        try {
            // when three bytes come first, then a whole integer
            streams.send(input, "k-short-" + run, new byte[] {'a', 'b', 'c'});
            streams.send(input, "k-whole-" + run, new byte[] {0, 0, 0, 7});

            // then the unreadable one is on the dead letters, as it came, with where and why
            DeadLetterEvent letter = deadLetter("k-short-" + run);
            assertThat(letter).extracting(DeadLetterEvent::service, DeadLetterEvent::sourceTopic,
                    DeadLetterEvent::partition, DeadLetterEvent::offset, DeadLetterEvent::value)
                    .containsExactly(streams.applicationId("reader"), input, 0, 0L, "abc");
            assertThat(letter.reason()).contains("IntegerDeserializer");
            assertThat(meters.counter(UnreadableRecords.METRIC, "service", streams.applicationId("reader"), "topic", input)
                    .count()).isEqualTo(1);
            // and the next one was read, by a client still running
            assertThat(streams.readAll(output)).containsExactly("n=7");
            assertThat(client.state()).isEqualTo(KafkaStreams.State.RUNNING);
        } finally {
            Metrics.removeRegistry(meters);
        }
    }

    @Test
    void shouldBeReadyOnlyWhileTheClientRuns() throws Exception {
        // given a client not started yet
        String input = streams.topic("input");
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String())).foreach((key, value) -> { });
        KafkaStreams client = streams.client(builder.build(), "lifecycle", new Properties());
        StreamsReadiness readiness = new StreamsReadiness(client);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

        // when it runs, it is ready
        client.start();
        await().atMost(WAIT).until(() -> client.state() == KafkaStreams.State.RUNNING);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        // and once closed it is not
        client.close(Duration.ofSeconds(10));
        HealthCheckResponse closed = readiness.call();
        assertThat(closed.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(closed.getData().orElseThrow()).containsEntry("state", "NOT_RUNNING");
    }

    @Test
    void shouldNotBeReadyOnceTheGlobalStoreThreadHasDied() throws Exception {
        // given a running client with a global store whose processor throws on "boom" (Kafka Streams 4.1 hands no
        // global-store failure to a processing exception handler: the global thread dies)
        String reference = streams.topic("reference");
        Topology topology = new Topology();
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("items"), Serdes.String(),
                        Serdes.String()).withLoggingDisabled(), "reference-source",
                Serdes.String().deserializer(), Serdes.String().deserializer(), reference, "reference-update",
                () -> new Processor<String, String, Void, Void>() {
                    private KeyValueStore<String, String> items;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        items = context.getStateStore("items");
                    }

                    @Override
                    public void process(Record<String, String> record) {
                        if (record.value().equals("boom")) {
                            throw new IllegalStateException("cannot store " + record.value());
                        }
                        items.put(record.key(), record.value());
                    }
                });
        KafkaStreams client = streams.start(topology, "global");
        StreamsReadiness readiness = new StreamsReadiness(client);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        // when the global store thread meets the record it throws on
        streams.send(reference, "item", "boom");

        // then the client closes to ERROR and readiness says so
        await().atMost(WAIT).until(() -> client.state() == KafkaStreams.State.ERROR);
        HealthCheckResponse response = readiness.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow()).containsEntry("state", "ERROR");
    }

    /** A running client reading {@code input}'s values with {@code values} and writing {@code map}'s text to {@code output}. */
    private <V> KafkaStreams pipeline(String name, String input, Serde<V> values, ValueMapper<V, String> map,
                                      String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), values))
                .mapValues(map)
                .to(output, Produced.with(Serdes.String(), Serdes.String()));
        return streams.start(builder.build(), name);
    }

    /** The dead letter of the source record with this key, once it is there. */
    private DeadLetterEvent deadLetter(String key) {
        return TopicReader.awaitRecord(bootstrap, Topics.DEAD_LETTER, r -> key.equals(r.value().key()), WAIT).value();
    }
}
