package io.nhp.service.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.nhp.contracts.Topic;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes events to any platform topic so that nothing acknowledged is lost: an idempotent producer with
 * {@code acks=all}, and a {@link Uni} that completes only when the brokers have the record. A plain
 * {@link KafkaProducer} rather than a messaging emitter: on the ingest path its per-record cost is far lower.
 */
@ApplicationScoped
public class EventPublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaClientMetrics metrics;

    EventPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                   @ConfigProperty(name = "quarkus.application.name") String clientId,
                   MeterRegistry registry) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A few ms of batching buys throughput at high load for a negligible latency cost.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
    }

    /** Sends one event; the Uni completes when all in-sync replicas have it, or fails with the reason. */
    public <V> Uni<RecordMetadata> publish(Topic<String, V> topic, String key, V event) {
        return Uni.createFrom().emitter(em -> send(topic, key, event, (metadata, error) -> {
            if (error != null) {
                em.fail(error);
            } else {
                em.complete(metadata);
            }
        }));
    }

    /**
     * Sends one event without a {@link Uni}, for callers that send many at once: {@code done} runs on the
     * producer's I/O thread when all in-sync replicas have it, or with the reason they do not; keep it short.
     */
    public <V> void send(Topic<String, V> topic, String key, V event, Callback done) {
        // in the topic's own form (JSON, or binary where the registry says so), as every reader of it expects
        byte[] value = topic.valueSerde().serializer().serialize(topic.name(), event);
        producer.send(new ProducerRecord<>(topic.name(), null, key, value, topic.headers()), done);
    }

    /** Flushes what is in flight before the application stops (graceful shutdown). */
    @PreDestroy
    void close() {
        metrics.close();
        producer.close(Duration.ofSeconds(10));
    }
}
