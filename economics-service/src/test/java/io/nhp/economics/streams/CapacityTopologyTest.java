package io.nhp.economics.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.CapacityEvent;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.fleet.Fleet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CapacityTopologyTest {

    private static final Instant T = Instant.parse("2026-11-22T22:00:00Z");

    private EconomicsDriver economics;
    private TestOutputTopic<String, CapacityEvent> capacity;

    @BeforeEach
    void setUp() {
        economics = new EconomicsDriver(T);
        capacity = economics.output(Topics.ECONOMICS_CAPACITY);
    }

    @AfterEach
    void tearDown() {
        economics.close();
    }

    @Test
    void shouldCountEachDeviceOnceAcrossStatusChangesPerPartnerAndRegion() {
        // given four xiaomi phones register (offline), in India and China, and one samsung phone
        register("d1", "xiaomi", "india", 34.0);
        register("d2", "xiaomi", "india", 10.0);
        register("d3", "xiaomi", "china", 45.0);
        register("d4", "xiaomi", "china", 45.0);
        register("d5", "samsung", "india", 26.0);
        // when d1 goes online and eligible, then ineligible, then offline; d2 and d3 become eligible; d4 online only
        change("d1", "xiaomi", "india", 34.0, DeviceState.ELIGIBLE, 1);
        change("d1", "xiaomi", "india", 34.0, DeviceState.INELIGIBLE, 2);
        change("d1", "xiaomi", "india", 34.0, DeviceState.OFFLINE, 3);
        change("d2", "xiaomi", "india", 10.0, DeviceState.ELIGIBLE, 4);
        change("d3", "xiaomi", "china", 45.0, DeviceState.ELIGIBLE, 5);
        change("d4", "xiaomi", "china", 45.0, DeviceState.INELIGIBLE, 6);
        economics.advance(CapacityTopology.PUBLISH_EVERY);

        // then the partner: 4 registered, 3 online, 2 eligible with 55 TOPS = 0.0275 H100; uptime 2/4 = 50 %,
        // closest to the optimistic scenario's 40 %
        Map<String, CapacityEvent> latest = capacity.readKeyValuesToMap();
        CapacityEvent xiaomi = latest.get("xiaomi");
        assertThat(xiaomi).extracting(CapacityEvent::region, CapacityEvent::registeredDevices, CapacityEvent::onlineDevices,
                        CapacityEvent::eligibleDevices, CapacityEvent::tops, CapacityEvent::h100Equivalent,
                        CapacityEvent::observedUptime, CapacityEvent::nearestScenario)
                .containsExactly(null, 4L, 3L, 2L, 55.0, 0.0275, 0.5, "optimistic");
        assertThat(xiaomi.asOf()).isEqualTo(T.plusSeconds(6));
        // and per region
        assertThat(latest.get("xiaomi/india")).extracting(CapacityEvent::registeredDevices, CapacityEvent::onlineDevices,
                CapacityEvent::eligibleDevices, CapacityEvent::tops).containsExactly(2L, 1L, 1L, 10.0);
        assertThat(latest.get("xiaomi/china")).extracting(CapacityEvent::registeredDevices, CapacityEvent::onlineDevices,
                CapacityEvent::eligibleDevices, CapacityEvent::tops, CapacityEvent::nearestScenario)
                .containsExactly(2L, 2L, 1L, 45.0, "optimistic");
        // and a fleet with nothing eligible is closest to the catastrophic 3 %
        assertThat(latest.get("samsung")).extracting(CapacityEvent::registeredDevices, CapacityEvent::eligibleDevices,
                CapacityEvent::nearestScenario).containsExactly(1L, 0L, "catastrophic");

        // and the queryable store agrees
        Fleet fleet = economics.driver.<String, Fleet>getKeyValueStore(CapacityTopology.CAPACITY_STORE).get("xiaomi");
        assertThat(fleet.total().registered()).isEqualTo(4);
        assertThat(fleet.regions()).containsOnlyKeys("china", "india");
    }

    @Test
    void shouldPublishAtMostOncePerSecondPerKeyAndOnlyWhatChanged() {
        // given a phone registering: a lone change is published at once
        register("d1", "xiaomi", "india", 34.0);
        assertThat(capacity.readKeyValuesToList().stream().map(kv -> kv.key).toList())
                .containsExactly("xiaomi", "xiaomi/india");
        // when it then flaps ten times within that second
        for (int i = 1; i <= 10; i++) {
            change("d1", "xiaomi", "india", 34.0, i % 2 == 0 ? DeviceState.ELIGIBLE : DeviceState.INELIGIBLE, i);
        }
        // then nothing more is published within the second, and one event per key with the last state after it
        economics.advance(CapacityTopology.PUBLISH_EVERY.minusMillis(200));
        assertThat(capacity.isEmpty()).isTrue();
        economics.advance(Duration.ofMillis(200));
        List<KeyValue<String, CapacityEvent>> flapped = capacity.readKeyValuesToList();
        assertThat(flapped.stream().map(kv -> kv.key).toList()).containsExactly("xiaomi", "xiaomi/india");
        assertThat(flapped.get(0).value.eligibleDevices()).isEqualTo(1L);

        // when a second phone registers in another region: the total and that region change, india does not
        register("d2", "xiaomi", "china", 45.0);
        economics.advance(CapacityTopology.PUBLISH_EVERY);
        assertThat(capacity.readKeyValuesToList().stream().map(kv -> kv.key).toList())
                .containsExactly("xiaomi", "xiaomi/china");
        // and a quiet second publishes nothing
        economics.advance(CapacityTopology.PUBLISH_EVERY);
        assertThat(capacity.isEmpty()).isTrue();
    }

    private void register(String device, String partner, String region, double tops) {
        change(device, partner, region, tops, DeviceState.OFFLINE, 0);
    }

    private void change(String device, String partner, String region, double tops, DeviceState state, int second) {
        economics.status.pipeInput(device, new DeviceStatusEvent("e-" + device + second, T.plusSeconds(second), device,
                partner, "o-1", region, "Xiaomi 14", tops, 12, null, state,
                state == DeviceState.ELIGIBLE ? List.of() : List.of("NOT_CHARGING"), T.plusSeconds(second)));
    }
}
