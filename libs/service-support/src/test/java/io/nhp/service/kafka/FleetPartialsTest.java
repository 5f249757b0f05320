package io.nhp.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import io.nhp.contracts.fleet.Fleet;
import io.nhp.contracts.fleet.FleetDevice;
import java.io.File;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** Stage 1 of the fleet counting, one task (one partition of the statuses) at a time, several side by side. */
class FleetPartialsTest {

    private static final Instant T = FleetStatuses.T;
    private static final int PARTITIONS = 6;
    private static final long FORWARD_MS = FleetPartials.FORWARD_EVERY.toMillis();

    /** One task: its processor, its context and its stores (kept, as a changelog would restore them). */
    private static final class Task {
        final KeyValueStore<String, FleetDevice> devices;
        final KeyValueStore<String, Fleet> partials;
        MockProcessorContext<String, Fleet> context;
        FleetPartials processor;
        final int partition;
        long nowMs = T.toEpochMilli();

        Task(int partition) {
            this.partition = partition;
            devices = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("device-status"), Serdes.String(),
                    FleetTables.DEVICE_SERDE).withLoggingDisabled().build();
            partials = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("fleet-partials"), Serdes.String(),
                    FleetTables.FLEET_SERDE).withLoggingDisabled().build();
            start();
            devices.init(context.getStateStoreContext(), devices);
            partials.init(context.getStateStoreContext(), partials);
            processor.init(context);
        }

        private void start() {
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fleet-partials-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
            context = new MockProcessorContext<>(props, new TaskId(0, partition), new File("target/fleet-partials"));
            context.addStateStore(devices);
            context.addStateStore(partials);
            context.setCurrentSystemTimeMs(nowMs);
            context.setCurrentStreamTimeMs(nowMs);
            processor = new FleetPartials("device-status", "fleet-partials");
        }

        /** The task stops and starts again (a crash, or the task moved): its stores as they were committed. */
        void restart() {
            start();
            processor.init(context);
        }

        void process(String device, DeviceStatusEvent status) {
            processAt(device, status, nowMs);
        }

        void processAt(String device, DeviceStatusEvent status, long timestamp) {
            processor.process(new Record<>(device, status, timestamp));
        }

        void advance(long ms) {
            nowMs += ms;
            context.setCurrentSystemTimeMs(nowMs);
            context.setCurrentStreamTimeMs(nowMs);
            context.scheduledPunctuators().stream().filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME)
                    .forEach(p -> p.getPunctuator().punctuate(nowMs));
        }

        /** What was forwarded since last asked, the latest per key. */
        Map<String, Fleet> forwarded() {
            Map<String, Fleet> latest = new TreeMap<>();
            context.forwarded().forEach(f -> latest.put(f.record().key(), f.record().value()));
            context.resetForwards();
            return latest;
        }
    }

    @Test
    void partialsOfSeveralTasksSumToTheFleetCountedDeviceByDevice() {
        Task[] tasks = new Task[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            tasks[p] = new Task(p);
        }
        Map<String, Fleet> downstream = new HashMap<>(); // what stage 2 keeps: the latest partial per key
        FleetStatuses changes = new FleetStatuses(31, 500);
        java.util.Random clock = new java.util.Random(32);
        for (int i = 1; i <= 8_000; i++) {
            Map.Entry<String, DeviceStatusEvent> change = changes.next();
            Task task = tasks[Utils.toPositive(Utils.murmur2(change.getKey().getBytes())) % PARTITIONS];
            task.process(change.getKey(), change.getValue());
            if (clock.nextInt(30) == 0) {
                task.advance(clock.nextInt(120));
            }
            if (i % 2_000 == 0) {
                for (Task t : tasks) {
                    t.advance(FORWARD_MS);
                }
            }
            for (Task t : tasks) {
                t.forwarded().forEach((key, partial) -> {
                    assertThat(key).endsWith("/" + t.partition);
                    downstream.put(key, partial);
                });
            }
            if (i % 2_000 == 0) {
                assertSums(downstream, changes);
                if (i == 4_000) {
                    for (Task t : tasks) {
                        t.restart(); // and each forwards its partials once more: nothing counts twice
                    }
                }
            }
        }
    }

    @Test
    void forwardsAPartnersPartialAtOnceThenAtMostOncePerIntervalWithItsLatestFigures() {
        Task task = new Task(3);

        task.process("d1", status("d1", "xiaomi", "india", DeviceState.ELIGIBLE, 0));
        assertThat(task.forwarded()).containsOnlyKeys("xiaomi/3");

        task.process("d2", status("d2", "xiaomi", "india", DeviceState.OFFLINE, 1));
        task.process("d2", status("d2", "xiaomi", "india", DeviceState.INELIGIBLE, 2));
        task.process("s1", status("s1", "samsung", "china", DeviceState.OFFLINE, 3));
        assertThat(task.forwarded()).as("samsung first seen, xiaomi held back").containsOnlyKeys("samsung/3");

        task.advance(FORWARD_MS - 1);
        assertThat(task.forwarded()).isEmpty();
        task.advance(1);
        Fleet xiaomi = task.forwarded().get("xiaomi/3");
        assertThat(xiaomi.total()).extracting(c -> c.registered(), c -> c.online(), c -> c.eligible())
                .containsExactly(2L, 2L, 1L);
        task.advance(FORWARD_MS);
        assertThat(task.forwarded()).as("nothing changed").isEmpty();
    }

    @Test
    void forwardsPartialsThatNeverGoBackInTime() {
        Task task = new Task(1);

        task.processAt("d1", status("d1", "xiaomi", "india", DeviceState.ELIGIBLE, 0), T.toEpochMilli() + 5_000);
        task.advance(FORWARD_MS);
        task.processAt("d2", status("d2", "xiaomi", "india", DeviceState.OFFLINE, 1), T.toEpochMilli() + 1_000);
        task.advance(FORWARD_MS);
        task.processAt("d3", status("d3", "xiaomi", "india", DeviceState.OFFLINE, 2), T.toEpochMilli());

        List<Long> timestamps = task.context.forwarded().stream().map(f -> f.record().timestamp()).toList();
        assertThat(timestamps).hasSize(3).isSorted();
    }

    @Test
    void aDeviceChangingRegionOrPartnerOrRemovedMovesOrLeavesItsCount() {
        Task task = new Task(0);
        task.process("d1", status("d1", "xiaomi", "india", DeviceState.ELIGIBLE, 0));
        task.process("d1", status("d1", "xiaomi", "india", DeviceState.ELIGIBLE, 0)); // the same status twice
        task.process("d1", status("d1", "xiaomi", "china", DeviceState.ELIGIBLE, 1));
        task.advance(FORWARD_MS);
        Fleet moved = task.forwarded().get("xiaomi/0");
        assertThat(moved.total().registered()).isEqualTo(1);
        assertThat(moved.regions()).containsOnlyKeys("china");

        task.process("d1", status("d1", "samsung", "china", DeviceState.OFFLINE, 2));
        task.advance(FORWARD_MS);
        Map<String, Fleet> forwarded = task.forwarded();
        assertThat(forwarded.get("xiaomi/0").total().registered()).isZero();
        assertThat(forwarded.get("xiaomi/0").regions()).isEmpty();
        assertThat(forwarded.get("samsung/0").total().registered()).isEqualTo(1);

        task.process("d1", null);
        task.process("ghost", null); // never seen: nothing to do
        task.advance(FORWARD_MS);
        forwarded = task.forwarded();
        assertThat(forwarded).containsOnlyKeys("samsung/0");
        assertThat(forwarded.get("samsung/0").total().registered()).isZero();
        assertThat(forwarded.get("samsung/0").asOf()).as("never goes back").isEqualTo(T.plusSeconds(2));
        assertThat(task.devices.approximateNumEntries()).isZero();
    }

    @Test
    void aTaskThatStartsForwardsWhatItHeldBack() {
        Task task = new Task(2);
        task.process("d1", status("d1", "xiaomi", "india", DeviceState.ELIGIBLE, 0));
        task.process("d2", status("d2", "xiaomi", "india", DeviceState.ELIGIBLE, 1));
        assertThat(task.forwarded().get("xiaomi/2").total().registered()).isEqualTo(1);

        // the task stops with d2 counted in its partial but not yet forwarded
        task.restart();

        task.advance(FORWARD_MS);
        assertThat(task.forwarded().get("xiaomi/2").total().registered()).isEqualTo(2);
    }

    private static void assertSums(Map<String, Fleet> downstream, FleetStatuses changes) {
        Map<String, Fleet> sums = new TreeMap<>();
        downstream.forEach((key, partial) -> sums.merge(FleetPartials.partnerOf(key), partial, Fleet::plus));
        Map<String, Fleet> expected = changes.expected();
        assertThat(sums.keySet()).isEqualTo(expected.keySet());
        expected.forEach((partner, fleet) -> {
            assertThat(FleetStatuses.counts(sums.get(partner))).as(partner).isEqualTo(FleetStatuses.counts(fleet));
            assertThat(sums.get(partner).asOf()).as(partner + " as of").isEqualTo(changes.asOf.get(partner));
        });
    }

    private static DeviceStatusEvent status(String device, String partner, String region, DeviceState state,
                                            int second) {
        Instant at = T.plusSeconds(second);
        return new DeviceStatusEvent("e-" + device + second, at, device, partner, "o-1", region, "Xiaomi 14", 34.0,
                12, null, state, List.of(), at);
    }
}
