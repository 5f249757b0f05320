package io.nhp.kafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nhp.contracts.Topic;
import io.nhp.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaClusterIT {

    @Test
    void shouldStartOneNodeWithEveryPlatformTopicAsDeclared() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.builder().heapMb(384).start(); Admin admin = cluster.admin()) {
            // when
            Map<String, TopicDescription> described = admin.describeTopics(
                    Topics.ALL.stream().map(Topic::name).toList()).allTopicNames().get(10, TimeUnit.SECONDS);

            // then
            for (Topic<String, ?> topic : Topics.ALL) {
                assertThat(described.get(topic.name()).partitions()).as(topic.name()).hasSize(topic.partitions());
            }
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEVICES_STATUS.name());
            var config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(cluster.node(1).pid()).isPresent();
        }
    }

    @Test
    void shouldRefuseAPortThatIsTaken() {
        try (KafkaCluster first = KafkaCluster.builder().heapMb(384).createTopics(false).start()) {
            int taken = first.node(1).brokerPort();

            assertThatThrownBy(() -> KafkaCluster.builder().port(taken).start())
                    .hasMessageContaining("port " + taken + " is already in use");
        }
    }

    @Test
    void shouldLoseNothingWhenANodeOfThreeIsKilledMidStream() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.builder().nodes(3).heapMb(320).start()) {
            String topic = Topics.DEVICES_HEARTBEATS.name();
            int total = 20_000;
            List<Future<RecordMetadata>> acks = new ArrayList<>();

            // given an idempotent producer with acks=all, when node 1 is killed half way through
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 5,
                    // the claim is durability, not speed: on a loaded 2-core machine the leader moves can take a while
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < total; i++) {
                    acks.add(producer.send(new ProducerRecord<>(topic, "device-" + (i % 100), Integer.toString(i))));
                    if (i == total / 2) {
                        producer.flush();
                        cluster.killNode(1);
                    }
                }
                producer.flush();
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(300, TimeUnit.SECONDS);
                }
            }

            // then every acknowledged record is read back once
            assertThat(readAll(cluster.bootstrapServers(), topic, total)).hasSize(total);

            // and the killed node rejoins on restart
            cluster.restartNode(1);
            try (Admin admin = cluster.admin()) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(admin.describeCluster().nodes().get(5, TimeUnit.SECONDS)).hasSize(3));
            }
        }
    }

    private static Set<String> readAll(String servers, String topic, int expected) {
        Set<String> values = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() + duplicates.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (!values.add(r.value())) {
                        duplicates.add(r.value());
                    }
                });
            }
        }
        assertThat(duplicates).as("duplicates").isEmpty();
        return values;
    }
}
