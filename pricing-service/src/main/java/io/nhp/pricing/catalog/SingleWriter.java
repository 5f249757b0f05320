package io.nhp.pricing.catalog;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.nhp.contracts.Topic;
import io.nhp.contracts.serde.JsonSerde;
import io.nhp.service.ProblemException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * The only producer of the reference topics. Versions increase one by one only if one process writes them, so the
 * producer is transactional with one fixed {@code transactional.id}: a pricing-service that starts
 * {@linkplain #claim() claims} it, Kafka fences the previous holder (its writes are refused from then on, it
 * answers 503 and its readiness goes DOWN), and the new holder reads the topics only after the claim, so it sees
 * every version the old one committed.
 */
@Singleton
@Default
@Readiness
public class SingleWriter implements HealthCheck, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SingleWriter.class);
    /** Longer than the producer's delivery timeout, so that a failed write is known to have failed. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(35);

    private final KafkaProducer<String, Object> producer;
    private final KafkaClientMetrics metrics;
    private final String writerId;
    private volatile boolean claimed;
    private volatile boolean fenced;

    SingleWriter(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                 @ConfigProperty(name = "nhp.pricing.writer-id") String writerId, MeterRegistry registry) {
        this.writerId = writerId;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "pricing-service-writer",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, writerId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000),
                new StringSerializer(), new JsonSerde.JsonSerializer<>());
        this.metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
    }

    /** Becomes the writer: fences any other instance and waits for its open write to be committed or aborted. */
    synchronized void claim() {
        producer.initTransactions();
        claimed = true;
        LOG.infof("This instance is the writer of the reference topics (transactional.id %s)", writerId);
    }

    /** Writes one record in its own transaction; returns once Kafka has committed it. */
    <V> void write(Topic<String, V> topic, String key, V value) {
        writeAll(topic, Map.of(key, value));
    }

    /**
     * Writes the records in one transaction (all or none); returns once Kafka has committed them. One transaction
     * for a whole seed, because transactions begun back to back make the coordinator answer CONCURRENT_TRANSACTIONS
     * (the producer retries, but logs each one).
     */
    synchronized <V> void writeAll(Topic<String, V> topic, Map<String, V> records) {
        if (fenced || !claimed) {
            throw notTheWriter();
        }
        String keys = String.join(", ", records.keySet());
        try {
            producer.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            records.forEach((key, value) ->
                    sent.add(producer.send(new ProducerRecord<>(topic.name(), null, key, (Object) value, topic.headers()))));
            for (Future<RecordMetadata> send : sent) {
                send.get(WRITE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            producer.commitTransaction();
        } catch (ExecutionException e) {
            throw failed(keys, e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw failed(keys, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(keys, e);
        }
    }

    /** Another instance claimed the writer (the epoch is old): this one stops; anything else is aborted, retryable. */
    private ProblemException failed(String key, Throwable cause) {
        if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException) {
            fenced = true;
            LOG.errorf("Another pricing-service instance claimed transactional.id %s: this one no longer writes and "
                    + "reports not ready (%s)", writerId, cause.getMessage());
            return notTheWriter();
        }
        abort();
        return ProblemException.unavailable("the change to '" + key + "' was not committed by Kafka and is not "
                + "recorded; retry later (" + cause.getMessage() + ")");
    }

    private void abort() {
        try {
            producer.abortTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            fenced = true;
        } catch (KafkaException e) {
            LOG.warnf("Aborting the failed reference write failed too: %s", e.getMessage());
        }
    }

    private ProblemException notTheWriter() {
        return ProblemException.unavailable("this pricing-service instance is not the writer of the reference data "
                + "(another instance holds it); send changes to the current one");
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("reference data writer")
                .status(claimed && !fenced)
                .withData("transactionalId", writerId)
                .withData("state", fenced ? "fenced by another instance" : claimed ? "writer" : "starting")
                .build();
    }

    @PreDestroy
    @Override
    public void close() {
        metrics.close();
        producer.close(Duration.ofSeconds(10));
    }
}
