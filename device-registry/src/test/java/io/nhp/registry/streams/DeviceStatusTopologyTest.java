package io.nhp.registry.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.events.HeartbeatEvent;
import io.nhp.contracts.events.NetworkType;
import io.nhp.registry.domain.EligibilityRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceStatusTopologyTest {

    private static final Instant START = Instant.parse("2026-11-22T22:00:00Z");
    private static final Duration OFFLINE_AFTER = Duration.ofSeconds(75);

    private TopologyTestDriver driver;
    private TestInputTopic<String, HeartbeatEvent> heartbeats;
    private TestOutputTopic<String, DeviceStatusEvent> status;

    @BeforeEach
    void setUp() {
        var topology = DeviceStatusTopology.build(new EligibilityRules(30, 40.0), OFFLINE_AFTER, Duration.ofSeconds(5));
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "device-status-test");
        driver = new TopologyTestDriver(topology, props, START);
        heartbeats = driver.createInputTopic(Topics.DEVICES_HEARTBEATS.name(),
                Topics.DEVICES_HEARTBEATS.keySerde().serializer(), Topics.DEVICES_HEARTBEATS.valueSerde().serializer());
        status = driver.createOutputTopic(Topics.DEVICES_STATUS.name(),
                Topics.DEVICES_STATUS.keySerde().deserializer(), Topics.DEVICES_STATUS.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldEmitStatusOnlyWhenEligibilityChanges() {
        // given an eligible phone that keeps reporting the same state, then unplugs
        send("d1", START, true);
        send("d1", START.plusSeconds(30), true);
        send("d1", START.plusSeconds(60), false);

        // then two changes were emitted: online and eligible, then not charging
        List<DeviceStatusEvent> changes = status.readValuesToList();
        assertThat(changes).extracting(DeviceStatusEvent::online, DeviceStatusEvent::eligible)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(true, true),
                        org.assertj.core.groups.Tuple.tuple(true, false));
        assertThat(changes.get(1).ineligibleReasons()).containsExactly("NOT_CHARGING");
        assertThat(changes).allSatisfy(s -> assertThat(s.partner()).isEqualTo("xiaomi"));
    }

    @Test
    void shouldMarkDeviceOfflineAfterTwoMissedHeartbeats() {
        // given
        send("d1", START, true);
        status.readValuesToList();

        // when it stays silent for less, then for more than the offline threshold
        driver.advanceWallClockTime(OFFLINE_AFTER.minusSeconds(10));
        assertThat(status.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(20));

        // then
        DeviceStatusEvent offline = status.readValue();
        assertThat(offline.online()).isFalse();
        assertThat(offline.eligible()).isFalse();
        assertThat(offline.lastHeartbeatAt()).isEqualTo(START);
        assertThat(status.isEmpty()).isTrue();
    }

    @Test
    void shouldIgnoreHeartbeatOlderThanTheLastOne() {
        send("d1", START.plusSeconds(30), true);
        send("d1", START, false);

        assertThat(status.readValuesToList()).extracting(DeviceStatusEvent::eligible).containsExactly(true);
    }

    private void send(String deviceId, Instant at, boolean charging) {
        heartbeats.pipeInput(deviceId, new HeartbeatEvent("e-" + at, at, deviceId, "xiaomi", charging, 80, 31.5,
                NetworkType.WIFI, true), at);
    }
}
