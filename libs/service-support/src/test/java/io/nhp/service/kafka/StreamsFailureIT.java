package io.nhp.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeadLetterEvent;
import io.nhp.kafka.testkit.SharedKafka;
import io.nhp.kafka.testkit.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
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
 * processor throws on is dead-lettered and the next one processed; readiness follows the client's state, including
 * when the global store thread dies.
 */
class StreamsFailureIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String bootstrap = SharedKafka.bootstrapServers();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<KafkaStreams> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(client -> client.close(Duration.ofSeconds(10)));
    }

    @Test
    void shouldDeadLetterARecordAProcessorThrowsOnAndGoOnWithTheNext() throws Exception {
        // given a running client whose processor throws on "boom", with the handler configured by property
        String input = topic("input");
        String output = topic("output");
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(value -> {
                    if (value.equals("boom")) {
                        throw new IllegalStateException("cannot price " + value);
                    }
                    return value.toUpperCase();
                })
                .to(output, Produced.with(Serdes.String(), Serdes.String()));
        KafkaStreams streams = start(builder.build(), "pipeline");

        // when a record it throws on comes first, then a good one, on the same partition
        send(input, "k-boom-" + run, "boom");
        send(input, "k-fine-" + run, "fine");

        // then the bad one is on the dead letters with where and why, as it was read
        DeadLetterEvent letter = TopicReader.awaitRecord(bootstrap, Topics.DEAD_LETTER,
                r -> ("k-boom-" + run).equals(r.value().key()), WAIT).value();
        assertThat(letter.service()).isEqualTo(applicationId("pipeline"));
        assertThat(letter.sourceTopic()).isEqualTo(input);
        assertThat(letter.partition()).isZero();
        assertThat(letter.offset()).isZero();
        assertThat(letter.value()).isEqualTo("boom");
        assertThat(letter.reason()).startsWith("processor KSTREAM-MAPVALUES-")
                .endsWith("failed on " + input + "-0@0: IllegalStateException: cannot price boom");
        // and the good one went through, and the client is still running and ready
        assertThat(readAll(output)).containsExactly("FINE");
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(new StreamsReadiness(streams).call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void shouldBeReadyOnlyWhileTheClientRuns() throws Exception {
        // given a client not started yet
        String input = topic("input");
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String())).foreach((key, value) -> { });
        KafkaStreams streams = client(builder.build(), "lifecycle");
        StreamsReadiness readiness = new StreamsReadiness(streams);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

        // when it runs, it is ready
        streams.start();
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        // and once closed it is not
        streams.close(Duration.ofSeconds(10));
        HealthCheckResponse closed = readiness.call();
        assertThat(closed.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(closed.getData().orElseThrow()).containsEntry("state", "NOT_RUNNING");
    }

    @Test
    void shouldNotBeReadyOnceTheGlobalStoreThreadHasDied() throws Exception {
        // given a running client with a global store whose processor throws on "boom" (Kafka Streams 4.1 hands no
        // global-store failure to a processing exception handler: the global thread dies)
        String reference = topic("reference");
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
        KafkaStreams streams = start(topology, "global");
        StreamsReadiness readiness = new StreamsReadiness(streams);
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        // when the global store thread meets the record it throws on
        send(reference, "item", "boom");

        // then the client closes to ERROR and readiness says so
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.ERROR);
        HealthCheckResponse response = readiness.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow()).containsEntry("state", "ERROR");
    }

    /** A topic of this run, one partition, once clients can see it. */
    private String topic(String name) throws Exception {
        String topic = "streams-failure-" + name + "-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            await().atMost(WAIT).ignoreExceptions().until(() -> !consumer.partitionsFor(topic).isEmpty());
        }
        return topic;
    }

    private String applicationId(String name) {
        return "streams-failure-" + name + "-" + run;
    }

    private KafkaStreams start(Topology topology, String name) {
        KafkaStreams streams = client(topology, name);
        streams.start();
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    /** A client set up as device-registry's and economics-service's are (exactly once, the dead-letter handlers). */
    private KafkaStreams client(Topology topology, String name) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(name));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir().toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProcessingHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProcessingHandler.class);
        KafkaStreams streams = new KafkaStreams(topology, props);
        clients.add(streams);
        return streams;
    }

    private void send(String topic, String key, String value) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Every committed value of the topic, once at least one has arrived and none followed for a moment. */
    private List<String> readAll(String topic) {
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(WAIT).until(() -> {
                int before = values.size();
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
                return !values.isEmpty() && values.size() == before;
            });
        }
        return values;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("streams-failure-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
