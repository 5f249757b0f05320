package io.nhp.contracttests;

import com.fasterxml.jackson.databind.JsonNode;
import io.nhp.contracts.Topic;
import io.nhp.contracts.Topics;
import io.nhp.contracts.events.ActiveHours;
import io.nhp.contracts.events.DeviceRegisteredEvent;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.JobAssignedEvent;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.JobFailedEvent;
import io.nhp.contracts.events.JobSubmittedEvent;
import io.nhp.contracts.events.NetworkType;
import io.nhp.contracts.events.PartnerProfileEvent;
import io.nhp.contracts.events.ReferenceDataEvent;
import io.nhp.contracts.events.ThermalStatus;
import io.nhp.economics.streams.LedgerTopology;
import io.nhp.jobs.domain.Attempt;
import io.nhp.jobs.domain.EligibleDevice;
import io.nhp.jobs.domain.JobBook;
import io.nhp.jobs.domain.TaskType;
import io.nhp.economics.streams.TopologyProducer;
import io.nhp.modeldata.ModelData;
import io.nhp.registry.domain.EligibilityRules;
import io.nhp.registry.domain.LivenessRules;
import io.nhp.registry.streams.DeviceTopology;
import io.nhp.registry.streams.RecentHeartbeats;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * What the platform's producers really write on each topic, made by their own code: device-registry's and
 * economics-service's topologies under a {@link TopologyTestDriver} (fed with what their upstream producers
 * wrote, byte for byte), and the records the plain producers (registration and heartbeat APIs, pricing-service,
 * job-broker, its job book's snapshots among them) send through the shared serializer with their topic's headers.
 */
final class ProducedRecords {

    static final String PARTNER = "xiaomi";
    /** The phone whose answer to j3 disagreed with the accepted one. */
    static final String CHEATING_DEVICE = "d-cheat";
    /** Job ids job-broker completed: served by phones, by the partner's cloud, and a platform canary. */
    static final String PHONES_JOB = "j1";
    static final String CLOUD_JOB = "j3";
    static final String CANARY_JOB = "j4";
    private static final Instant NOW = Instant.now();

    private final Map<String, List<ConsumerRecord<byte[], byte[]>>> byTopic = new LinkedHashMap<>();
    private long offset;

    ProducedRecords() {
        // pricing-service: the shipped reference data and a partner profile
        for (ModelData.Item item : ModelData.referenceItems()) {
            var event = new ReferenceDataEvent("seed-" + item.id(), NOW, item.kind(), item.id(), 1L,
                    NOW.minusSeconds(3600), "seed", item.data(), List.of());
            publish(Topics.REFERENCE_PRICES, event.key(), event);
        }
        JsonNode profile = ModelData.partners(List.of(PARTNER)).get(PARTNER);
        publish(Topics.REFERENCE_PARTNERS, PARTNER, new PartnerProfileEvent("p-1", NOW, PARTNER, 1L, NOW, "seed", profile));

        // device-registry's APIs: a registration and its heartbeat, and a heartbeat of a phone nobody registered
        publish(Topics.DEVICES_REGISTERED, "d1", new DeviceRegisteredEvent("r-1", NOW, "d1", PARTNER, "Xiaomi 14",
                "India", "o-1", 34.0, 12, "india", false, "Asia/Kolkata",
                new ActiveHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT.minusMinutes(1)), "1.0.0", 1));
        publish(Topics.DEVICES_HEARTBEATS, "d1", heartbeat("d1"));
        publish(Topics.DEVICES_HEARTBEATS, "d-unknown", heartbeat("d-unknown"));

        // job-broker: a job's life (served by phones)
        publish(Topics.JOBS_SUBMITTED, "j1", new JobSubmittedEvent("js-1", NOW, "j1", PARTNER, "inference_text",
                "s3://in/1", "sha256:in", 60, 1, 3, null));
        publish(Topics.JOBS_ASSIGNED, "j1", new JobAssignedEvent("ja-1", NOW, "j1", PARTNER, "inference_text", "d1",
                "l1", NOW.plusSeconds(60), 1));
        publish(Topics.JOBS_COMPLETED, "j1", new JobCompletedEvent("jc-1", NOW, "j1", PARTNER, "inference_text", 0.5,
                "sha256:out", true, NOW.minusSeconds(30),
                List.of(new JobCompletedEvent.Execution("d1", "o-1", "india", 34.0, 29.4)), List.of()));
        // job-broker: a request its phones got wrong and the partner's cloud served, and a platform canary
        publish(Topics.JOBS_COMPLETED, "j3", new JobCompletedEvent("jc-3", NOW, "j3", PARTNER, "inference_text", 0.5,
                "sha256:cloud", true, NOW.minusSeconds(30), List.of(), List.of(CHEATING_DEVICE),
                JobCompletedEvent.CLOUD, false, false));
        publish(Topics.JOBS_COMPLETED, "j4", new JobCompletedEvent("jc-4", NOW, "j4", PARTNER, "inference_text", 0.5,
                "sha256:known", true, NOW.minusSeconds(30),
                List.of(new JobCompletedEvent.Execution("d1", "o-1", "india", 34.0, 20.0)), List.of(),
                JobCompletedEvent.PHONES, true, false));
        publish(Topics.JOBS_FAILED, "j2", new JobFailedEvent("jf-1", NOW, "j2", PARTNER, "inference_text", "d1",
                "LEASE_EXPIRED", 1, true));
        // job-broker's state: its book's snapshots of a job as it is queued, leased and completed by a phone
        var book = new JobBook(new JobBook.Settings(3, 1, Duration.ofHours(1)), event -> { });
        var text = new TaskType("inference_text", 0.5, 10.0, true);
        book.submit(new JobSubmittedEvent("js-5", NOW, "j5", PARTNER, text.key(), "s3://in/5", "sha256:in", 60, 1, 0,
                null), text);
        publishSnapshots(book);
        Attempt attempt = book.lease(new EligibleDevice("d1", PARTNER, "o-1", "india", 34.0), NOW).orElseThrow();
        publishSnapshots(book);
        book.report(attempt.leaseId(), "d1", Attempt.Outcome.SUCCEEDED, "sha256:out", 29.4, NOW.plusSeconds(30));
        publishSnapshots(book);

        // device-registry's topology: the statuses (and a dead letter for the unknown phone)
        var rules = new LivenessRules(new EligibilityRules(20, 40.0, ThermalStatus.LIGHT, Duration.ofMinutes(5)));
        run(DeviceTopology.build(rules, Duration.ofSeconds(147), Duration.ofSeconds(1), Duration.ofMinutes(5),
                        new RecentHeartbeats()), "device-registry",
                List.of(Topics.REFERENCE_PRICES, Topics.REFERENCE_PARTNERS, Topics.DEVICES_REGISTERED, Topics.DEVICES_HEARTBEATS),
                List.of(Topics.DEVICES_STATUS, Topics.DEAD_LETTER), Duration.ZERO);

        // economics-service's topology: capacity, projections, and once the job's minute has closed, payouts and savings
        run(TopologyProducer.build(new LedgerTopology.Settings("moderate", Duration.ofSeconds(5), Duration.ofMinutes(10),
                        Duration.ofDays(400))), "economics-service",
                List.of(Topics.REFERENCE_PRICES, Topics.REFERENCE_PARTNERS, Topics.DEVICES_STATUS, Topics.JOBS_COMPLETED),
                List.of(Topics.ECONOMICS_CAPACITY, Topics.ECONOMICS_PROJECTIONS, Topics.ECONOMICS_PAYOUTS,
                        Topics.ECONOMICS_SAVINGS, Topics.DEAD_LETTER), Duration.ofMinutes(2));
    }

    /** The records written on {@code topic}, in order; empty when no producer wrote any. */
    List<ConsumerRecord<byte[], byte[]>> on(Topic<String, ?> topic) {
        return byTopic.getOrDefault(topic.name(), List.of());
    }

    private static HeartbeatEvent heartbeat(String deviceId) {
        return new HeartbeatEvent("h-" + deviceId, NOW, NOW, deviceId, PARTNER, true, 80, 31.5, NetworkType.WIFI,
                true, 10, ThermalStatus.NONE);
    }

    private void publishSnapshots(JobBook book) {
        book.drainChanges().forEach(snapshot -> publish(Topics.JOBS_STATE, snapshot.jobId(), snapshot));
    }

    private void publish(Topic<String, ?> topic, String key, Object value) {
        add(topic.name(), Wire.published(topic, key, value, offset++));
    }

    private void add(String topic, ConsumerRecord<byte[], byte[]> record) {
        byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(record);
    }

    /**
     * Runs a service's topology on what was written so far on its inputs (the bytes as they are), lets its wall
     * clock run on, and keeps what it wrote.
     */
    private void run(Topology topology, String service, List<Topic<String, ?>> inputs, List<Topic<String, ?>> outputs,
                     Duration runOn) {
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, service + "-contract");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        try (var driver = new TopologyTestDriver(topology, props, NOW)) {
            for (Topic<String, ?> input : inputs) {
                TestInputTopic<byte[], byte[]> in = driver.createInputTopic(input.name(), new ByteArraySerializer(),
                        new ByteArraySerializer());
                for (ConsumerRecord<byte[], byte[]> record : List.copyOf(on(input))) {
                    in.pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), record.timestamp()));
                }
            }
            for (long s = 0; s < runOn.toSeconds(); s++) {
                driver.advanceWallClockTime(Duration.ofSeconds(1));
            }
            for (Topic<String, ?> output : outputs) {
                driver.createOutputTopic(output.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                        .readRecordsToList().forEach(record -> add(output.name(), Wire.written(output.name(), record, offset++)));
            }
        }
    }
}
