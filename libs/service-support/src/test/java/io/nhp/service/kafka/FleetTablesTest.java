package io.nhp.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.Topics;
import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.fleet.Fleet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link FleetTables#byPartner} on a test driver (one task per stage: the partials of several tasks are {@link FleetPartialsTest}'s). */
class FleetTablesTest {

    private TopologyTestDriver driver;
    private TestInputTopic<String, DeviceStatusEvent> status;
    private KeyValueStore<String, Fleet> fleets;

    @BeforeEach
    void setUp() {
        StreamsBuilder builder = new StreamsBuilder();
        FleetTables.byPartner(builder, "device-status", "fleet");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fleet-tables-test");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/kafka-streams-state");
        driver = new TopologyTestDriver(builder.build(), props, FleetStatuses.T);
        status = driver.createInputTopic(Topics.DEVICES_STATUS.name(), Topics.DEVICES_STATUS.keySerde().serializer(),
                Topics.DEVICES_STATUS.valueSerde().serializer());
        fleets = driver.getKeyValueStore("fleet");
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void countsEachPartnersFleetAsDeviceByDeviceThroughThousandsOfRandomChanges() {
        FleetStatuses changes = new FleetStatuses(21, 400);
        java.util.Random clock = new java.util.Random(22);
        for (int i = 1; i <= 2_000; i++) { // each input is a committed EOS transaction here: ~6 ms
            Map.Entry<String, DeviceStatusEvent> change = changes.next();
            status.pipeInput(change.getKey(), change.getValue());
            if (clock.nextInt(50) == 0) {
                driver.advanceWallClockTime(Duration.ofMillis(clock.nextInt(150)));
            }
            if (i % 500 == 0) {
                driver.advanceWallClockTime(FleetPartials.FORWARD_EVERY);
                assertCounted(changes);
            }
        }
    }

    @Test
    void countsALoneChangeAtOnceAndABurstWithinTheForwardInterval() {
        status.pipeInput("d1", status("d1", "india", DeviceState.ELIGIBLE, 0));
        assertThat(fleets.get("xiaomi").total().eligible()).as("at once").isEqualTo(1);

        status.pipeInput("d2", status("d2", "india", DeviceState.ELIGIBLE, 1));
        status.pipeInput("d1", status("d1", "china", DeviceState.OFFLINE, 2));
        assertThat(fleets.get("xiaomi").total().registered()).as("held back").isEqualTo(1);

        driver.advanceWallClockTime(FleetPartials.FORWARD_EVERY);
        Fleet fleet = fleets.get("xiaomi");
        assertThat(fleet.total()).extracting(c -> c.registered(), c -> c.online(), c -> c.eligible())
                .containsExactly(2L, 1L, 1L);
        assertThat(fleet.regions()).containsOnlyKeys("china", "india");
        assertThat(fleet.asOf()).isEqualTo(FleetStatuses.T.plusSeconds(2));
    }

    private void assertCounted(FleetStatuses changes) {
        Map<String, Fleet> expected = changes.expected();
        for (String partner : FleetStatuses.PARTNERS) {
            Fleet counted = fleets.get(partner);
            if (!expected.containsKey(partner)) {
                assertThat(counted).isNull();
                continue;
            }
            assertThat(FleetStatuses.counts(counted)).as(partner)
                    .isEqualTo(FleetStatuses.counts(expected.get(partner)));
            assertThat(counted.asOf()).as(partner + " as of").isEqualTo(changes.asOf.get(partner));
        }
    }

    private static DeviceStatusEvent status(String device, String region, DeviceState state, int second) {
        Instant at = FleetStatuses.T.plusSeconds(second);
        return new DeviceStatusEvent("e-" + device + second, at, device, "xiaomi", "o-1", region, "Xiaomi 14", 34.0,
                12, null, state, List.of(), at);
    }
}
