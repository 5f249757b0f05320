package io.nhp.jobs.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.contracts.Topic;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.events.ReferenceKind;
import io.nhp.jobs.domain.EligibleDevice;
import io.nhp.jobs.domain.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * What the broker matches against, read from the compacted topics as tables: the devices eligible right now
 * ({@code nhp.devices.status}), the task types ({@code task:*} on {@code nhp.reference.prices}) and each registered
 * device's current credential version ({@code nhp.devices.registered}). One consumer, no group: every instance sees
 * every device and task type.
 */
final class Catalog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Catalog.class);

    private final Map<String, EligibleDevice> eligible = new ConcurrentHashMap<>();
    private final Map<String, TaskType> taskTypes = new ConcurrentHashMap<>();
    /** Registered devices and the credential version a token of theirs must have at least. */
    private final Map<String, Integer> credentialVersions = new ConcurrentHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Consumer<String> onEligible;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    /** {@code onEligible} is told the partner of each device that becomes eligible (waiting devices may get work). */
    Catalog(String bootstrapServers, Consumer<String> onEligible) {
        this.onEligible = onEligible;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "job-broker-catalog"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "job-broker-catalog");
        thread.setDaemon(true);
    }

    /** Reads the topics to their end, then follows them. */
    void start(Duration timeout) throws InterruptedException {
        thread.start();
        if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warnf("device statuses and task types not read to their end within %s; going on", timeout);
        }
    }

    Optional<EligibleDevice> eligible(String deviceId) {
        return Optional.ofNullable(eligible.get(deviceId));
    }

    Optional<TaskType> taskType(String key) {
        return Optional.ofNullable(taskTypes.get(key));
    }

    /** The device's current credential version; empty for a device not registered (or deleted). */
    Optional<Integer> credentialVersion(String deviceId) {
        return Optional.ofNullable(credentialVersions.get(deviceId));
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic<String, ?> topic : List.<Topic<String, ?>>of(Topics.DEVICES_STATUS,
                    Topics.DEVICES_REGISTERED, Topics.REFERENCE_PRICES)) {
                consumer.partitionsFor(topic.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> raw : consumer.poll(Duration.ofMillis(200))) {
                    apply(raw);
                }
                if (caughtUp.getCount() > 0 && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("the catalog consumer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> raw) {
        if (raw.topic().equals(Topics.DEVICES_STATUS.name())) {
            Topics.DEVICES_STATUS.decode(raw).ifPresent(record -> status(record.key(), record.value()));
        } else if (raw.topic().equals(Topics.DEVICES_REGISTERED.name())) {
            Topics.DEVICES_REGISTERED.decode(raw).ifPresent(record -> registration(record.key(), record.value()));
        } else {
            Topics.REFERENCE_PRICES.decode(raw).ifPresent(record -> reference(record.value()));
        }
    }

    private void status(String deviceId, DeviceStatusEvent status) {
        if (status == null || !status.eligible() || status.tops() == null || status.ownerId() == null) {
            eligible.remove(deviceId);
            return;
        }
        // partners and regions are a handful of values: one instance each, not one per phone (400,000 may be eligible)
        var device = new EligibleDevice(deviceId, status.partner().intern(), status.ownerId(),
                status.region() == null ? null : status.region().intern(), status.tops());
        if (eligible.put(deviceId, device) == null) {
            onEligible.accept(status.partner());
        }
    }

    /** The latest registration of a device is its current one; a tombstone deletes the device. */
    private void registration(String deviceId, DeviceRegisteredEvent registration) {
        if (deviceId == null) {
            return;
        }
        if (registration == null) {
            credentialVersions.remove(deviceId);
        } else {
            // a registration without a version is of the first credential (as device-registry counts it)
            credentialVersions.put(deviceId, registration.credentialVersion() == null ? 1 : registration.credentialVersion());
        }
    }

    private void reference(ReferenceDataEvent item) {
        if (item == null || item.kind() != ReferenceKind.TASK_TYPE) {
            return;
        }
        JsonNode data = item.data();
        taskTypes.put(item.id(), new TaskType(item.id(), data.path("gpu_seconds_per_task").asDouble(),
                data.path("min_tops_required").asDouble(), data.path("latency_sensitive").asBoolean()));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
