package io.nhp.economics.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.economics.domain.FleetCounts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CapacityTopologyTest {

    private static final Instant T = Instant.parse("2026-11-22T22:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, DeviceStatusEvent> status;
    private TestOutputTopic<String, CapacityEvent> capacity;

    @BeforeEach
    void setUp() {
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "capacity-test");
        driver = new TopologyTestDriver(CapacityTopology.build(), props);
        status = driver.createInputTopic(Topics.DEVICES_STATUS.name(),
                Topics.DEVICES_STATUS.keySerde().serializer(), Topics.DEVICES_STATUS.valueSerde().serializer());
        capacity = driver.createOutputTopic(Topics.ECONOMICS_CAPACITY.name(),
                Topics.ECONOMICS_CAPACITY.keySerde().deserializer(), Topics.ECONOMICS_CAPACITY.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldCountEachDeviceOnceAcrossStatusChanges() {
        // given two xiaomi phones and one samsung phone come online, one xiaomi eligible
        status.pipeInput("d1", status("d1", "xiaomi", true, true, 34.0, 0));
        status.pipeInput("d2", status("d2", "xiaomi", true, false, 10.0, 1));
        status.pipeInput("d3", status("d3", "samsung", true, true, 45.0, 2));
        // when d1 changes twice and finally goes offline, d2 becomes eligible
        status.pipeInput("d1", status("d1", "xiaomi", true, false, 34.0, 3));
        status.pipeInput("d1", status("d1", "xiaomi", false, false, 34.0, 4));
        status.pipeInput("d2", status("d2", "xiaomi", true, true, 10.0, 5));

        // then the latest capacity per partner is exact
        Map<String, CapacityEvent> latest = capacity.readKeyValuesToMap();
        assertThat(latest.get("xiaomi")).extracting(CapacityEvent::onlineDevices, CapacityEvent::eligibleDevices,
                CapacityEvent::tops, CapacityEvent::h100Equivalent).containsExactly(1L, 1L, 10.0, 10.0 / 2000.0);
        assertThat(latest.get("xiaomi").asOf()).isEqualTo(T.plusSeconds(5));
        assertThat(latest.get("samsung")).extracting(CapacityEvent::onlineDevices, CapacityEvent::eligibleDevices)
                .containsExactly(1L, 1L);

        // and the queryable store agrees
        var store = driver.<String, FleetCounts>getKeyValueStore(CapacityTopology.CAPACITY_STORE);
        assertThat(store.get("xiaomi").knownDevices()).isEqualTo(2);
        assertThat(List.of(store.get("xiaomi").onlineDevices(), store.get("samsung").onlineDevices()))
                .containsExactly(1L, 1L);
    }

    static DeviceStatusEvent status(String device, String partner, boolean online, boolean eligible, double tops,
                                    int second) {
        DeviceState state = !online ? DeviceState.OFFLINE : eligible ? DeviceState.ELIGIBLE : DeviceState.INELIGIBLE;
        return new DeviceStatusEvent("e-" + device + second, T.plusSeconds(second), device, partner, "o-1", "india",
                "Xiaomi 14", tops, 12, null, state, eligible ? List.of() : List.of("NOT_CHARGING"), T.plusSeconds(second));
    }
}
