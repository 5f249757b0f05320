package io.nhp.service.kafka;

import static org.awaitility.Awaitility.await;

import io.nhp.kafka.testkit.SharedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Kafka Streams clients of one test on the shared real broker, configured as device-registry's and
 * economics-service's are (exactly once, the dead-letter handlers), with topics and application ids of their own.
 * Closing it closes every client it made.
 */
final class TestStreams implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);

    final String bootstrap = SharedKafka.bootstrapServers();
    final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String prefix;
    private final List<KafkaStreams> clients = new ArrayList<>();

    TestStreams(String prefix) {
        this.prefix = prefix;
    }

    /** A topic of this run, one partition, once clients can see it. */
    String topic(String name) throws Exception {
        String topic = prefix + "-" + name + "-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            await().atMost(WAIT).ignoreExceptions().until(() -> !consumer.partitionsFor(topic).isEmpty());
        }
        return topic;
    }

    String applicationId(String name) {
        return prefix + "-" + name + "-" + run;
    }

    /** A client started and RUNNING. */
    KafkaStreams start(Topology topology, String name) {
        KafkaStreams streams = client(topology, name, new Properties());
        streams.start();
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    /** A client not started yet, with {@code extra} settings over the services' ones. */
    KafkaStreams client(Topology topology, String name, Properties extra) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(name));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProcessingHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProcessingHandler.class);
        props.putAll(extra);
        KafkaStreams streams = new KafkaStreams(topology, props);
        clients.add(streams);
        return streams;
    }

    /** Writes a text record to partition 0, acknowledged by the broker. */
    void send(String topic, String key, String value) throws Exception {
        try (var producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Writes a record of raw bytes to partition 0, acknowledged by the broker. */
    void send(String topic, String key, byte[] value) throws Exception {
        try (var producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Every committed value of the topic, once at least one has arrived and none followed for a moment. */
    List<String> readAll(String topic) {
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

    @Override
    public void close() {
        clients.forEach(client -> client.close(Duration.ofSeconds(10)));
    }

    private Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
    }

    private String stateDir() {
        try {
            return Files.createTempDirectory(prefix + "-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a state directory for " + prefix, e);
        }
    }
}
