package io.nhp.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nhp.contracts.events.Event;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.serde.JsonSerde;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.JobCompletedEvent;
import io.nhp.contracts.events.SavingsEvent;
import io.nhp.contracts.serde.CompactSerde;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ContractsTest {

    static Stream<Topic<String, ?>> topics() {
        return Topics.ALL.stream();
    }

    /**
     * The topics whose records are JSON (job snapshots and heartbeats are binary: {@code JobSnapshotSerdeTest},
     * {@code HeartbeatSerdeTest}).
     */
    static Stream<Topic<String, ?>> jsonTopics() {
        return topics().filter(topic -> !(topic.valueSerde() instanceof CompactSerde));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void shouldRoundTripEveryEventThroughItsTopicSerde(Topic<String, Object> topic) {
        // given
        Object event = EventSamples.sampleFor(topic);

        // when
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), event);
        Object back = topic.valueSerde().deserializer().deserialize(topic.name(), bytes);

        // then (a job snapshot is not an event: it has no id or time of its own)
        assertThat(back).isInstanceOf(topic.valueType()).usingRecursiveComparison().isEqualTo(event);
        if (!topic.name().equals(Topics.JOBS_STATE.name())) {
            assertThat(((Event) back).eventId()).isNotBlank();
            assertThat(((Event) back).eventTime()).isEqualTo(EventSamples.T);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonTopics")
    void shouldTolerateFieldsAddedByANewerProducer(Topic<String, Object> topic) {
        // given a record written by a newer version with an extra field
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), EventSamples.sampleFor(topic));
        String json = new String(bytes, StandardCharsets.UTF_8);
        String newer = "{\"fieldFromTheFuture\":{\"nested\":[1,2]}," + json.substring(1);

        // when
        Object back = topic.valueSerde().deserializer().deserialize(topic.name(), newer.getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(back).usingRecursiveComparison().isEqualTo(EventSamples.sampleFor(topic));
    }

    @Test
    void shouldRejectHeartbeatWithoutRequiredField() {
        String withoutBattery = """
                {"eventId":"e","eventTime":"2026-11-22T21:00:00Z","receivedAt":"2026-11-22T21:00:00Z","deviceId":"d1","partner":"xiaomi",
                 "charging":true,"batteryTempC":30.0,"network":"WIFI","screenOff":true}""";
        var deserializer = Topics.DEVICES_HEARTBEATS.valueSerde().deserializer();

        assertThatThrownBy(() -> deserializer.deserialize("t", withoutBattery.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("HeartbeatEvent")
                .hasMessageContaining("batteryPct");
    }

    @Test
    void shouldRejectRecordThatIsNotJson() {
        var deserializer = Topics.DEVICES_HEARTBEATS.valueSerde().deserializer();

        assertThatThrownBy(() -> deserializer.deserialize("t", "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a valid HeartbeatEvent");
    }

    @Test
    void shouldKeepTheWrittenFormOfNumbersInReferenceData() {
        // given a profile with an integer-typed and a double-typed figure, as in the model's YAML
        String json = """
                {"eventId":"e","eventTime":"2026-11-22T21:00:00Z","partner":"xiaomi","version":1,
                 "effectiveAt":"2026-11-22T21:00:00Z","changedBy":"seed","profile":{"ram_gb":12,"tops":34.0,"price":0.10}}""";
        var serde = Topics.REFERENCE_PARTNERS.valueSerde();

        // when it goes through Kafka and back
        var event = serde.deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
        String written = new String(serde.serializer().serialize("t", event), StandardCharsets.UTF_8);

        // then 12 stays 12, 34.0 stays 34.0 and 0.10 stays 0.10
        assertThat(written).contains("\"ram_gb\":12,").contains("\"tops\":34.0,").contains("\"price\":0.10}");
    }

    @Test
    void shouldReadACompletionWrittenBeforeClaimsWereKept() {
        // given a completion as job-broker wrote it before pay was measured: no claimedSeconds
        String json = """
                {"eventId":"e","eventTime":"2026-11-22T21:00:00Z","jobId":"j1","partner":"xiaomi","taskType":"inference_text",
                 "gpuSeconds":0.5,"resultHash":"h","validated":true,
                 "executions":[{"deviceId":"d1","ownerId":"o-1","region":"india","tops":34.0,"deviceSeconds":29.4}]}""";

        // when
        JobCompletedEvent event = Topics.JOBS_COMPLETED.valueSerde().deserializer()
                .deserialize("t", json.getBytes(StandardCharsets.UTF_8));

        // then the paid seconds are there and the claim is absent
        assertThat(event.executions()).containsExactly(
                new JobCompletedEvent.Execution("d1", "o-1", "india", 34.0, 29.4, null));
    }

    @Test
    void shouldReadSavingsWrittenBeforeCloudCanaryAndDissentWereCountedAsZero() {
        // given a savings event as economics-service wrote it before jobs served by the cloud were counted
        String json = """
                {"specversion":"1.0","id":"e","source":"/nhp/economics-service","type":"io.nhp.savings.daily",
                 "subject":"xiaomi","time":"2026-11-22T21:00:00Z","datacontenttype":"application/json",
                 "data":{"partner":"xiaomi","windowStart":"2026-11-22T00:00:00Z","windowEnd":"2026-11-23T00:00:00Z",
                  "jobs":3,"gpuHours":0.5,"avoidedCostUsd":{"aws_h100":6.145},"payoutsUsd":0.1,
                  "netSavingsUsd":{"aws_h100":6.045}}}""";

        // when
        SavingsEvent.Savings savings = Topics.ECONOMICS_SAVINGS.valueSerde().deserializer()
                .deserialize("t", json.getBytes(StandardCharsets.UTF_8)).data();

        // then the phones' figures are there, and nothing was served by the cloud, checked by canaries or caught
        assertThat(savings.jobs()).isEqualTo(3);
        assertThat(savings.cloudJobs()).isZero();
        assertThat(savings.cloudGpuHours()).isZero();
        assertThat(savings.cloudCostUsd()).isEmpty();
        assertThat(savings.canaryJobs()).isZero();
        assertThat(savings.platformPayoutsUsd()).isZero();
        assertThat(savings.dissentingResults()).isZero();
        assertThat(savings.hasCloudJobs()).isFalse();
    }

    @Test
    void shouldWriteInstantsAsIsoText() {
        // JSON: what the JSON topics carry, and what earlier versions wrote on the binary ones
        byte[] bytes = new JsonSerde<>(DeviceStatusEvent.class).serializer()
                .serialize("t", (DeviceStatusEvent) EventSamples.sampleFor(Topics.DEVICES_STATUS));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"eventTime\":\"2026-11-22T21:00:00.123Z\"");
    }

    @Test
    void shouldDecodeReadableRecordsAndSkipPoisonOnes() {
        byte[] good = Topics.DEVICES_HEARTBEATS.valueSerde().serializer()
                .serialize("t", (HeartbeatEvent) EventSamples.sampleFor(Topics.DEVICES_HEARTBEATS));
        var raw = new ConsumerRecord<>("t", 0, 7L, "d1".getBytes(StandardCharsets.UTF_8), good);
        var poison = new ConsumerRecord<>("t", 0, 8L, "d1".getBytes(StandardCharsets.UTF_8),
                "{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(Topics.DEVICES_HEARTBEATS.decode(raw)).hasValueSatisfying(r -> {
            assertThat(r.key()).isEqualTo("d1");
            assertThat(r.offset()).isEqualTo(7L);
            assertThat(r.value()).isEqualTo(EventSamples.sampleFor(Topics.DEVICES_HEARTBEATS));
        });
        assertThat(Topics.DEVICES_HEARTBEATS.decode(poison)).isEmpty();
    }

    @Test
    void shouldSpellOutWhetherADeviceIsOnlineAndEligibleInJson() {
        byte[] bytes = new JsonSerde<>(DeviceStatusEvent.class).serializer()
                .serialize("t", (DeviceStatusEvent) EventSamples.sampleFor(Topics.DEVICES_STATUS));

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .contains("\"state\":\"INELIGIBLE\"", "\"online\":true", "\"eligible\":false");
    }

    @Test
    void shouldDeclareEveryTopicOnceWithConfigsTheBrokerAccepts() {
        var names = new HashSet<String>();
        for (Topic<String, ?> topic : Topics.ALL) {
            assertThat(names.add(topic.name())).as("unique name %s", topic).isTrue();
            assertThat(topic.name()).startsWith("nhp.");
            assertThat(topic.configs()).containsKey("cleanup.policy");
            assertThat(Topics.byName(topic.name())).contains(topic);
        }
        assertThat(Topics.REFERENCE_PARTNERS.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topics.DEVICES_HEARTBEATS.configs()).containsEntry("retention.ms", "86400000");
        assertThat(Topics.JOBS_STATE.configs()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "cleanup.policy", "compact,delete", "retention.ms", "604800000"));
    }
}
