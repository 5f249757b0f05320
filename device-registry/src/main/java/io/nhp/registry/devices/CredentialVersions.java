package io.nhp.registry.devices;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * The credential version that each renewed device's tokens must have, read by every instance from the whole of
 * {@code nhp.devices.registered} (one consumer, no group). The device store answers only for the devices of this
 * instance's partitions, and not while it starts or rebalances: without this, a token whose owner had renewed it
 * away would pass here on its signature alone for every device held by another instance. Only renewed devices are
 * held (a first credential revokes nothing), so a million first registrations take no memory here; and deleted ones
 * (a tombstone), so that no instance takes their tokens. Heartbeats of known devices are admitted on what this
 * says alone ({@link DeviceCredentials#heartbeatPartner}), so it says nothing once its reader has stopped or stalled.
 */
@Readiness
@Default // also injected as itself (@Readiness alone would be its only qualifier)
@ApplicationScoped
public class CredentialVersions implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(CredentialVersions.class);

    /** How long without a poll before nothing is said (a poll returns within 200 ms while the reader runs). */
    private static final long STALE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Map<String, Integer> renewed = new ConcurrentHashMap<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final String bootstrapServers;
    private volatile boolean caughtUp;
    private volatile long lastPolled;
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread reader;

    CredentialVersions(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * The least credential version a token of {@code deviceId} must have, as far as the topic says; empty while the
     * topic has not been read to its end since this instance started (nothing can be said yet).
     */
    public Optional<Integer> leastVersion(String deviceId) {
        if (!caughtUp()) {
            return Optional.empty();
        }
        return Optional.of(renewed.getOrDefault(deviceId, 1));
    }

    /** Whether the topic says the device was deleted (as far as it has been read). */
    public boolean deleted(String deviceId) {
        return deleted.contains(deviceId);
    }

    /** Whether the topic has been read to the end it had when this instance started, and is still being read. */
    public boolean caughtUp() {
        return caughtUp && System.nanoTime() - lastPolled < STALE_AFTER_NANOS;
    }

    /** Readiness: DOWN until the topic has been read to its end (devices held elsewhere would be answered 503). */
    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("device credential versions").status(caughtUp())
                .withData("renewedDevices", renewed.size()).withData("deletedDevices", deleted.size()).build();
    }

    void start(@Observes StartupEvent started) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "device-registry-credential-versions"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        reader = new Thread(this::read, "device-registry-credential-versions");
        reader.setDaemon(true);
        reader.start();
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
            reader.join(10_000);
        }
    }

    private void read() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> raw : consumer.poll(Duration.ofMillis(200))) {
                    // an unreadable registration is dead-lettered by the Streams app, which reads the same topic
                    Topics.DEVICES_REGISTERED.decode(raw).ifPresent(record -> apply(record.key(), record.value()));
                }
                lastPolled = System.nanoTime();
                if (!caughtUp && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    caughtUp = true;
                    LOG.infof("credential versions read: %d renewed devices", renewed.size());
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // stopping
        } catch (RuntimeException e) {
            caughtUp = false; // readiness DOWN, and tokens of devices held elsewhere refused with 503
            LOG.error("the credential-version reader stopped", e);
        } finally {
            caughtUp = false; // whatever stopped it (an Error too): nothing more is said
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The topic's partitions, once it exists (as the Streams app, this waits for it rather than read nothing). */
    private List<TopicPartition> partitions() throws InterruptedException {
        while (running) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEVICES_REGISTERED.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            Thread.sleep(500);
        }
        throw new WakeupException();
    }

    private void apply(String deviceId, DeviceRegisteredEvent registration) {
        if (deviceId == null) {
            return;
        }
        if (registration == null) {
            renewed.remove(deviceId);
            deleted.add(deviceId);
            return;
        }
        deleted.remove(deviceId);
        int version = DeviceCredentials.versionOf(registration);
        if (version > 1) {
            renewed.merge(deviceId, version, Math::max);
        }
    }
}
