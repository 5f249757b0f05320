package io.nhp.contracts.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.nhp.contracts.events.DeviceState;
import io.nhp.contracts.events.DeviceStatusEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FleetTest {

    private static final Instant T = Instant.parse("2026-11-23T05:00:00Z");

    private static DeviceStatusEvent status(String device, Instant at) {
        return new DeviceStatusEvent("e-" + device, at, device, "xiaomi", "o-1", "india", "Xiaomi 14", 45.0, 12, null,
                DeviceState.ELIGIBLE, List.of(), at);
    }

    @Test
    void asOfIsTheLatestStatusCountedEvenWhenStatusesArriveOutOfOrder() {
        Fleet fleet = Fleet.empty().plus(status("d1", T.plusSeconds(10))).plus(status("d2", T));

        assertThat(fleet.asOf()).isEqualTo(T.plusSeconds(10));
        assertThat(fleet.total().eligible()).isEqualTo(2);
        assertThat(fleet.plus(status("d3", T.plusSeconds(20))).asOf()).isEqualTo(T.plusSeconds(20));
    }

    @Test
    void addingAPartThenTakingItAwayLeavesTheCountsAsTheyWere() {
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            Fleet fleet = randomFleet(random, 1 + random.nextInt(40));
            Fleet part = randomFleet(random, random.nextInt(40));

            Fleet back = fleet.plus(part).minus(part);

            assertThat(counts(back)).isEqualTo(counts(fleet));
            assertThat(back.asOf()).as("asOf never goes back")
                    .isEqualTo(part.asOf() != null && part.asOf().isAfter(fleet.asOf()) ? part.asOf() : fleet.asOf());
        }
    }

    @Test
    void theSumOfPartsIsTheFleetCountedDeviceByDevice() {
        Random random = new Random(12);
        for (int i = 0; i < 200; i++) {
            List<DeviceStatusEvent> devices = new ArrayList<>();
            int count = random.nextInt(200);
            for (int d = 0; d < count; d++) {
                devices.add(randomStatus(random, "d" + d));
            }
            int partCount = 1 + random.nextInt(6);
            Fleet[] parts = new Fleet[partCount];
            java.util.Arrays.fill(parts, Fleet.empty());
            Fleet whole = Fleet.empty();
            for (DeviceStatusEvent device : devices) {
                int p = random.nextInt(partCount);
                parts[p] = parts[p].plus(device);
                whole = whole.plus(device);
            }

            Fleet sum = Fleet.empty();
            for (Fleet part : parts) {
                sum = sum.plus(part);
            }

            assertThat(counts(sum)).isEqualTo(counts(whole));
            assertThat(sum.asOf()).isEqualTo(whole.asOf());
            // and a part replaced by its next figures (one device gone) is the whole without that device
            if (!devices.isEmpty()) {
                DeviceStatusEvent gone = devices.get(0);
                Fleet part = Fleet.empty().plus(gone);
                assertThat(counts(sum.minus(part))).isEqualTo(counts(whole.minus(gone)));
            }
        }
    }

    @Test
    void aRegionWhoseDevicesAllLeftIsLeftOutAndTopsStayExact() {
        Fleet india = Fleet.empty().plus(status("d1", T)).plus(status("d2", T.plusSeconds(1)));
        Fleet china = Fleet.empty().plus(new DeviceStatusEvent("e-d3", T, "d3", "xiaomi", "o-1", "china", "Xiaomi 14",
                0.1, 12, null, DeviceState.ELIGIBLE, List.of(), T));

        Fleet both = Fleet.empty().plus(india).plus(china);
        assertThat(both.regions()).containsOnlyKeys("china", "india");
        assertThat(both.total().eligibleTops()).isEqualByComparingTo(new BigDecimal("90.1"));

        Fleet left = both.minus(china);
        assertThat(left.regions()).containsOnlyKeys("india");
        assertThat(left.total()).extracting(FleetCounts::registered, FleetCounts::eligible).containsExactly(2L, 2L);
        assertThat(left.total().eligibleTops()).isEqualByComparingTo(new BigDecimal("90"));
        assertThat(left.asOf()).isEqualTo(T.plusSeconds(1));
        assertThat(both.minus(india).minus(china).regions()).isEmpty();
        assertThat(both.minus(india).minus(china).total().registered()).isZero();
    }

    @Test
    void aDeviceIsSubtractedAsItWasCounted() {
        DeviceStatusEvent status = randomStatus(new Random(4), "d1");
        Fleet fleet = Fleet.empty().plus(status("d2", T)).plus(status);

        assertThat(counts(fleet.minus(FleetDevice.of(status)))).isEqualTo(counts(Fleet.empty().plus(status("d2", T))));
    }

    private static Fleet randomFleet(Random random, int devices) {
        Fleet fleet = Fleet.empty();
        for (int d = 0; d < devices; d++) {
            fleet = fleet.plus(randomStatus(random, "d" + d));
        }
        return fleet;
    }

    static DeviceStatusEvent randomStatus(Random random, String device) {
        String[] regions = {"india", "china", "europe", null};
        Double[] tops = {null, 5.0, 12.25, 34.0, 45.5, 0.1};
        DeviceState state = DeviceState.values()[random.nextInt(DeviceState.values().length)];
        Instant at = T.plusMillis(random.nextInt(100_000));
        return new DeviceStatusEvent("e-" + device, at, device, "xiaomi", "o-1", regions[random.nextInt(regions.length)],
                "Xiaomi 14", tops[random.nextInt(tops.length)], 12, null, state, List.of(), at);
    }

    /** A fleet's counts by region and in total, TOPS compared by value (not scale), without its time. */
    static Map<String, List<Object>> counts(Fleet fleet) {
        Map<String, List<Object>> counts = new TreeMap<>();
        counts.put("(total)", counts(fleet.total()));
        fleet.regions().forEach((region, c) -> counts.put(region, counts(c)));
        return counts;
    }

    private static List<Object> counts(FleetCounts c) {
        return List.of(c.registered(), c.online(), c.eligible(), c.eligibleTops().stripTrailingZeros());
    }
}
